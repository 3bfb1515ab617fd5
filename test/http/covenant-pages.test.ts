/**
 * The covenant pages on a real instance (SQLite, real keys, real signatures): every page renders
 * in English and Arabic (rtl) with no missing message and nothing inline but the one enhancement
 * script by src; each stays light; every form refuses a request without its CSRF token and
 * changes nothing; hostile text in names, covenant, rationale and testimony comes out escaped;
 * members' real names and contacts appear on their organization's admins' page and nowhere else;
 * a covenant that does not parse comes back with every problem tied to the field.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCALES, dir } from '../../src/i18n/index.js';
import { createAccount } from '../../src/services/accounts.js';
import { createAlliance } from '../../src/services/alliances.js';
import { draftCovenant, proposeCovenant } from '../../src/services/covenants.js';
import { addMember } from '../../src/services/members.js';
import { addOrganizationKey, createOrganization } from '../../src/services/organizations.js';
import { addTestimony, openRenewal, renewalSigningSubject, submitRenewalSignature } from '../../src/services/renewals.js';
import { signingSubject, submitSignature } from '../../src/services/signatures.js';
import { formatCovenant, starterCovenant, type Covenant } from '../../src/domain/covenant/index.js';
import { parseSignerKey, signNote } from '../../src/ledger/note.js';
import { snapshot } from '../support/snapshot.js';
import { Browser, PASSWORD, freshSite, type TestSite } from './harness.js';
import { PARTIES, accountWithRole, partyKeys, postMultipart, scripts, textareaValue, type Party } from './covenant-site.js';

const LOCAL = { kind: 'local' } as const;
const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;';
const REAL_NAME = 'Ana Secreta Realname';
const CONTACT = 'ana.private@example.org';

let site: TestSite;
const keys = partyKeys();
const users = {} as Record<'root' | 'sur-admin' | 'sur-delegate' | 'outsider', Browser>;
const yaml = (c: Covenant) => ({ text: formatCovenant(c, 'yaml'), format: 'yaml' as const });
const sign = (text: string, p: Party) => signNote(text, [parseSignerKey(keys[p].signerKey)]);

beforeAll(async () => {
  site = await freshSite();
  const { ctx } = site;
  for (const p of PARTIES) {
    await createOrganization(ctx, LOCAL, { slug: p, name: `Movimiento ${p}`, country: 'AR', languages: ['es'], timeZone: 'America/Argentina/Buenos_Aires', description: HOSTILE });
    await addOrganizationKey(ctx, LOCAL, p, keys[p].verifierKey);
  }
  await createOrganization(ctx, LOCAL, { slug: 'evil', name: HOSTILE, country: 'FR', languages: ['fr'], timeZone: 'Europe/Paris', jurisdiction: HOSTILE });
  await addMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'Rosa', realName: REAL_NAME, contact: `${CONTACT}\n+54 11 5555 0101`, officeholder: true });
  await createAlliance(ctx, LOCAL, { slug: 'tri', name: `Alianza ${HOSTILE}`, parties: [...PARTIES] });

  const template = starterCovenant({ parties: [...PARTIES] });
  template.horizon.text.en = `${HOSTILE} ${template.horizon.text.en}`;
  await draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'sur', rationale: `Because ${HOSTILE}`, source: yaml(template) });
  const amended = structuredClone(template);
  amended.principles[0]!.tests[0]!.threshold = { comparison: '>', value: '180' };
  await draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'norte', rationale: 'Twice a year.', source: yaml(amended), basedOn: 1 });
  await proposeCovenant(ctx, LOCAL, { alliance: 'tri', version: 2 });
  const { text } = await signingSubject(ctx, 'tri', 2);
  for (const p of PARTIES) await submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(text, p) });
  const poetry = structuredClone(amended);
  poetry.principles[0]!.tests = [];
  await draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'este', rationale: 'Less procedure.', source: yaml(poetry), basedOn: 2 });

  await openRenewal(ctx, LOCAL, { alliance: 'tri' });
  await addTestimony(ctx, LOCAL, { alliance: 'tri', text: `We saw ${HOSTILE}`, pseudonym: `Testigo ${HOSTILE}` });
  await addTestimony(ctx, LOCAL, { alliance: 'tri', text: 'Quietly, it worked.', pseudonym: null });
  const r1 = await renewalSigningSubject(ctx, 'tri');
  for (const p of PARTIES) await submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(r1.text, p) });
  await openRenewal(ctx, LOCAL, { alliance: 'tri' });

  await createAccount(ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
  await accountWithRole(ctx, 'sur-admin', 'sur', 'admin');
  await accountWithRole(ctx, 'sur-delegate', 'sur', 'delegate');
  await createAccount(ctx, { username: 'outsider', password: PASSWORD });
  for (const name of ['root', 'sur-admin', 'sur-delegate', 'outsider'] as const) {
    users[name] = new Browser(site.app);
    expect((await users[name].login(name)).status).toBe(303);
  }
});
afterAll(() => site.close());
afterEach(() => vi.restoreAllMocks());

const PUBLIC = [
  '/orgs',
  '/orgs/sur',
  '/orgs/evil',
  '/alliances',
  '/alliances/tri',
  '/alliances/tri/covenant/versions/1',
  '/alliances/tri/covenant/versions/2',
  '/alliances/tri/covenant/versions/3',
  '/alliances/tri/covenant/versions/2/sign',
  '/alliances/tri/covenant/diff?a=1&b=2',
  '/alliances/tri/renewals/1',
  '/alliances/tri/renewals/2',
];
const SIGNED_IN: [keyof typeof users, string][] = [
  ['root', '/orgs/new'],
  ['root', '/alliances/new'],
  ['root', '/orgs/sur'],
  ['sur-delegate', '/alliances/tri'],
  ['sur-delegate', '/alliances/tri/covenant/versions/3'],
  ['sur-delegate', '/alliances/tri/covenant/new'],
  ['sur-delegate', '/alliances/tri/covenant/new?from=2'],
  ['sur-delegate', '/alliances/tri/renewals/2'],
  ['sur-admin', '/orgs/sur'],
  ['sur-admin', '/orgs/sur/members'],
];
/** Every page as someone may see it: signed out, and as each signed-in reader above. */
const VIEWS: [Browser | null, string][] = [];
beforeAll(() => {
  VIEWS.push(...PUBLIC.map((p) => [null, p] as [null, string]), ...SIGNED_IN.map(([u, p]) => [users[u], p] as [Browser, string]));
});

