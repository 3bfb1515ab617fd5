import { readFileSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cosignCheckpoint,
  cosignatureTime,
  generateCosignerKey,
  parseCosignatureVerifierKey,
  parseCosignerKey,
} from '../../src/ledger/cosignature.js';
import { NoteError, encodeVerifierKey, keyFromSeed, keyId, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../src/ledger/note.js';

const testdata = (name: string): string => readFileSync(new URL(`./testdata/note/${name}`, import.meta.url), 'utf8');

// A production vector (testdata/note/README.md): the staging log arche2025h1's checkpoint,
// cosigned by the witness remora.n621.de, from florolf/tlog-scales tests/test_signing.py.
const checkpoint = testdata('arche2025h1.checkpoint');
const [logKey, remoraKey] = testdata('arche2025h1.vkeys').split('\n') as [string, string];

// c2sp.org/tlog-cosignature, the example at the top of C2SP/C2SP tlog-cosignature.md. The spec
// publishes no keys for it; its §Ed25519 signed message example shows the time, 1679315147.
const specNote =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n' +
  '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n' +
  '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';

/** The base64 after `<name>+<id>+` (the key itself may hold "+"). */
const keyMaterial = (vkey: string): Buffer => Buffer.from(vkey.split('+').slice(2).join('+'), 'base64');

const logSigner = parseSignerKey(keyFromSeed('daylight.test/log', new Uint8Array(32).fill(1)).signerKey);
const logVerifier = parseVerifierKey(keyFromSeed('daylight.test/log', new Uint8Array(32).fill(1)).verifierKey);
const body = 'daylight.test/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('tlog-cosignature/v1 published vectors', () => {
  it('verifies a real witness cosignature and reads its time', () => {
    const remora = parseCosignatureVerifierKey(remoraKey);
    expect([remora.name, remora.keyId]).toEqual(['remora.n621.de', 0xda77ade7]);
    const n = openNote(checkpoint, [remora]);
    expect(n.verified.map((s) => s.name)).toEqual(['remora.n621.de']);
    expect(remora.lastTime).toBe(1779573024);
    expect(cosignatureTime(n.verified[0]!)).toBe(1779573024);
    expect(n.unverified).toHaveLength(5);
  });

  it('verifies the log signature and the cosignature together', () => {
    const n = openNote(checkpoint, [parseVerifierKey(logKey), parseCosignatureVerifierKey(remoraKey)]);
    expect(n.verified.map((s) => s.name)).toEqual(['arche2025h1.staging.ct.transparency.dev', 'remora.n621.de']);
  });

  it('rejects the cosignature once the checkpoint body changes', () => {
    const remora = parseCosignatureVerifierKey(remoraKey);
    expect(() => openNote(checkpoint.replace('1432088532', '1432088533'), [remora])).toThrow(
      'invalid signature for key remora.n621.de+da77ade7',
    );
    expect(remora.lastTime).toBeUndefined();
  });

  it("reads the spec example's witness line: key id and the time its signed-message example shows", () => {
    // The spec's keys are unpublished, so open the note with a signature of our own (grease for it).
    const n = openNote(signNote(specNote, [logSigner]), [logVerifier]);
    const witness = n.unverified.find((s) => s.name === 'witness.example.com/w1')!;
    expect(witness.keyId).toBe(0x8d66cf3f);
    expect(cosignatureTime(witness)).toBe(1679315147);
    const log = n.unverified.find((s) => s.name === 'example.com/behind-the-sofa')!;
    expect(cosignatureTime(log)).toBeUndefined(); // a plain Ed25519 line: 4 + 64 bytes
  });

  it('CoSigV1Timestamp vectors (transparency-dev/formats note/note_cosigv1_test.go)', () => {
    const at = (base64: string): number | undefined => cosignatureTime({ name: 'x', keyId: 0, base64 });
    expect(at('ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==')).toBe(1727964367);
    expect(at('eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=')).toBeUndefined();
    expect(at('5%/$!\n 2')).toBeUndefined();
  });

  it('TestCoSigV1NewVerifier key cases (transparency-dev/formats note/note_cosigv1_test.go)', () => {
    expect(parseCosignatureVerifierKey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2').keyId).toBe(0xda77ade7);
    for (const bad of [
      'bananas.sigstore.dev+12344556',
      'rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!',
      'rekor.sigstore.dev+12345678+AwEB',
      'rekor.sigstore.dev+NOT_A_NUMBER+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2',
      'rekor.sigstore.dev+00000000+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2',
    ]) {
      expect(() => parseCosignatureVerifierKey(bad), bad).toThrow(NoteError);
    }
    // Unlike transparency-dev/formats, a plain Ed25519 (0x01) key is refused rather than converted.
    expect(() => parseCosignatureVerifierKey(logKey)).toThrow(/type 0x01; cosignature\/v1 keys are type 0x04/);
  });
});

