/**
 * The demo alliance (issue 6 §2): what `daylight serve --demo` loads so that a newcomer sees a
 * living alliance before creating a real one. Three organizations in three countries and
 * languages, the starter covenant in five languages ratified by all three, two completed lunar
 * audits with scorecards and grassroots feedback, one party in a corrective window after its
 * executive shrank, support flows to the people and to a leadership, local actions, and a
 * published lesson. Everything goes through the services, as a user's actions would, with the
 * clock moved through the last five moons; so the archive holds a real, verifiable history.
 *
 * Everything here is invented. Members have pseudonyms and no real names or contacts at all,
 * and the delegates' signing keys are made, used and forgotten: nobody can sign for a demo party.
 */
import type { Ctx } from '../services/context.js';
import { createOrganization, addOrganizationKey } from '../services/organizations.js';
import { addMember } from '../services/members.js';
import { createAlliance } from '../services/alliances.js';
import { draftCovenant, proposeCovenant } from '../services/covenants.js';
import { signingSubject, submitSignature } from '../services/signatures.js';
import { openCycle } from '../services/cycles.js';
import { finalizeScorecard, rateScorecard } from '../services/scorecards.js';
import { feedbackChallenge, submitFeedback } from '../services/feedback.js';
import { recordObservation } from '../services/observations.js';
import { castVote, proposeDecision, recordBenchmark } from '../services/decisions.js';
import { makeCommitment, recordTransaction } from '../services/support.js';
import { recordLocalAction } from '../services/local-actions.js';
import { draftLesson, editLesson, publishLesson } from '../services/lessons.js';
import { generateKey, parseSignerKey, signNote } from '../ledger/note.js';
import { formatCovenant, starterCovenant } from '../domain/covenant/index.js';
import { solveWork } from '../domain/feedback.js';
import { cycles as lunarCycles } from '../domain/audit/index.js';

const LOCAL = { kind: 'local' } as const;
const DAY = 86_400_000;
export const DEMO_ALLIANCE = 'demo';

interface DemoParty {
  slug: string;
  name: string;
  country: string;
  languages: string[];
  timeZone: string;
  lang: 'es' | 'fr' | 'ar';
  description: string;
}

export const DEMO_PARTIES: readonly DemoParty[] = [
  {
    slug: 'sindicato-sur',
    name: 'Sindicato de Trabajadoras del Sur',
    country: 'AR',
    languages: ['es'],
    timeZone: 'America/Argentina/Buenos_Aires',
    lang: 'es',
    description: 'Sindicato de base de trabajadoras textiles y de cuidados (organización de demostración).',
  },
  {
    slug: 'union-du-fleuve',
    name: 'Union des travailleurs du fleuve',
    country: 'SN',
    languages: ['fr', 'wo'],
    timeZone: 'Africa/Dakar',
    lang: 'fr',
    description: 'Union de pêcheurs et de dockers du fleuve (organisation de démonstration).',
  },
  {
    slug: 'harakat-al-karama',
    name: 'حركة الكرامة',
    country: 'TN',
    languages: ['ar', 'fr'],
    timeZone: 'Africa/Tunis',
    lang: 'ar',
    description: 'حركة شبابية من أجل العمل والكرامة (منظمة تجريبية).',
  },
];

const PSEUDONYMS = ['alder', 'birch', 'cedar', 'dogwood', 'elm', 'fir'];

const NOTES: Record<DemoParty['lang'], string[]> = {
  es: ['Las asambleas se reunieron y publicaron actas.', 'Falta rendir cuentas de un gasto.', 'Trato respetuoso con las compañeras migrantes.'],
  fr: ['Les assemblées se sont tenues, comptes rendus publiés.', 'Une dépense reste sans justificatif.', 'Dialogue ouvert avec les sections locales.'],
  ar: ['انعقدت الجمعيات ونُشرت محاضرها.', 'مصروف واحد بلا وثائق بعد.', 'حوار مفتوح مع الفروع المحلية.'],
};

const FEEDBACK: { lang: DemoParty['lang']; text: string; pseudonym: string | null }[] = [
  { lang: 'es', text: 'En nuestro barrio vimos la asamblea abierta: el puntaje es justo.', pseudonym: 'vecina del sur' },
  { lang: 'fr', text: 'La section de Podor n’a pas été consultée ce mois-ci.', pseudonym: null },
  { lang: 'ar', text: 'شاركنا في الاجتماع وكان النقاش حرًا.', pseudonym: 'طالبة' },
];

/**
 * Loads the demo into an empty instance. `ctx.now` must be a clock this function may move
 * (`setClock`): the history is laid down over the last five moons, ending at `now`.
 */
