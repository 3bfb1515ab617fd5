import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  NoteError,
  generateKey,
  keyFromSeed,
  keyId,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
  type Signer,
  type Verifier,
} from '../../src/ledger/note.js';

const testdata = (name: string): string => readFileSync(new URL(`./testdata/note/${name}`, import.meta.url), 'utf8');

// Go's vectors: golang/mod, sumdb/note/note_test.go (TestNewVerifier, TestSign, TestOpen, …)
// and the package comment of sumdb/note/note.go (the doubly signed example).
const peterSkey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const peterVkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const enochVkey = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterSig =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const enochSig =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const peter = { name: 'PeterNeumann', keyId: 0xc74f20a3, base64: peterSig.slice(15, -1) };
const enoch = { name: 'EnochRoot', keyId: 0xaf0cfe78, base64: enochSig.slice(12, -1) };

/** Go's tests splice at byte offsets (the em dash is 3 bytes in UTF-8, 1 unit in JavaScript). */
function spliceAtByte(s: string, at: number, insert: string): string {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([b.subarray(0, at), Buffer.from(insert), b.subarray(at)]).toString('utf8');
}

function noteError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(NoteError);
    return (err as Error).message;
  }
  throw new Error('expected a NoteError');
}

describe('C2SP signed-note example', () => {
  // c2sp.org/signed-note@v1.0.0 §Verifier keys and §Example: C2SP/C2SP signed-note.md at
  // d4c16da5e7687a016619074e78dad84b2c7238cc (the tag's text). Bytes as quoted by
  // florolf/tlog-scales tests/test_signing.py (TestC2SPSignedNote) and others.
  const vkey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
  const note =
    'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

  it('parses the verifier key', () => {
    const v = parseVerifierKey(vkey);
    expect(v.name).toBe('example.com/foo');
    expect(v.keyId).toBe(0x530d903a);
    const pub = Buffer.from('e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4', 'hex');
    expect(keyId('example.com/foo', Buffer.concat([Buffer.of(1), pub]))).toBe(0x530d903a);
  });

  it('verifies the example note', () => {
    const opened = openNote(note, [parseVerifierKey(vkey)]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verified.map((s) => [s.name, s.keyId])).toEqual([['example.com/foo', 0x530d903a]]);
    expect(opened.unverified).toEqual([]);
  });

  it('rejects the example note with one changed text byte', () => {
    expect(noteError(() => openNote(note.replace('example message', 'example messagE'), [parseVerifierKey(vkey)]))).toBe(
      'invalid signature for key example.com/foo+530d903a',
    );
  });

  // The spec's current example (C2SP/C2SP signed-note.md, stored HEAD) publishes no verifier
  // key, so it can only be parsed: its text holds a blank line, so the split must be the last one.
  const poem =
    'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n' +
    '— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';

  it('splits the quasimodo example at the last blank line and ignores its unknown key', () => {
    expect(noteError(() => openNote(poem, [parseVerifierKey(vkey)]))).toMatch(
      /^no signature by a trusted key .*quasimodo\.example\/salvatore\+367ba04b/,
    );
    const mine = keyFromSeed('daylight.test/a', new Uint8Array(32).fill(7));
    const opened = openNote(signNote(poem, [parseSignerKey(mine.signerKey)]), [parseVerifierKey(mine.verifierKey)]);
    expect(opened.text).toBe('Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n');
    expect(opened.unverified.map((s) => [s.name, s.keyId])).toEqual([['quasimodo.example/salvatore', 0x367ba04b]]);
  });
});

