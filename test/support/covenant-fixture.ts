/**
 * A data directory holding an alliance of organizations with registered delegate keys and a
 * starter covenant drafted (and, on request, proposed and ratified), made through the services
 * in this process so that tests of the command line start from a known state quickly. The
 * instance is closed again before the test runs the CLI on it.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { addOrganizationKey, createOrganization } from '../../src/services/organizations.js';
import { createAlliance } from '../../src/services/alliances.js';
import { draftCovenant, proposeCovenant } from '../../src/services/covenants.js';
import { signingSubject, submitSignature } from '../../src/services/signatures.js';
import { generateKey, parseSignerKey, signNote } from '../../src/ledger/note.js';
import { formatCovenant, starterCovenant } from '../../src/domain/covenant/index.js';
import type { Ctx } from '../../src/services/context.js';
import { openStore } from '../../src/store/open.js';
import { snapshot, type Snapshot } from './snapshot.js';

const LOCAL = { kind: 'local' } as const;

export interface Fixture {
  data: string;
  /** the instance's verifier key */
  instanceKey: string;
  /** per party: signer key file and verifier key */
  keys: Record<string, { file: string; vkey: string; signerKey: string }>;
}

export async function allianceFixture(
  dir: string,
  opts: { alliance?: string; parties?: string[]; stage?: 'drafted' | 'proposed' | 'ratified' } = {},
): Promise<Fixture> {
  const alliance = opts.alliance ?? 'tri';
  const parties = opts.parties ?? ['sur', 'norte', 'este'];
  const data = path.join(dir, 'data');
  const { verifierKey: instanceKey } = await initInstance({ dataDir: data, origin: 'fixture.example/daylight' });
  const ctx = await openInstance({ dataDir: data });
  const keys: Fixture['keys'] = {};
  try {
    for (const p of parties) {
      const k = generateKey(`${p}.example/delegate`);
      const file = path.join(dir, `${p}.key`);
      writeFileSync(file, k.signerKey + '\n', { mode: 0o600 });
      keys[p] = { file, vkey: k.verifierKey, signerKey: k.signerKey };
      await createOrganization(ctx, LOCAL, { slug: p, name: `Org ${p}`, country: 'KE', languages: ['sw', 'en'], timeZone: 'Africa/Nairobi' });
      await addOrganizationKey(ctx, LOCAL, p, k.verifierKey);
    }
    await createAlliance(ctx, LOCAL, { slug: alliance, name: `Alliance ${alliance}`, parties });
    const source = { text: formatCovenant(starterCovenant({ parties }), 'yaml'), format: 'yaml' as const };
    await draftCovenant(ctx, LOCAL, { alliance, author: parties[0]!, rationale: 'From the template.', source });
    if (opts.stage === 'proposed' || opts.stage === 'ratified') await proposeCovenant(ctx, LOCAL, { alliance, version: 1 });
    if (opts.stage === 'ratified') {
      const s = await signingSubject(ctx, alliance, 1);
      for (const p of parties) await submitSignature(ctx, LOCAL, { alliance, note: signNote(s.text, [parseSignerKey(keys[p]!.signerKey)]) });
    }
  } finally {
    await ctx.close();
  }
  return { data, instanceKey, keys };
}

/** Row counts of every table and the log's size and root, read with the instance closed. */
export async function snapshotOf(data: string): Promise<Snapshot> {
  const store = await openStore({ dataDir: data });
  try {
    return await snapshot(store as Pick<Ctx, 'db' | 'dialect'>);
  } finally {
    await store.close();
  }
}