const withLang = (path: string, lang: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
const fetchPage = async (b: Browser | null, path: string) => (b ? b.get(path) : site.app.request(path));

describe('every covenant page', () => {
  it('renders in English and Arabic (rtl) with every message, nothing inline, and only our own module scripts by src', async () => {
    const errors = vi.spyOn(console, 'error');
    for (const lang of ['en', 'ar'] as const) {
      for (const [b, path] of VIEWS) {
        const res = await fetchPage(b, withLang(path, lang));
        expect(res.status, `${path} ${lang}`).toBe(200);
        const html = await res.text();
        expect(html, path).toMatch(new RegExp(`^<!doctype html><html lang="${lang}" dir="${dir(lang)}">`));
        expect(html, path).not.toMatch(/<style|<[a-z][^>]*\s(style|on[a-z]+)=/i);
        // in-browser signing, and on an organization's page the key made in the browser (static/keygen.js)
        for (const s of scripts(html)) expect(s, path).toMatch(/^<script type="module" src="\/static\/(sign|keygen)\.js">$/);
        expect(html, path).not.toMatch(/\b(org|alliance|covenant|renewal)\.[a-z]+\.[a-zA-Z]+\b(?![\w/-])/);
        for (const m of html.matchAll(/<(input|textarea|select) id="([^"]+)"/g)) expect(html, `${path} #${m[2]}`).toContain(`for="${m[2]}"`);
      }
    }
    expect(errors.mock.calls.filter((c) => String(c[0]).startsWith('i18n'))).toEqual([]);
    for (const b of Object.values(users)) await b.get('/?lang=en'); // ?lang sticks in a cookie
  });

  it('renders in every other language too', async () => {
    for (const lang of LOCALES) {
      const html = await (await site.app.request(withLang('/alliances/tri', lang))).text();
      expect(html).toContain(`<html lang="${lang}" dir="${dir(lang)}">`);
    }
  });

  it('stays light: each page with its stylesheet (and script) under 30 KB compressed', async () => {
    const css = await (await site.app.request('/static/daylight.css')).text();
    const js = await (await site.app.request('/static/sign.js')).text();
    for (const [b, path] of VIEWS) {
      const html = await (await fetchPage(b, path)).text();
      const weight = gzipSync(html + css + (html.includes('sign.js') ? js : '')).length;
      expect(weight, path).toBeLessThan(30_000);
    }
  });

  it('shows hostile text as text: names, descriptions, covenant, rationale, testimony', async () => {
    const seen = new Set<string>();
    for (const [b, path] of VIEWS) {
      const html = await (await fetchPage(b, path)).text();
      expect(html, path).not.toMatch(/<script>|<img|<[a-z][^>]*\sonerror=/i);
      if (html.includes(ESCAPED)) seen.add(path);
    }
    for (const path of ['/orgs', '/orgs/sur', '/orgs/evil', '/alliances', '/alliances/tri', '/alliances/tri/covenant/versions/1', '/alliances/tri/renewals/1']) {
      expect(seen, path).toContain(path);
    }
    const draft = await (await users['sur-delegate'].get('/alliances/tri/covenant/new?from=1')).text();
    expect(textareaValue(draft, 'covenant')).toContain(HOSTILE);
    const testimony = await (await site.app.request('/alliances/tri/renewals/1')).text();
    expect(testimony).toContain(`<bdi>Testigo ${ESCAPED}</bdi>`);
  });
});

describe('members’ private fields', () => {
  it('are shown to their organization’s admins, on the members page, never cached', async () => {
    const res = await users['sur-admin'].get('/orgs/sur/members');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`<bdi>${REAL_NAME}</bdi>`);
    expect(html).toContain(CONTACT);
  });

  it('appear on no other page, for anyone, and the members page refuses everyone else', async () => {
    for (const [b, path] of VIEWS) {
      if (path === '/orgs/sur/members') continue;
      const html = await (await fetchPage(b, path)).text();
      for (const secret of [REAL_NAME, CONTACT, '5555 0101']) expect(html, path).not.toContain(secret);
    }
    for (const who of ['root', 'sur-delegate', 'outsider'] as const) {
      const res = await users[who].get('/orgs/sur/members');
      expect(res.status, who).toBe(403);
      const html = await res.text();
      expect(html).not.toContain(REAL_NAME);
      expect(html).not.toContain('Rosa');
    }
    expect((await site.app.request('/orgs/sur/members')).status).toBe(303);
  });
});