describe('Go sumdb/note keys', () => {
  it('TestNewVerifier: accepts the key, rejects every substring and every one-byte change', () => {
    expect(parseVerifierKey(peterVkey)).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3 });
    const bad: string[] = [];
    for (let i = 0; i <= peterVkey.length; i++) {
      for (let j = i + 1; j <= peterVkey.length; j++) if (i !== 0 || j !== peterVkey.length) bad.push(peterVkey.slice(i, j));
    }
    for (let i = 0; i < peterVkey.length; i++) {
      bad.push(peterVkey.slice(0, i) + String.fromCharCode(peterVkey.charCodeAt(i) + 1) + peterVkey.slice(i + 1));
    }
    bad.push('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='); // wrong length, adjusted id
    bad.push('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'); // unknown type, adjusted id
    for (const k of bad) expect(() => parseVerifierKey(k), k).toThrow(NoteError);
  });

  it('TestNewSigner: accepts the key, rejects every substring and every one-byte change', () => {
    expect(parseSignerKey(peterSkey)).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3 });
    for (let i = 0; i <= peterSkey.length; i++) {
      for (let j = i + 1; j <= peterSkey.length; j++) {
        if (i !== 0 || j !== peterSkey.length) expect(() => parseSignerKey(peterSkey.slice(i, j))).toThrow(NoteError);
      }
    }
    for (let i = 0; i < peterSkey.length; i++) {
      const k = peterSkey.slice(0, i) + String.fromCharCode(peterSkey.charCodeAt(i) + 1) + peterSkey.slice(i + 1);
      expect(() => parseSignerKey(k), k).toThrow(NoteError);
    }
  });

  it('the verifier key of the PeterNeumann signer key is the published one', () => {
    expect(verifierKeyOf(peterSkey)).toBe(peterVkey);
  });

  it('EnochRoot: the zero seed gives the published verifier key and signature', () => {
    const { signerKey, verifierKey } = keyFromSeed('EnochRoot', new Uint8Array(32));
    expect(verifierKey).toBe(enochVkey);
    expect(signerKey).toBe('PRIVATE+KEY+EnochRoot+af0cfe78+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    // note.go's package comment: re-signing Peter's note adds Enoch's line after his.
    expect(signNote(text + '\n' + peterSig, [parseSignerKey(signerKey)])).toBe(text + '\n' + peterSig + enochSig);
  });

  function checkPair(name: string, signer: Signer, verifier: Verifier): void {
    // testSignerAndVerifier in note_test.go
    expect(signer.name).toBe(name);
    expect(verifier.name).toBe(name);
    expect(signer.keyId).toBe(verifier.keyId);
    const msg = Buffer.from('hi');
    const sig = signer.sign(msg);
    expect(verifier.verify(msg, sig)).toBe(true);
    sig[0]! ^= 1;
    expect(verifier.verify(msg, sig)).toBe(false);
    sig[0]! ^= 1;
    msg[0]! ^= 1;
    expect(verifier.verify(msg, sig)).toBe(false);
  }

  it('TestGenerateKey: a generated pair is self-consistent', () => {
    const { signerKey, verifierKey } = generateKey('EnochRoot');
    checkPair('EnochRoot', parseSignerKey(signerKey), parseVerifierKey(verifierKey));
    expect(verifierKeyOf(signerKey)).toBe(verifierKey);
    expect(generateKey('EnochRoot').verifierKey).not.toBe(verifierKey);
  });

  it('TestFromEd25519: keys from a seed are self-consistent; a wrong-size seed is refused', () => {
    const { signerKey, verifierKey } = keyFromSeed('EnochRoot', randomBytes(32));
    checkPair('EnochRoot', parseSignerKey(signerKey), parseVerifierKey(verifierKey));
    expect(() => keyFromSeed('EnochRoot', new Uint8Array(31))).toThrow(NoteError);
  });

  it('refuses names that are empty or hold "+", spaces or Unicode spaces', () => {
    for (const name of ['', 'a+b', 'a b', 'a\tb', 'a\u00a0b', 'a\u2003b', 'a\u3000b', 'a\u0085b']) {
      expect(() => generateKey(name), JSON.stringify(name)).toThrow(NoteError);
    }
    expect(() => generateKey('example.org/ünïcode')).not.toThrow();
  });

  it('refuses an uppercase key id, surrounding white space and a cosignature key, saying why', () => {
    expect(noteError(() => parseVerifierKey(peterVkey.replace('c74f20a3', 'C74F20A3')))).toMatch(/8 lowercase hex digits/);
    expect(noteError(() => parseVerifierKey(peterVkey + '\n'))).toMatch(/white space/);
    const cosigKey = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2'; // transparency-dev/formats note_cosigv1_test.go
    expect(noteError(() => parseVerifierKey(cosigKey))).toMatch(/type 0x04/);
  });
});

