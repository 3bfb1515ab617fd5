/**
 * A stored covenant body is validated once and then given to every reader as the same deeply
 * frozen object (services/covenants.ts storedCovenant): a page that changed its copy would
 * otherwise change what the next page shows. Drawing a frozen covenant is kept per language
 * (views/covenant-parts.tsx) and must equal drawing it afresh.
 */
import { describe, expect, it } from 'vitest';
import { storedCovenant } from '../../src/services/covenants.js';
import { canonicalBytes } from '../../src/ledger/jcs.js';
import { covenantHtmlFragment, starterCovenant } from '../../src/domain/covenant/index.js';
import { CovenantText } from '../../src/http/views/covenant-parts.js';

const body = Buffer.from(canonicalBytes(starterCovenant({ parties: ['sur', 'norte', 'este'] }))).toString('utf8');

describe('a stored covenant', () => {
  it('is the same frozen object for every reader, and cannot be changed by one', () => {
    const first = storedCovenant(body);
    expect(storedCovenant(body)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.parties)).toBe(true);
    expect(() => (first.parties as string[]).push('intruso')).toThrow(TypeError);
    expect(() => Object.assign(first.horizon, { original: 'fr' })).toThrow(TypeError);
    expect(storedCovenant(body).parties).toEqual(['sur', 'norte', 'este']);
  });

  it('draws the same text kept as afresh, in each language', () => {
    const covenant = storedCovenant(body);
    for (const locale of ['en', 'ar', 'es', 'en']) {
      expect(String(CovenantText({ covenant, locale }))).toContain(covenantHtmlFragment(covenant, locale));
    }
  });
});
