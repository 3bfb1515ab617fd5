/**
 * /static/sign.js, the in-browser signer, run here on Node's WebCrypto (the same SubtleCrypto API
 * browsers have): it must produce byte for byte the note Go's x/mod sumdb/note produces, and
 * what ledger/note.ts signs and verifies. Vector: golang/mod, sumdb/note/note_test.go (TestSign:
 * PeterNeumann's key and the cryptography sentence); Ed25519 is deterministic (RFC 8032), so the
 * signature line is exact.
 */
import { describe, expect, it } from 'vitest';
import { generateKey, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../src/ledger/note.js';
import { signatureText } from '../../src/domain/covenant/index.js';
import { freshSite } from './harness.js';

interface SignModule {
  signNoteText(text: string, keyText: string): Promise<string>;
  parseSignerKey(text: string): { name: string; keyId: number; seed: Uint8Array };
  ed25519Supported(): Promise<boolean>;
  KeyError: new (message: string) => Error;
}
// A browser script, not a TypeScript module: loaded by URL so the compiler does not ask for its types.
const SCRIPT = new URL('../../src/http/static/sign.js', import.meta.url).href;
const load = async () => (await import(SCRIPT)) as SignModule;

const peterSkey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const peterVkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const goNote = `${text}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('sign.js', () => {
  it('detects Ed25519 in WebCrypto', async () => {
    expect(await (await load()).ed25519Supported()).toBe(true);
  });

  it('signs exactly as Go’s sumdb/note does (TestSign vector)', async () => {
    const { signNoteText } = await load();
    expect(await signNoteText(text, peterSkey)).toBe(goNote);
    expect(await signNoteText(text, `  ${peterSkey}\n`)).toBe(goNote); // a key file's trailing newline
    expect(openNote(goNote, [parseVerifierKey(peterVkey)]).text).toBe(text);
  });

  it('signs a covenant’s note text as ledger/note.ts does, and the note opens with the verifier key', async () => {
    const { signNoteText } = await load();
    const { signerKey, verifierKey } = generateKey('sur.example/delegate');
    const subject = signatureText({ alliance: 'tri', version: 2, sha256: 'ab'.repeat(32) });
    const note = await signNoteText(subject, signerKey);
    expect(note).toBe(signNote(subject, [parseSignerKey(signerKey)]));
    expect(openNote(note, [parseVerifierKey(verifierKey)]).verified).toHaveLength(1);
  });

  it('refuses keys it cannot use, saying why', async () => {
    const { signNoteText, KeyError } = await load();
    const wrongId = peterSkey.replace('c74f20a3', 'c74f20a4');
    const cases: [string, RegExp][] = [
      [peterVkey, /begins with PRIVATE\+KEY\+/],
      ['PRIVATE+KEY+PeterNeumann', /want PRIVATE\+KEY\+<name>/],
      ['PRIVATE+KEY+Peter Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', /key name/],
      ['PRIVATE+KEY+PeterNeumann+C74F20A3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', /8 lowercase hex digits/],
      ['PRIVATE+KEY+PeterNeumann+c74f20a3+BYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', /not an Ed25519 seed/],
      ['PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF', /not an Ed25519 seed/],
      [wrongId, /key id does not match/],
    ];
    for (const [key, why] of cases) {
      const err = await signNoteText(text, key).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, key).toBeInstanceOf(KeyError);
      expect((err as Error).message, key).toMatch(why);
    }
  });

  it('is served as a cacheable script that the CSP allows (same origin)', async () => {
    const site = await freshSite();
    try {
      const res = await site.app.request('/static/sign.js');
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
      const etag = res.headers.get('ETag')!;
      expect(await res.text()).toContain('export async function signNoteText');
      expect((await site.app.request('/static/sign.js', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    } finally {
      await site.close();
    }
  });
});