describe('Go sumdb/note Sign', () => {
  const signer = parseSignerKey(peterSkey);

  it('TestSign: signs the text to exactly the published signature line', () => {
    expect(signNote(text, [signer])).toBe(text + '\n' + peterSig);
  });

  it('TestSign: replaces an existing signature by the same key', () => {
    const stale = `— PeterNeumann ${Buffer.concat([Buffer.from('c74f20a3', 'hex'), Buffer.alloc(64)]).toString('base64')}\n`;
    expect(signNote(text + '\n' + stale, [signer])).toBe(text + '\n' + peterSig);
    expect(signNote(signNote(text, [signer]), [signer])).toBe(text + '\n' + peterSig);
  });

  it('keeps existing lines it cannot verify, in order, before the new one', () => {
    const grease = `— grease.example/x ${randomBytes(80).toString('base64')}\n`;
    const enochSigner = parseSignerKey(keyFromSeed('EnochRoot', new Uint8Array(32)).signerKey);
    expect(signNote(text + '\n' + grease + peterSig, [enochSigner])).toBe(text + '\n' + grease + peterSig + enochSig);
  });

  it('TestSign: bad inputs', () => {
    expect(noteError(() => signNote('abc', [signer]))).toMatch(/must end with a newline/);
    const badName: Signer = { name: 'bad name', keyId: signer.keyId, sign: (m) => signer.sign(m) };
    expect(noteError(() => signNote(text, [badName]))).toMatch(/signer name "bad name"/);
    expect(noteError(() => signNote(text, [signer, signer]))).toMatch(/two signers/);
    expect(noteError(() => signNote(text + '\n— a+b ABCDEFGH\n', [signer]))).toMatch(/line 4: key name "a\+b"/);
  });
});