describe('forms without their CSRF token', () => {
  const FORMS: [keyof typeof users, string, Record<string, string>][] = [
    ['root', '/orgs', { slug: 'new-org', name: 'New', country: 'AR', languages: 'es', timeZone: 'UTC' }],
    ['root', '/orgs/sur/keys', { key: keys.oeste.verifierKey }],
    ['root', '/orgs/sur/keys/revoke', { key: keys.sur.verifierKey }],
    ['sur-admin', '/orgs/sur/members', { pseudonym: 'Nuevo' }],
    ['root', '/alliances', { slug: 'duo', name: 'Duo', parties: 'sur' }],
    ['sur-delegate', '/alliances/tri/covenant/new', { action: 'save', author: 'sur', rationale: 'x', covenant: formatCovenant(starterCovenant({ parties: [...PARTIES] }), 'yaml') }],
    ['sur-delegate', '/alliances/tri/covenant/versions/3/propose', {}],
    ['sur-delegate', '/alliances/tri/covenant/versions/2/sign', { note: 'x' }],
    ['sur-delegate', '/alliances/tri/renewals', {}],
    ['sur-delegate', '/alliances/tri/renewals/2/sign', { note: 'x' }],
    ['sur-delegate', '/alliances/tri/renewals/2/testimony', { text: 'Hello', anonymous: '1' }],
  ];

  it('are refused with 403, missing or wrong, and nothing changes', async () => {
    const before = await snapshot(site.ctx);
    for (const [who, action, fields] of FORMS) {
      for (const csrf of [undefined, 'not-the-token-not-the-token-not-the-token']) {
        const res = await users[who].post(action, csrf ? { ...fields, csrf } : fields);
        expect(res.status, `${action} ${csrf ?? 'missing'}`).toBe(403);
        expect(await res.text()).toContain('Form expired');
      }
    }
    expect(await snapshot(site.ctx)).toEqual(before);
  });
});

