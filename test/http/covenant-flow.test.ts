/**
 * Issue 3 through the web pages with JavaScript off, as people would click it: the instance
 * admin creates three organizations (and registers their delegates' keys) and the alliance;
 * sur's delegate drafts from the starter covenant (linting first); norte's amends a threshold;
 * the diff shows it; norte proposes; each delegate signs the exact text offline with
 * ledger/note.ts (as `daylight note sign` does) and uploads the note — pasted or as a file; a
 * non-party's signature is refused with its reason and changes nothing; the last signature
 * ratifies, shown on the alliance page. Then a renewal: testimonies public and anonymous,
 * re-signing, publication; and a lapse, said loudly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts.js';
import { tick } from '../../src/services/tick.js';
import { parseSignerKey, signNote } from '../../src/ledger/note.js';
import { covenantHash, signatureText } from '../../src/domain/covenant/index.js';
import { renewalSignatureText } from '../../src/domain/renewal.js';
import { snapshot } from '../support/snapshot.js';
import { Browser, PASSWORD, freshSite, type TestSite } from './harness.js';
import { PARTIES, accountWithRole, partyKeys, postMultipart, preText, textareaValue, type Party } from './covenant-site.js';

let site: TestSite;
const keys = partyKeys();
const browsers = {} as Record<Party, Browser>;
let root: Browser;

beforeAll(async () => {
  site = await freshSite();
  await createAccount(site.ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
  root = new Browser(site.app);
  expect((await root.login('root')).status).toBe(303);
});
afterAll(() => site.close());

const sign = (text: string, party: Party | 'oeste') => signNote(text, [parseSignerKey(keys[party].signerKey)]);

describe('a covenant from template to ratification, with JavaScript off', () => {
  it('the instance admin creates the organizations with their delegate keys, and the alliance', async () => {
    for (const p of [...PARTIES, 'oeste'] as const) {
      const res = await root.submit('/orgs/new', '/orgs', {
        slug: p,
        name: `Movimiento ${p}`,
        country: 'cl',
        jurisdiction: '',
        languages: 'es, en',
        timeZone: 'America/Santiago',
        description: `Asambleas en ${p}.`,
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toBe(`/orgs/${p}`);
      const added = await root.submit(`/orgs/${p}`, `/orgs/${p}/keys`, { key: keys[p].verifierKey });
      expect(added.headers.get('Location')).toBe(`/orgs/${p}?done=key-added#keys`);
    }
    const profile = await (await root.get('/orgs/sur')).text();
    expect(profile).toContain(`<code>${keys.sur.verifierKey}</code>`);
    expect(profile).toContain('Chile');

    const created = await root.request('/alliances', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `csrf=${encodeURIComponent(csrfOf(await (await root.get('/alliances/new')).text()))}&slug=tri&name=Alianza+Tri&parties=sur&parties=norte&parties=este`,
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe('/alliances/tri');
    const page = await (await root.get('/alliances/tri')).text();
    for (const p of PARTIES) expect(page).toContain(`<a href="/orgs/${p}"><bdi>Movimiento ${p}</bdi></a>`);
    expect(page).toContain('Forming: no ratified covenant yet');

    for (const p of PARTIES) {
      await accountWithRole(site.ctx, `${p}-delegate`, p, 'delegate');
      browsers[p] = new Browser(site.app);
      expect((await browsers[p].login(`${p}-delegate`)).status).toBe(303);
    }
  });

  it('sur lints the starter covenant without saving, then saves it as version 1', async () => {
    const form = await (await browsers.sur.get('/alliances/tri/covenant/new')).text();
    const yaml = textareaValue(form, 'covenant');
    expect(yaml).toContain('format: daylight-covenant/1');
    expect(yaml).toContain('\r\n'); // as browsers send textareas; the route turns it back into LF
    const before = await snapshot(site.ctx);
    const linted = await postMultipart(browsers.sur, '/alliances/tri/covenant/new', '/alliances/tri/covenant/new', { action: 'lint', author: 'sur', rationale: '', covenant: yaml });
    expect(linted.status).toBe(200);
    expect(await linted.text()).toContain('No findings: every principle names a test with an indicator and a threshold.');
    expect(await snapshot(site.ctx)).toEqual(before);

    const saved = await postMultipart(browsers.sur, '/alliances/tri/covenant/new', '/alliances/tri/covenant/new', {
      action: 'save',
      author: 'sur',
      rationale: 'The essay’s five non-negotiables.',
      covenant: yaml,
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe('/alliances/tri/covenant/versions/1?done=drafted');
    const v1 = await (await browsers.sur.get('/alliances/tri/covenant/versions/1')).text();
    expect(v1).toContain('<strong class="badge draft">Draft</strong>');
    expect(v1).toContain('The essay’s five non-negotiables.');
  });

  it('norte amends the assembly threshold; the diff shows it structured and line by line', async () => {
    const form = await (await browsers.norte.get('/alliances/tri/covenant/new?from=1')).text();
    expect(form).toContain('<input type="hidden" name="basedOn" value="1"/>');
    const yaml = textareaValue(form, 'covenant');
    const amended = yaml.replace(/(- indicator: days-since-assembly\r\n\s+threshold:\r\n\s+comparison: ">"\r\n\s+value: )"365"/, '$1"180"');
    expect(amended).not.toBe(yaml);
    const saved = await postMultipart(browsers.norte, '/alliances/tri/covenant/new?from=1', '/alliances/tri/covenant/new', {
      action: 'save',
      author: 'norte',
      rationale: 'Assemblies twice a year.',
      covenant: amended,
      basedOn: '1',
    });
    expect(saved.headers.get('Location')).toBe('/alliances/tri/covenant/versions/2?done=drafted');

    const diff = await (await browsers.norte.get('/alliances/tri/covenant/diff?a=1&b=2')).text();
    expect(diff).toMatch(/Threshold of \u2068days-since-assembly\u2069 \(principle \u2068pluralism-internal-democracy\u2069\): \u2068365\u2069 → \u2068180\u2069/);
    expect(diff).toMatch(/<del>-\s+value: &quot;365&quot;\n<\/del><ins>\+\s+value: &quot;180&quot;\n<\/ins>/);
    expect(diff.match(/<(ins|del)>/g)).toHaveLength(2);
  });

  it('norte proposes version 2: archived with JSON, Markdown and PDF', async () => {
    const res = await browsers.norte.submit('/alliances/tri/covenant/versions/2', '/alliances/tri/covenant/versions/2/propose', {});
    expect(res.headers.get('Location')).toBe('/alliances/tri/covenant/versions/2?done=proposed');
    const page = await (await browsers.norte.get('/alliances/tri/covenant/versions/2?done=proposed')).text();
    expect(page).toContain('The version is proposed.');
    expect(page).toContain('<strong class="badge proposed">Proposed: awaiting signatures</strong>');
    for (const type of ['application/json', 'text/markdown; charset=utf-8', 'application/pdf']) expect(page).toContain(`<code class="detail">${type}</code>`);
    const pdf = /<a href="(\/archive\/doc\/sha256\/[0-9a-f]{64})"><bdi>tri-v2\.pdf<\/bdi><\/a>/.exec(page);
    expect(pdf).not.toBeNull();
    const doc = await site.app.request(pdf![1]!);
    expect(doc.status).toBe(200);
    expect(Buffer.from(await doc.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const json = await site.app.request('/alliances/tri/covenant/versions/2/covenant.json');
    expect(json.headers.get('Content-Disposition')).toBe('attachment; filename="tri-v2.json"');
    // the in-app list of reminders: each delegate's account page says its party owes a signature
    const owed = await (await browsers.este.get('/account')).text();
    expect(owed).toContain('Signature owed:');
    expect(owed).toContain('<a href="/alliances/tri">');
  });

  let text = '';
  it('the signing page shows the exact note text, also as a file to sign offline', async () => {
    const page = await (await browsers.sur.get('/alliances/tri/covenant/versions/2/sign')).text();
    text = preText(page, 'note-text');
    const v = await site.ctx.db.selectFrom('covenant_version').select('sha256').where('number', '=', 2).executeTakeFirstOrThrow();
    expect(text).toBe(signatureText({ alliance: 'tri', version: 2, sha256: v.sha256 }));
    expect(await (await site.app.request('/alliances/tri/covenant/versions/2/note.txt')).text()).toBe(text);
    expect(page).toContain('daylight note sign --key FILE note.txt &gt; signed.txt');
    expect(page).toContain('<section id="sign-here" hidden=""');
    expect(page).toContain('<script type="module" src="/static/sign.js"></script>');
  });

  it('refuses a non-party’s signature with its reason, changing nothing', async () => {
    const before = await snapshot(site.ctx);
    const res = await postMultipart(browsers.sur, '/alliances/tri/covenant/versions/2/sign', '/alliances/tri/covenant/versions/2/sign', { note: sign(text, 'oeste') });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('This was not accepted, and nothing was changed.');
    expect(html).toContain('<p lang="en" dir="ltr">oeste is not a party to version 2 of tri: only este, norte, sur sign it</p>');
    expect(textareaValue(html, 'note').replace(/\r\n/g, '\n')).toBe(sign(text, 'oeste'));
    expect(await snapshot(site.ctx)).toEqual(before);
  });

  it('takes sur’s pasted note and norte’s note as a file; este’s ratifies', async () => {
    const sur = await postMultipart(browsers.sur, '/alliances/tri/covenant/versions/2/sign', '/alliances/tri/covenant/versions/2/sign', {
      note: sign(text, 'sur').replace(/\n/g, '\r\n'),
    });
    expect(sur.headers.get('Location')).toBe('/alliances/tri/covenant/versions/2?done=signed#signatures');
    const norte = await postMultipart(browsers.norte, '/alliances/tri/covenant/versions/2/sign', '/alliances/tri/covenant/versions/2/sign', {
      note: '',
      noteFile: new File([sign(text, 'norte')], 'signed.txt', { type: 'text/plain' }),
    });
    expect(norte.headers.get('Location')).toBe('/alliances/tri/covenant/versions/2?done=signed#signatures');
    const v2 = await (await browsers.este.get('/alliances/tri/covenant/versions/2')).text();
    expect(v2.match(/<strong class="badge verified">Verified<\/strong>/g)).toHaveLength(2);
    expect(v2).toContain('Waiting for 1 party: \u2068este\u2069.');

    const este = await postMultipart(browsers.este, '/alliances/tri/covenant/versions/2/sign', '/alliances/tri/covenant/versions/2/sign', { note: sign(text, 'este') });
    expect(este.headers.get('Location')).toBe('/alliances/tri?done=ratified');
    const page = await (await browsers.este.get('/alliances/tri?done=ratified')).text();
    expect(page).toContain('the covenant is ratified and published in the archive');
    expect(page).toContain('<strong class="badge active">Active</strong>');
    expect(page).toContain('Version 2, ratified');
    expect(page).toMatch(/<div class="covenant-text"><article class="covenant" lang="en" dir="ltr">/);
    expect(page).toContain('Version 2 ratified');
    const again = await (await site.app.request('/alliances/tri?lang=es')).text();
    expect(again).toMatch(/<article class="covenant" lang="es" dir="ltr">\n<h1><span lang="es" dir="ltr">Pacto de solidaridad<\/span><\/h1>/);
  });

  it('a renewal: opened by a party, testimonies public and anonymous, re-signed, published', async () => {
    const opened = await browsers.sur.submit('/alliances/tri', '/alliances/tri/renewals', {});
    expect(opened.headers.get('Location')).toBe('/alliances/tri/renewals/1');
    const page = await (await browsers.sur.get('/alliances/tri/renewals/1')).text();
    const rtext = preText(page, 'note-text');
    const sha256 = covenantHash((await import('../../src/services/covenants.js')).storedCovenant(
      (await site.ctx.db.selectFrom('covenant_version').select('body').where('number', '=', 2).executeTakeFirstOrThrow()).body,
    ));
    expect(rtext).toBe(renewalSignatureText({ alliance: 'tri', version: 2, renewal: 1, sha256 }));

    const pub = await browsers.sur.submit('/alliances/tri/renewals/1', '/alliances/tri/renewals/1/testimony', {
      text: 'The assemblies happened.\r\nTwice.',
      pseudonym: 'Rosa del Sur',
      lang: 'en',
    });
    expect(pub.headers.get('Location')).toBe('/alliances/tri/renewals/1?done=testified');
    // a grassroots member with no account at all testifies anonymously, through the same form
    const anon = await new Browser(site.app).submit('/alliances/tri/renewals/1', '/alliances/tri/renewals/1/testimony', {
      text: 'Nobody asked us.',
      pseudonym: 'Typed But Anonymous',
      anonymous: '1',
      lang: '',
    });
    expect(anon.status).toBe(303);
    const stored = await site.ctx.db.selectFrom('testimony').select(['pseudonym', 'lang', 'text']).orderBy('id').execute();
    expect(stored).toEqual([
      { pseudonym: 'Rosa del Sur', lang: 'en', text: 'The assemblies happened.\nTwice.' },
      { pseudonym: null, lang: null, text: 'Nobody asked us.' },
    ]);
    const held = await (await browsers.este.get('/alliances/tri/renewals/1')).text();
    expect(held).toContain('Testimonies are held back until every party has re-signed');
    expect(held).not.toContain('Nobody asked us.');

    for (const p of PARTIES) {
      const res = await postMultipart(browsers[p], '/alliances/tri/renewals/1', '/alliances/tri/renewals/1/sign', { note: sign(rtext, p) });
      expect(res.headers.get('Location')).toBe(`/alliances/tri/renewals/1?done=${p === 'este' ? 'published' : 'signed'}`);
    }
    const done = await (await browsers.este.get('/alliances/tri/renewals/1')).text();
    expect(done).toContain('<strong class="badge published">Completed and published</strong>');
    expect(done).toContain('<figcaption>— <bdi>Rosa del Sur</bdi></figcaption>');
    expect(done).toContain('<figcaption>— Anonymous</figcaption>');
    expect(done).toContain('Nobody asked us.');
    expect(done).not.toContain('Typed But Anonymous');
  });

  it('a renewal missed past its grace: LAPSED, first and loudly', async () => {
    await browsers.sur.submit('/alliances/tri', '/alliances/tri/renewals', {});
    const r = await site.ctx.db.selectFrom('renewal').select('lapses_at').where('number', '=', 2).executeTakeFirstOrThrow();
    await tick({ ...site.ctx, now: () => new Date(new Date(r.lapses_at).getTime() + 1000) });
    for (const lang of ['en', 'ar'] as const) {
      const page = await (await site.app.request(`/alliances/tri?lang=${lang}`)).text();
      const main = page.slice(page.indexOf('<main'));
      expect(main.indexOf('<div class="lapsed" role="alert">')).toBeLessThan(main.indexOf('<h2'));
      expect(page).toContain(lang === 'en' ? 'LAPSED: this alliance’s covenant is no longer in force.' : 'منقضٍ: ميثاق هذا التحالف لم يعد ساريًا.');
    }
    const renewal = await (await browsers.sur.get('/alliances/tri/renewals/2')).text();
    expect(renewal).toContain('<strong class="badge lapsed">LAPSED</strong>');
    expect(renewal).toContain('Not re-signed by: \u2068este, norte, sur\u2069.');
  });
});

function csrfOf(html: string): string {
  return /<input type="hidden" name="csrf" value="([^"]+)"/.exec(html)![1]!;
}