describe('Go sumdb/note Open', () => {
  const peterV = parseVerifierKey(peterVkey);
  const enochV = parseVerifierKey(enochVkey);

  it('one signature verified, one not', () => {
    const n = openNote(text + '\n' + peterSig + enochSig, [peterV]);
    expect(n.text).toBe(text);
    expect(n.verified).toEqual([peter]);
    expect(n.unverified).toEqual([enoch]);
  });

  it('both verified', () => {
    const n = openNote(text + '\n' + peterSig + enochSig, [peterV, enochV]);
    expect(n.verified).toEqual([peter, enoch]);
    expect(n.unverified).toEqual([]);
  });

  it('both unverified', () => {
    expect(noteError(() => openNote(text + '\n' + peterSig + enochSig, []))).toMatch(
      /^no signature by a trusted key \(the note is signed by PeterNeumann\+c74f20a3, EnochRoot\+af0cfe78;/,
    );
  });

  it('a duplicated verifier is an error only when its key signed', () => {
    expect(noteError(() => openNote(text + '\n' + enochSig, [enochV, peterV, enochV]))).toMatch(/^ambiguous key EnochRoot\+af0cfe78/);
    expect(openNote(text + '\n' + peterSig, [enochV, peterV, enochV]).verified).toEqual([peter]);
  });

  it('at most 100 signatures', () => {
    expect(openNote(text + '\n' + peterSig.repeat(100), [peterV]).verified).toEqual([peter]);
    expect(noteError(() => openNote(text + '\n' + peterSig.repeat(101), [peterV]))).toMatch(/101 signature lines; at most 100/);
    expect(() => openNote(text + '\n' + peterSig.repeat(101), [])).toThrow(/at most 100/);
  });

  it('an invalid signature by a known key rejects the note', () => {
    const msg = text + '\n' + spliceAtByte(peterSig, 60, 'ABCD');
    expect(noteError(() => openNote(msg, [peterV]))).toBe('invalid signature for key PeterNeumann+c74f20a3');
    // …even when another trusted key's signature verifies (signed-note §Signatures: SHOULD reject).
    expect(() => openNote(text + '\n' + enochSig + spliceAtByte(peterSig, 60, 'ABCD'), [peterV, enochV])).toThrow(/invalid signature/);
  });

  it('duplicated verified and unverified signatures', () => {
    const enochABCD = {
      ...enoch,
      base64: 'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n' + 'ABCD' + '2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=',
    };
    const msg = text + '\n' + peterSig + peterSig + enochSig + enochSig + spliceAtByte(enochSig, 60, 'ABCD');
    const n = openNote(msg, [peterV]);
    expect(n.verified).toEqual([peter]);
    expect(n.unverified).toEqual([enoch, enochABCD]);
  });

  it('invalid encoded message syntax, each with its reason', () => {
    const cases: [string | Uint8Array, RegExp][] = [
      [text, /no blank line/],
      [text + '\n', /no signature lines/],
      [text + '\n' + peterSig.slice(0, -1), /must end with a newline/],
      ['\x01' + text + '\n' + peterSig, /line 1: control character U\+0001/],
      [Buffer.concat([Buffer.of(0xff), Buffer.from(text + '\n' + peterSig)]), /not valid UTF-8/],
      ['\ud800' + text + '\n' + peterSig, /line 1: lone surrogate/],
      [text + '\n' + '— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=', /newline/],
      [text + '\n' + '— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n', /line 4: the signature is not/],
      [text + '\n' + peterSig + 'Unexpected line.\n', /line 5: a signature line starts with "— "/],
      [text + '\n' + '— PeterNeumann\n', /line 4: want "— <key name> <base64 signature>"/],
      [text + '\n' + '— PeterNeumann x08gow==\n', /line 4: the signature has 4 bytes/],
      [text + '\n' + '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAN=\n', /not canonical/],
      [text.replaceAll('\n', '\r\n') + '\r\n' + peterSig, /U\+000D \(convert CRLF line endings to LF\)/],
    ];
    for (const [msg, why] of cases) {
      expect(noteError(() => openNote(msg, [peterV])), JSON.stringify(String(msg))).toMatch(why);
    }
  });

  it('opens bytes, keeping a leading byte order mark as text', () => {
    const signer = parseSignerKey(peterSkey);
    const note = signNote('\ufeff' + text, [signer]);
    const n = openNote(Buffer.from(note, 'utf8'), [peterV]);
    expect(n.text).toBe('\ufeff' + text);
    expect(openNote(new TextEncoder().encode(text + '\n' + peterSig), [peterV]).verified).toEqual([peter]);
  });
});

describe('grease: unknown signatures are ignored when a trusted one verifies', () => {
  // test/ledger/testdata/note/README.md: a production checkpoint from florolf/tlog-scales.
  const checkpoint = testdata('arche2025h1.checkpoint');
  const [logKey] = testdata('arche2025h1.vkeys').split('\n') as [string];

  it('a real checkpoint with RFC 6962 (type 0x05) and witness (type 0x04) lines opens with the log key alone', () => {
    const n = openNote(checkpoint, [parseVerifierKey(logKey)]);
    expect(n.verified).toEqual([{ name: 'arche2025h1.staging.ct.transparency.dev', keyId: 0xba2f06c0, base64: expect.stringMatching(/^ui8GwCF1/) }]);
    // The RFC 6962 line shares the log's name, not its key id: it is someone else's key (spec §Signatures).
    expect(n.unverified.map((s) => s.name)).toEqual([
      'arche2025h1.staging.ct.transparency.dev',
      'transparency.dev/DEV:witness-little-garden',
      'witness1.smartit.nu/witness1',
      'remora.n621.de',
      'witness.stagemole.eu',
    ]);
  });

  it('random lines by unknown keys of any length do not stop a trusted signature', () => {
    const grease = [4, 60, 1000].map((n) => `— grease.example/${n} ${randomBytes(n + 1).toString('base64')}\n`).join('');
    const n = openNote(text + '\n' + grease + peterSig, [parseVerifierKey(peterVkey)]);
    expect(n.verified).toEqual([peter]);
    expect(n.unverified.map((s) => s.name)).toEqual(['grease.example/4', 'grease.example/60', 'grease.example/1000']);
  });

  it('a line with a trusted name but another key id is ignored, not failed', () => {
    const other = `— PeterNeumann ${Buffer.concat([Buffer.alloc(4), randomBytes(64)]).toString('base64')}\n`;
    expect(openNote(text + '\n' + other + peterSig, [parseVerifierKey(peterVkey)]).verified).toEqual([peter]);
  });
});
