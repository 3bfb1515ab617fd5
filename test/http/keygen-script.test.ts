/**
 * /static/keygen.js, making a delegate's key in the browser, run here on Node's WebCrypto (the
 * same SubtleCrypto API browsers have): the keys it writes are exactly those ledger/note.ts and
 * `daylight keygen` write — byte for byte from the same seed (EnochRoot vector: the zero seed) —
 * and a note signed with its signer key (by ledger/note.ts, and by /static/sign.js) opens with
 * its verifier key. The page offers it only to those who may register keys, hidden until the
 * script shows it, and the verifier key it makes registers through the ordinary form.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidKeyName, keyFromSeed, openNote, parseSignerKey, parseVerifierKey, signNote, verifierKeyOf } from '../../src/ledger/note.js';
import { createAccount } from '../../src/services/accounts.js';
import { checkVerifierKey, createOrganization, getOrganization } from '../../src/services/organizations.js';
import { Browser, freshSite, PASSWORD, type TestSite } from './harness.js';

interface KeygenModule {
  keysFromSeed(name: string, seed: Uint8Array): Promise<{ signerKey: string; verifierKey: string }>;
  makeKey(name: string): Promise<{ signerKey: string; verifierKey: string }>;
  checkKeyName(name: string): string;
  keyFileName(name: string): string;
  keygenSupported(): Promise<boolean>;
  KeyNameError: new (message: string) => Error;
}
interface SignModule {
  signNoteText(text: string, keyText: string): Promise<string>;
}
// Browser scripts, not TypeScript modules: loaded by URL so the compiler does not ask for their types.
const load = async () => (await import(new URL('../../src/http/static/keygen.js', import.meta.url).href)) as KeygenModule;
const loadSign = async () => (await import(new URL('../../src/http/static/sign.js', import.meta.url).href)) as SignModule;

const text = 'Daylight covenant sur-fleuve version 3\n';

describe('keygen.js: the keys', () => {
  it('detects that WebCrypto here derives Ed25519 keys', async () => {
    expect(await (await load()).keygenSupported()).toBe(true);
  });

  it('writes from a seed exactly what ledger/note.ts writes (EnochRoot zero-seed vector, then random seeds and names)', async () => {
    const { keysFromSeed } = await load();
    const zero = new Uint8Array(32);
    expect(await keysFromSeed('EnochRoot', zero)).toEqual({
      signerKey: 'PRIVATE+KEY+EnochRoot+af0cfe78+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      verifierKey: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
    });
    for (const name of ['sur', 'sur.example/delegate', 'كرامة-مندوب', 'ñandú_2026']) {
      for (let i = 0; i < 5; i++) {
        const seed = new Uint8Array(randomBytes(32));
        expect(await keysFromSeed(name, seed), name).toEqual(keyFromSeed(name, seed));
      }
    }
  });

  it('makes a fresh key whose verifier key checks a note signed with its signer key', async () => {
    const { makeKey } = await load();
    const { signerKey, verifierKey } = await makeKey('sur.example/delegate');
    const other = await makeKey('sur.example/delegate');
    expect(other.signerKey).not.toBe(signerKey);
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+sur\.example\/delegate\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(verifierKeyOf(signerKey)).toBe(verifierKey);
    const note = signNote(text, [parseSignerKey(signerKey)]);
    expect(openNote(note, [parseVerifierKey(verifierKey)]).verified).toHaveLength(1);
    expect(() => openNote(note, [parseVerifierKey(other.verifierKey)])).toThrow();
    // The in-browser signer reads the key it wrote, and the server accepts its verifier key.
    const signed = await (await loadSign()).signNoteText(text, signerKey);
    expect(openNote(signed, [parseVerifierKey(verifierKey)]).verified).toHaveLength(1);
    expect(checkVerifierKey(verifierKey).name).toBe('sur.example/delegate');
  });

  it('refuses the key names ledger/note.ts refuses, and names the file as daylight keygen does', async () => {
    const { checkKeyName, makeKey, keyFileName, KeyNameError } = await load();
    for (const bad of ['', 'a b', 'a+b', 'tab\there', 'nbsp\u00a0x']) {
      expect(isValidKeyName(bad), bad).toBe(false);
      expect(() => checkKeyName(bad), bad).toThrow(KeyNameError);
      await expect(makeKey(bad)).rejects.toBeInstanceOf(KeyNameError);
    }
    expect(checkKeyName('sur.example/delegate')).toBe('sur.example/delegate');
    expect(keyFileName('sur.example/delegate')).toBe('sur.example_delegate.key');
    expect(keyFileName('كرامة')).toBe('_____.key');
  });
});

describe('keygen.js: served, and offered on the organization page', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await freshSite();
    await createAccount(site.ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
    await createOrganization(site.ctx, { kind: 'local' }, { slug: 'sur', name: 'Sur', country: 'AR', languages: ['es'], timeZone: 'UTC' });
  });
  afterAll(() => site.close());

  it('is served as a cacheable script that the CSP allows (same origin)', async () => {
    const res = await site.app.request('/static/keygen.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('export async function makeKey');
    expect((await site.app.request('/static/keygen.js', { headers: { 'If-None-Match': res.headers.get('ETag')! } })).status).toBe(304);
  });

  it('is hidden until the script shows it, only for those who may register keys; the key it makes registers by the form', async () => {
    const root = new Browser(site.app);
    expect((await root.login('root')).status).toBe(303);
    const html = await (await root.get('/orgs/sur')).text();
    expect(html).toMatch(/<div id="keygen" hidden="" data-msg-made="[^"]+" data-msg-bad-name="[^"]+" data-msg-failed="[^"]+">/);
    expect(html).toContain('<button type="button" id="keygen-button">Make a key in this browser</button>');
    expect(html).toContain('<script type="module" src="/static/keygen.js"></script>');
    expect(html).toContain('<input id="key" name="key"'); // the field the script fills
    const anonymous = await (await new Browser(site.app).get('/orgs/sur')).text();
    expect(anonymous).not.toContain('keygen');

    const { verifierKey } = await (await load()).makeKey('sur');
    const res = await root.submit('/orgs/sur', '/orgs/sur/keys', { key: verifierKey });
    expect(res.status).toBe(303);
    expect((await getOrganization(site.ctx, 'sur')).verifierKeys).toEqual([verifierKey]);
  });
});