export async function seedDemo(ctx: Ctx, setClock: (d: Date) => void, now: Date): Promise<{ alliance: string }> {
  const start = new Date(now.getTime() - 160 * DAY);
  // The story is laid on real new moons: the trip falls in the last moon that began at least 12
  // days ago, the two audits in the two moons before it, the first roster in the moon before those.
  const moons = lunarCycles({ rhythm: 'lunar', from: start, to: now });
  const t = moons.findLastIndex((c) => Date.parse(c.start) + 12 * DAY < now.getTime());
  if (t < 3) throw new Error('the demo needs three moons before the trip'); // 160 days always hold them
  const dayOf = (k: number, plus: number) => (Date.parse(moons[t - k]!.start) - start.getTime()) / DAY + plus;
  const at = (days: number) => {
    const d = new Date(start.getTime() + days * DAY);
    setClock(d);
    return d;
  };
  const date = (d: Date) => d.toISOString().slice(0, 10);
  const slugs = DEMO_PARTIES.map((p) => p.slug);

  // Organizations, delegates' keys (made and forgotten), members by pseudonym only.
  at(0);
  const keys = new Map<string, string>();
  for (const p of DEMO_PARTIES) {
    const k = generateKey(`${p.slug}.demo/delegate`);
    keys.set(p.slug, k.signerKey);
    await createOrganization(ctx, LOCAL, { slug: p.slug, name: p.name, country: p.country, languages: p.languages, timeZone: p.timeZone, description: p.description });
    await addOrganizationKey(ctx, LOCAL, p.slug, k.verifierKey);
    for (const [i, name] of PSEUDONYMS.entries())
      await addMember(ctx, LOCAL, { organization: p.slug, pseudonym: `${p.slug.split('-')[0]}-${name}`, officeholder: i < 2, triadEligible: true });
  }

  // The alliance and its covenant, in five languages, signed by all three.
  await createAlliance(ctx, LOCAL, { slug: DEMO_ALLIANCE, name: 'Alianza del Sur y del Río · Alliance du Sud et du Fleuve', parties: slugs });
  const covenant = starterCovenant({ parties: slugs, currency: 'EUR', amount: '10000.00' });
  await draftCovenant(ctx, LOCAL, { alliance: DEMO_ALLIANCE, author: slugs[0]!, rationale: 'From the starter covenant, read aloud in three assemblies.', source: { text: formatCovenant(covenant, 'yaml'), format: 'yaml' } });
  at(1);
  await proposeCovenant(ctx, LOCAL, { alliance: DEMO_ALLIANCE, version: 1 });
  at(2);
  const subject = await signingSubject(ctx, DEMO_ALLIANCE, 1);
  for (const p of slugs) await submitSignature(ctx, LOCAL, { alliance: DEMO_ALLIANCE, note: signNote(subject.text, [parseSignerKey(keys.get(p)!)]) });
  keys.clear();

  // Support, recorded as it is given.
  at(3);
  const c = async (from: string, to: string, form: string, recipient: 'people' | 'leadership', description: string, money?: { amount: string; currency: string }) =>
    (await makeCommitment(ctx, LOCAL, { alliance: DEMO_ALLIANCE, from, to, form, recipient, description, ...(money ?? {}), startsOn: date(at(3)) })).id;
  const [sur, fleuve, karama] = slugs as [string, string, string];
  await c(sur, fleuve, 'endorsement', 'leadership', 'Public endorsement of the union’s leadership at the regional congress');
  const aid = await c(sur, fleuve, 'humanitarian-aid', 'people', 'Medicines and food for fishing families after the flood', { amount: '4000.00', currency: 'EUR' });
  const funds = await c(karama, fleuve, 'funds', 'leadership', 'Contribution to the union’s strike fund', { amount: '2500.00', currency: 'EUR' });
  await c(fleuve, karama, 'cultural-exchange', 'people', 'Music and theatre tour in the Tunisian south');
  await c(karama, sur, 'grassroots-partnership', 'people', 'Twinning of two neighbourhood assemblies');
  at(10);
  await recordTransaction(ctx, LOCAL, { alliance: DEMO_ALLIANCE, commitment: aid, occurredOn: date(at(10)), amount: '1500.00', currency: 'EUR', sourceDisclosed: true, source: 'Members’ solidarity collection', receipt: true });
  await recordTransaction(ctx, LOCAL, { alliance: DEMO_ALLIANCE, commitment: funds, occurredOn: date(at(10)), amount: '2500.00', currency: 'EUR', sourceDisclosed: true, source: 'Dues of the Sfax section', receipt: false });

  // Observations over the moons: the union's executive shrinks cycle after cycle.
  const observe = (party: string, indicator: string, day: number, value: string, source: string) =>
    recordObservation(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party, indicator, at: date(at(day)), value, source }, 'cli');
  for (const p of slugs) {
    await observe(p, 'accounts-published', 4, 'true', 'Published accounts');
    await observe(p, 'days-since-assembly', 4, date(new Date(start.getTime() - 10 * DAY)), 'Minutes of the last assembly');
  }
  await observe(fleuve, 'executive-authority-holders', dayOf(3, 5), '6', 'Statutes and the executive’s roster');
  await observe(sur, 'executive-authority-holders', dayOf(3, 5), '5', 'Statutes');
  await observe(karama, 'executive-authority-holders', dayOf(3, 5), '9', 'Coordination roster');

  // Two completed lunar audits, with scorecards and feedback.
  for (const [k, day] of [dayOf(2, 1), dayOf(1, 1)].entries()) {
    at(day);
    const cycle = await openCycle(ctx, LOCAL, { alliance: DEMO_ALLIANCE, sources: [`${(k + 1) * 7} ${(k + 2) * 11} ${(k + 3) * 13}`] });
    await observe(fleuve, 'executive-authority-holders', day + 1, k === 0 ? '5' : '4', 'Executive roster after resignations');
    for (const a of cycle.assignments) {
      const triad = cycle.triads.find((t) => t.party === a.reviewer)!;
      const lang = DEMO_PARTIES.find((p) => p.slug === a.reviewer)!.lang;
      for (const [i, as] of triad.members.entries()) {
        const concern = a.reviewee === fleuve && k === 1 ? 1 : 0;
        const ratings = cycle.dimensions.map((d, j) => ({ dimension: d, score: Math.max(0, 3 - concern - ((i + j) % 2)), note: NOTES[lang][(i + j) % 3]! }));
        at(day + 2 + i);
        await rateScorecard(ctx, LOCAL, { alliance: DEMO_ALLIANCE, cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee, as, ratings });
      }
      at(day + 6);
      await finalizeScorecard(ctx, LOCAL, { alliance: DEMO_ALLIANCE, cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee, as: triad.members[0]!, lang });
    }
    at(day + 8);
    for (const [i, f] of FEEDBACK.entries()) {
      const reviewer = slugs[i]!;
      const key = { alliance: DEMO_ALLIANCE, cycle: cycle.n, reviewer, reviewee: fleuve };
      const ch = await feedbackChallenge(ctx, key);
      await submitFeedback(ctx, { ...key, challenge: ch.challenge, nonce: solveWork(ch.challenge, ch.bits), text: f.text, pseudonym: f.pseudonym });
    }
  }

  // Local actions at home, each mirroring support abroad.
  await recordLocalAction(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: sur, occurredOn: date(at(dayOf(1, 15))), what: 'Open assembly on care workers’ wages in our own city', mirrors: aid });
  await recordLocalAction(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: karama, occurredOn: date(at(dayOf(1, 17))), what: 'Sit-in for unemployed graduates in Gafsa', mirrors: funds });
  await recordLocalAction(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: sur, occurredOn: date(at(dayOf(0, 9))), what: 'Flood-relief collection in our own neighbourhoods', mirrors: aid });

  // The trip: the executive falls below three. The corrective phase opens by itself.
  await observe(fleuve, 'executive-authority-holders', dayOf(0, 1), '2', 'Executive roster: two remain after the congress');
  at(dayOf(0, 2));
  const proposal = await proposeDecision(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: fleuve, decision: 'warn', by: sur });
  at(dayOf(0, 3));
  await castVote(ctx, LOCAL, { alliance: DEMO_ALLIANCE, proposal: proposal.proposal, party: sur, choice: 'for' });
  at(dayOf(0, 4));
  await castVote(ctx, LOCAL, { alliance: DEMO_ALLIANCE, proposal: proposal.proposal, party: karama, choice: 'for' });
  at(dayOf(0, 8));
  await recordBenchmark(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: fleuve, benchmark: 'investigation-published', evidence: 'Report of the independent commission (demo).' });

  // A lesson drafted on demand from the record, with the authors' analysis, published.
  at(dayOf(0, 10));
  const lesson = await draftLesson(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: fleuve, title: 'The executive that shrank: what the record showed before the trip' });
  await editLesson(ctx, LOCAL, {
    alliance: DEMO_ALLIANCE,
    lesson: lesson.lesson,
    analysis:
      'The roster went from six to five to four over two moons before it fell to two. Each step was recorded and none crossed a line on its own, ' +
      'and the scorecards of the second moon rated the union a concern on accountability. We now review any indicator that moves toward its ' +
      'threshold two moons running, at the next assembly, without waiting for it to trip.',
  });
  await publishLesson(ctx, LOCAL, { alliance: DEMO_ALLIANCE, lesson: lesson.lesson });

  setClock(now);
  return { alliance: DEMO_ALLIANCE };
}
