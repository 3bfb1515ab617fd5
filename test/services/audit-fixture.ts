/**
 * An alliance ready for audits, made through the services as a user would: organizations with
 * delegate keys (ledger/note.ts generateKey), members with real names, contacts and pseudonyms,
 * the alliance, the starter covenant drafted, proposed, signed by every party and ratified.
 * Real names and contacts are listed in privateValues() so tests can scan for them.
 */
import { addMember } from '../../src/services/members.js';
import { addOrganizationKey, createOrganization } from '../../src/services/organizations.js';
import { createAlliance } from '../../src/services/alliances.js';
import { draftCovenant, proposeCovenant } from '../../src/services/covenants.js';
import { signingSubject, submitSignature } from '../../src/services/signatures.js';
import { generateKey, parseSignerKey, signNote } from '../../src/ledger/note.js';
import { formatCovenant, starterCovenant, type Covenant, type SupportedLanguage } from '../../src/domain/covenant/index.js';
import type { Ctx } from '../../src/services/context.js';

const LOCAL = { kind: 'local' } as const;

export interface MemberSpec {
  pseudonym: string;
  realName: string;
  contact: string;
  officeholder?: boolean;
  eligible?: boolean;
}

/** Six members per party: two officeholders (the quota allows one per triad), one not eligible. */
export function membersOf(party: string): MemberSpec[] {
  const first = ['Amaranta Quispe', 'Bautista Ñuñez', 'Chiara Oyelaran', 'Dmitri Łukasik', 'Esperanza Mbeki', 'Farouk Haddad'];
  return first.map((realName, i) => ({
    pseudonym: `${party}-${['alder', 'birch', 'cedar', 'dogwood', 'elm', 'fir'][i]}`,
    realName: `${realName} ${party.toUpperCase()}`,
    contact: `+54 11 ${party.length}${i}55-0${i}9${i} / ${party}.${i}@private.example`,
    officeholder: i < 2,
    eligible: i !== 5,
  }));
}

export function privateValues(parties: readonly string[]): string[] {
  return parties.flatMap((p) => membersOf(p).flatMap((m) => [m.realName, m.contact]));
}

export interface AuditAllianceOptions {
  alliance?: string;
  parties?: readonly string[];
  members?: (party: string) => MemberSpec[];
  languages?: readonly SupportedLanguage[];
  /** changes to the starter covenant before it is drafted (a shorter window, another rule…) */
  covenant?: (c: Covenant) => Covenant;
}

/** Creates and ratifies; returns the parties' delegate keys. */
export async function auditAlliance(ctx: Ctx, opts: AuditAllianceOptions = {}): Promise<{ alliance: string; parties: string[] }> {
  const alliance = opts.alliance ?? 'tri';
  const parties = [...(opts.parties ?? ['sur', 'norte', 'este'])];
  const members = opts.members ?? membersOf;
  const keys = new Map<string, string>();
  for (const p of parties) {
    const k = generateKey(`${p}.example/delegate`);
    keys.set(p, k.signerKey);
    await createOrganization(ctx, LOCAL, { slug: p, name: `Movimiento ${p}`, country: 'AR', languages: ['es', 'en'], timeZone: 'America/Argentina/Buenos_Aires' });
    await addOrganizationKey(ctx, LOCAL, p, k.verifierKey);
    for (const m of members(p)) {
      await addMember(ctx, LOCAL, {
        organization: p,
        pseudonym: m.pseudonym,
        realName: m.realName,
        contact: m.contact,
        officeholder: m.officeholder === true,
        triadEligible: m.eligible !== false,
      });
    }
  }
  await createAlliance(ctx, LOCAL, { slug: alliance, name: `Alianza ${alliance}`, parties });
  const starter = starterCovenant({ parties, ...(opts.languages ? { languages: opts.languages } : {}) });
  const covenant = opts.covenant ? opts.covenant(starter) : starter;
  await draftCovenant(ctx, LOCAL, { alliance, author: parties[0]!, rationale: 'From the template.', source: { text: formatCovenant(covenant, 'yaml'), format: 'yaml' } });
  await proposeCovenant(ctx, LOCAL, { alliance, version: 1 });
  const s = await signingSubject(ctx, alliance, 1);
  for (const p of parties) await submitSignature(ctx, LOCAL, { alliance, note: signNote(s.text, [parseSignerKey(keys.get(p)!)]) });
  return { alliance, parties };
}
