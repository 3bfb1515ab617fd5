/**
 * Krippendorff's alpha for nominal, ordinal and interval data with missing values, by the
 * coincidence-matrix method of K. Krippendorff, "Computing Krippendorff's Alpha-Reliability"
 * (2011), §C–E.
 *
 *   data: observers × units; a missing value is null, undefined or NaN.
 *   Only pairable units count: those with m_u ≥ 2 values.
 *   coincidences  o_ck = Σ_u (number of ordered pairs (c, k) of values from two different
 *                 observers of unit u) / (m_u − 1)
 *   marginals     n_c = Σ_k o_ck,   n = Σ_c n_c   (the number of pairable values)
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_{c,k} o_ck δ²_ck / Σ_{c,k} n_c n_k δ²_ck
 *   δ² nominal    0 if c = k, else 1
 *      ordinal    (Σ_{g=c..k} n_g − (n_c + n_k)/2)²   over the values sorted ascending
 *      interval   (c − k)²
 *
 * α is undefined (null here) when fewer than two pairable values exist or when every pairable
 * value is the same (D_e = 0: nothing to disagree about, so agreement cannot be measured).
 *
 * Vectors: the paper's example of 4 observers × 12 units (nominal .743, ordinal .815, interval
 * .849), as also used by the krippendorff Python package's tests (pln-fing-udelar/fast-
 * krippendorff, tests/test_krippendorff.py), in test/domain/audit/alpha.test.ts.
 */
import { AuditInputError } from './errors.js';

export type Level = 'nominal' | 'ordinal' | 'interval';
export type Rating = number | null | undefined;

export interface Coincidences {
  /** The distinct pairable values, ascending. */
  values: number[];
  /** o[c][k], indexed like `values`. */
  o: number[][];
  /** n_c, indexed like `values`. */
  n: number[];
  /** n = Σ n_c, the number of pairable values. */
  total: number;
}

export function alpha(data: readonly (readonly Rating[])[], level: Level): number | null {
  if (level !== 'nominal' && level !== 'ordinal' && level !== 'interval') {
    throw new AuditInputError(`unknown level "${String(level)}": use nominal, ordinal or interval`);
  }
  const m = coincidences(data);
  if (m.total < 2) return null;
  const d = distances(m, level);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < m.values.length; c++) {
    for (let k = 0; k < m.values.length; k++) {
      observed += m.o[c]![k]! * d[c]![k]!;
      expected += m.n[c]! * m.n[k]! * d[c]![k]!;
    }
  }
  if (expected === 0) return null;
  return 1 - ((m.total - 1) * observed) / expected;
}

/** The coincidence matrix of the pairable units (§C, step 2). */
export function coincidences(data: readonly (readonly Rating[])[]): Coincidences {
  const units = byUnit(data);
  const values = [...new Set(units.flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const o = values.map(() => values.map(() => 0));
  for (const unit of units) {
    const weight = 1 / (unit.length - 1);
    // every ordered pair of distinct positions within the unit
    for (let a = 0; a < unit.length; a++) {
      for (let b = 0; b < unit.length; b++) {
        if (a !== b) o[index.get(unit[a]!)!]![index.get(unit[b]!)!]! += weight;
      }
    }
  }
  const n = o.map((row) => row.reduce((s, x) => s + x, 0));
  return { values, o, n, total: n.reduce((s, x) => s + x, 0) };
}

/** Pairable units: each unit's present values, kept only when there are two or more. */
function byUnit(data: readonly (readonly Rating[])[]): number[][] {
  if (!Array.isArray(data) || data.length === 0) throw new AuditInputError('no ratings: give one row of ratings per observer');
  const width = data[0]!.length;
  data.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new AuditInputError(`observer ${r + 1} has ${Array.isArray(row) ? row.length : 0} ratings, observer 1 has ${width}: use null for a missing rating`);
    }
  });
  const units: number[][] = [];
  for (let u = 0; u < width; u++) {
    const present: number[] = [];
    data.forEach((row, r) => {
      const v = row[u];
      if (v === null || v === undefined || Number.isNaN(v)) return;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new AuditInputError(`observer ${r + 1}, unit ${u + 1}: rating must be a number or null`);
      present.push(v);
    });
    if (present.length >= 2) units.push(present);
  }
  return units;
}

function distances(m: Coincidences, level: Level): number[][] {
  const { values, n } = m;
  return values.map((c, i) =>
    values.map((k, j) => {
      if (level === 'nominal') return i === j ? 0 : 1;
      if (level === 'interval') return (c - k) ** 2;
      const [lo, hi] = i <= j ? [i, j] : [j, i];
      let between = 0;
      for (let g = lo; g <= hi; g++) between += n[g]!;
      return (between - (n[i]! + n[j]!) / 2) ** 2;
    }),
  );
}
