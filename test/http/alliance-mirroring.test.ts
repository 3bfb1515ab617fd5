/**
 * "Mirror risk locally": the alliance page shows each party's local actions beside its
 * commitments abroad in the current audit cycle, and says so in words when a party supports
 * abroad and does nothing at home (issue 5 §5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSite, type TestSite } from './harness.js';
import { auditAlliance } from '../services/audit-fixture.js';
import { makeCommitment } from '../../src/services/support.js';
import { recordLocalAction } from '../../src/services/local-actions.js';

const LOCAL = { kind: 'local' } as const;
let site: TestSite;

beforeAll(async () => {
  site = await freshSite();
  await auditAlliance(site.ctx, { parties: ['sur', 'norte', 'este'] });
});
afterAll(() => site.close());

const text = async (lang = 'en') => (await (await site.app.request('/alliances/tri', { headers: { 'Accept-Language': lang } })).text()).replace(/<[^>]*>/g, '');
const today = () => new Date().toISOString().slice(0, 10);

describe('the alliance page and local mirroring', () => {
  it('shows the ratio of the current cycle per party, and the reminder in words', async () => {
    expect(await text()).toContain('local actions this cycle: 0 for no commitment abroad');
    const c = await makeCommitment(site.ctx, LOCAL, { alliance: 'tri', from: 'sur', to: 'norte', form: 'humanitarian-aid', recipient: 'people', description: 'Medicine', startsOn: today() });
    let page = await text();
    expect(page).toMatch(/Movimiento sur standing: [^·]+· local actions this cycle: 0 for 1 commitment abroad — supports abroad and has done nothing at home this cycle/);
    expect(page).toMatch(/Movimiento norte standing: [^·]+· local actions this cycle: 0 for no commitment abroad(?! —)/);
    await recordLocalAction(site.ctx, LOCAL, { alliance: 'tri', party: 'sur', occurredOn: today(), what: 'Clinic open day at home', mirrors: c.id });
    page = await text();
    expect(page).toMatch(/Movimiento sur standing: [^·]+· local actions this cycle: 1 for 1 commitment abroad(?! —)/);
    expect(await text('ar')).toContain('الأفعال المحلية في هذه الدورة: 1 مقابل التزام واحد في الخارج');
  });
});