describe('drafting', () => {
  it('lists every problem with its path, tied to the field, keeping the text exactly; saves nothing', async () => {
    const before = await snapshot(site.ctx);
    const text = 'format: daylight-covenant/1\r\nparties: [sur]\r\nbogus: true\r\n';
    const res = await postMultipart(users['sur-delegate'], '/alliances/tri/covenant/new', '/alliances/tri/covenant/new', { action: 'save', author: 'sur', rationale: 'x', covenant: text });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<textarea id="covenant" name="covenant"[^>]* aria-describedby="covenant-hint covenant-problems" aria-invalid="true">/);
    expect(html).toMatch(/<ol id="covenant-problems" class="problems" aria-labelledby="covenant-problems-heading">/);
    expect(html).toMatch(/<li><code>bogus<\/code><span class="detail"> \(line 3, column 1\)<\/span> <span lang="en" dir="ltr">[^<]+<\/span><\/li>/);
    expect(html).toContain('<code>horizon</code>');
    expect(textareaValue(html, 'covenant')).toBe(text);
    expect(await snapshot(site.ctx)).toEqual(before);
  });

  it('lint shows findings by kind and path without saving', async () => {
    const before = await snapshot(site.ctx);
    const poetry = starterCovenant({ parties: [...PARTIES] });
    poetry.principles[0]!.tests = [];
    const res = await postMultipart(users['sur-delegate'], '/alliances/tri/covenant/new', '/alliances/tri/covenant/new', {
      action: 'lint',
      author: 'sur',
      rationale: '',
      covenant: formatCovenant(poetry, 'yaml'),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong class="badge error">Must fix</strong> <strong>A principle has no test</strong> <code>principles[0].tests</code>');
    expect(html).toContain('<strong>Vague words nothing pins down</strong> <code>principles[0].title.text.ar</code>');
    expect(html).toMatch(/aria-describedby="covenant-hint covenant-findings"/);
    expect(await snapshot(site.ctx)).toEqual(before);
  });

  it('a version that lints with errors cannot be proposed: the reason is shown, nothing changes', async () => {
    const before = await snapshot(site.ctx);
    const res = await users['sur-delegate'].submit('/alliances/tri/covenant/versions/3', '/alliances/tri/covenant/versions/3/propose', {});
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('<p lang="en" dir="ltr">the covenant has 6 lint errors: fix them');
    expect(await snapshot(site.ctx)).toEqual(before);
  });
});

describe('who sees which form', () => {
  it('organizations are created by the instance admin only', async () => {
    expect((await site.app.request('/orgs/new')).status).toBe(303);
    expect((await users.outsider.get('/orgs/new')).status).toBe(403);
    expect(await (await users.outsider.get('/orgs')).text()).not.toContain('href="/orgs/new"');
    expect(await (await users.root.get('/orgs')).text()).toContain('href="/orgs/new"');
  });

  it('key forms for the organization’s admins and the instance admin; propose and amend for parties', async () => {
    const revoke = 'action="/orgs/sur/keys/revoke"';
    expect(await (await users['sur-admin'].get('/orgs/sur')).text()).toContain(revoke);
    expect(await (await users.root.get('/orgs/sur')).text()).toContain(revoke);
    expect(await (await users['sur-delegate'].get('/orgs/sur')).text()).not.toContain(revoke);
    expect(await (await site.app.request('/orgs/sur')).text()).not.toContain(revoke);
    const propose = 'action="/alliances/tri/covenant/versions/3/propose"';
    expect(await (await users['sur-delegate'].get('/alliances/tri/covenant/versions/3')).text()).toContain(propose);
    expect(await (await users.outsider.get('/alliances/tri/covenant/versions/3')).text()).not.toContain(propose);
  });

  it('a refused key shows the service’s reason and keeps what was typed', async () => {
    const before = await snapshot(site.ctx);
    const res = await users['sur-admin'].submit('/orgs/sur', '/orgs/sur/keys', { key: `${HOSTILE}+nope` });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<div class="error" role="alert" id="key-error">');
    expect(html).toContain(`value="${ESCAPED}+nope"`);
    expect(await snapshot(site.ctx)).toEqual(before);
  });

  it('an organization’s admin adds a delegate key and revokes it; both are archived, the profile follows', async () => {
    const key = keys.oeste.verifierKey;
    const added = await users['sur-admin'].submit('/orgs/sur', '/orgs/sur/keys', { key });
    expect(added.headers.get('Location')).toBe('/orgs/sur?done=key-added#keys');
    expect(await (await site.app.request('/orgs/sur')).text()).toContain(`<code>${key}</code>`);
    const revoked = await users['sur-admin'].submit('/orgs/sur', '/orgs/sur/keys/revoke', { key });
    expect(revoked.headers.get('Location')).toBe('/orgs/sur?done=key-revoked#keys');
    const page = await (await users['sur-admin'].get('/orgs/sur?done=key-revoked')).text();
    expect(page).toContain('The key was revoked; the revocation is published in the archive.');
    expect(page).not.toContain(`<code>${key}</code>`);
    expect(page).toContain(`<code>${keys.sur.verifierKey}</code>`);
    const events = await site.ctx.db.selectFrom('log_entry').select('data').where('type', '=', 'organization').orderBy('idx', 'desc').limit(2).execute();
    expect(events.map((e) => JSON.parse(Buffer.from(e.data).toString('utf8')).event)).toEqual(['key-revoked', 'key-added']);
  });
});