describe('tlog-cosignature/v1 round trip', () => {
  const signed = signNote(body, [logSigner]);

  it('cosigns a signed checkpoint: the line is key id ‖ uint64 BE time ‖ Ed25519 over the spec message', () => {
    const { signerKey, verifierKey } = generateCosignerKey('witness.daylight.test/w1');
    const cosigned = cosignCheckpoint(signed, signerKey, 1700000000);
    expect(cosigned.startsWith(signed)).toBe(true);
    const line = cosigned.slice(signed.length);
    expect(line).toMatch(/^— witness\.daylight\.test\/w1 [A-Za-z0-9+/]+=*\n$/);
    const bytes = Buffer.from(line.slice(line.lastIndexOf(' ') + 1, -1), 'base64');
    expect(bytes).toHaveLength(4 + 8 + 64);

    const v = parseCosignatureVerifierKey(verifierKey);
    expect(bytes.readUInt32BE(0)).toBe(v.keyId);
    expect(bytes.readBigUInt64BE(4)).toBe(1700000000n);
    // Checked with node:crypto directly, not with our verifier: the message is the spec's.
    const pub = keyMaterial(verifierKey);
    expect(pub[0]).toBe(0x04);
    expect(keyId('witness.daylight.test/w1', pub)).toBe(v.keyId);
    const spki = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pub.subarray(1)]), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(`cosignature/v1\ntime 1700000000\n${body}`), spki, bytes.subarray(12))).toBe(true);

    const n = openNote(cosigned, [logVerifier, v]);
    expect(n.verified.map((s) => s.name)).toEqual(['daylight.test/log', 'witness.daylight.test/w1']);
    expect(v.lastTime).toBe(1700000000);
  });

  it('re-cosigning replaces the earlier cosignature by the same key', () => {
    const { signerKey, verifierKey } = generateCosignerKey('w');
    const twice = cosignCheckpoint(cosignCheckpoint(signed, signerKey, 1), signerKey, 2);
    const v = parseCosignatureVerifierKey(verifierKey);
    expect(openNote(twice, [v]).verified).toHaveLength(1);
    expect(v.lastTime).toBe(2);
  });

  it('a cosigner is a note Signer that stamps the current time', () => {
    const { signerKey, verifierKey } = generateCosignerKey('w');
    const v = parseCosignatureVerifierKey(verifierKey);
    openNote(signNote(signed, [parseCosignerKey(signerKey)]), [v]);
    expect(Number.isSafeInteger(v.lastTime) && v.lastTime! > 1700000000).toBe(true);
  });

  it('the same public key as a plain Ed25519 (0x01) key has another id, so it ignores cosignatures', () => {
    const { signerKey, verifierKey } = generateCosignerKey('w');
    const pub = keyMaterial(verifierKey).subarray(1);
    const plain = parseVerifierKey(encodeVerifierKey('w', 0x01, pub));
    expect(plain.keyId).not.toBe(parseCosignatureVerifierKey(verifierKey).keyId);
    expect(() => openNote(cosignCheckpoint(body, signerKey, 5), [plain])).toThrow(/^no signature by a trusted key/);
  });

  it('refuses bad input with a reason', () => {
    const { signerKey, verifierKey } = generateCosignerKey('w');
    const cosigner = parseCosignerKey(signerKey);
    expect(() => cosigner.cosign('not a checkpoint\n', 1)).toThrow(/malformed checkpoint/);
    expect(() => cosignCheckpoint(signed, signerKey, -1)).toThrow(/time -1/);
    expect(() => cosignCheckpoint(signed, signerKey, 1.5)).toThrow(/time 1.5/);
    expect(() => cosignCheckpoint(signed, keyFromSeed('w', new Uint8Array(32)).signerKey, 1)).toThrow(/type 0x01/);
    expect(() => parseCosignerKey(signerKey.replace('PRIVATE+KEY+w+', 'PRIVATE+KEY+v+'))).toThrow(/key id/);
    expect(() => parseVerifierKey(verifierKey)).toThrow(/type 0x04/);
    expect(() => generateCosignerKey('a b')).toThrow(NoteError);
  });

  it('refuses timestamps beyond safe integers and signatures of the wrong length', () => {
    const { verifierKey } = generateCosignerKey('w');
    const v = parseCosignatureVerifierKey(verifierKey);
    const far = Buffer.concat([Buffer.from('0020000000000000', 'hex'), Buffer.alloc(64)]);
    expect(v.verify(Buffer.from(body), far)).toBe(false);
    expect(v.verify(Buffer.from(body), Buffer.alloc(71))).toBe(false);
    expect(v.lastTime).toBeUndefined();
  });
});
