/**
 * A small chart of one test's history (issue 5 §7): the value at the end of each audit cycle as
 * a line, the threshold as a dashed line with its label, the side of the threshold that trips
 * lightly shaded, and each reading that had tripped marked with a cross — a different shape
 * from the dots of the others, so the trips are seen without telling colours apart.
 *
 * Pure: SVG text in, nothing read or written. The SVG is made to sit inline in a page served
 * under Daylight's CSP (no inline styles, no scripts): no <script>, no style attribute, no
 * <style>, no links or external references — only presentation attributes (stroke, fill, …),
 * which CSP does not treat as styles, and classes the site's stylesheet may refine. Colours
 * are `currentColor`, so the chart follows the text's colour (and the reader's contrast
 * settings) unless the stylesheet says otherwise.
 *
 * Accessibility: role="img" with an aria-label and a <title>, both the caller's sentence (the
 * page writes it in the reader's language: the latest value against the threshold); the page
 * also prints the reading as text beside the chart, so the chart is never the only carrier.
 *
 * Values arrive as decimal text and become numbers only here, as pixel coordinates. Kinds:
 *   level    decimal text (counts, days since, shares, amounts: one currency per indicator, so a
 *            chart never mixes currencies; the caller passes the unit for the label)
 *   yes-no   "true"/"false" drawn as 1/0 on a fixed 0–1 scale
 *   change   percent changes over the test's window ("-40"), the threshold a percent too: the
 *            chart shows what is compared, so a change test is charted like a level test
 * No reading at all: the threshold line alone (and the caller says "no readings yet"). One
 * reading: a single mark in the middle. Gaps (cycles without a reading) break the line.
 */

export const WIDTH = 160;
export const HEIGHT = 48;
/** the plotting area: values are drawn in [LEFT, RIGHT] × [TOP, BOTTOM] (y grows downward) */
export const LEFT = 5;
export const RIGHT = WIDTH - 5;
export const TOP = 11;
export const BOTTOM = HEIGHT - 5;

export type ChartComparison = '<' | '<=' | '>' | '>=' | '=' | '!=';

export interface SparkPoint {
  /** decimal text, "true"/"false" for yes-no; null: no reading in that cycle */
  value: string | null;
  tripped: boolean;
}

export interface SparklineInput {
  points: readonly SparkPoint[];
  kind: 'level' | 'yes-no' | 'change';
  threshold: { comparison: ChartComparison; value: string };
  /** the threshold's label as drawn beside its line, e.g. "< 3", "≤ -40%", "> 10000.00 EUR" */
  thresholdLabel: string;
  /** the accessible text: aria-label and <title> */
  label: string;
}

/** The chart's numbers before they become text: for tests and for callers that want them. */
export interface SparklineGeometry {
  min: number;
  max: number;
  /** per point: null when it has no reading */
  xy: ({ x: number; y: number } | null)[];
  thresholdY: number;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The number a value is drawn at: null when it is not a value this chart can draw. */
export function plotValue(kind: SparklineInput['kind'], value: string | null): number | null {
  if (value === null) return null;
  if (kind === 'yes-no') return value === 'true' ? 1 : value === 'false' ? 0 : null;
  if (!DECIMAL.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Rounds a pixel coordinate to 0.1 px: the file stays small, the line looks the same. */
export function px(n: number): number {
  return Math.round(n * 10) / 10;
}

export function geometry(input: SparklineInput): SparklineGeometry {
  const values = input.points.map((p) => plotValue(input.kind, p.value));
  const limit = plotValue(input.kind, input.threshold.value);
  let min: number;
  let max: number;
  if (input.kind === 'yes-no') {
    [min, max] = [0, 1];
  } else {
    const all = [...values, limit].filter((v): v is number => v !== null);
    min = all.length === 0 ? 0 : Math.min(...all);
    max = all.length === 0 ? 1 : Math.max(...all);
    if (min === max) {
      // A flat series on its threshold: give it room either side (and never divide by zero).
      const pad = Math.abs(min) / 10 || 1;
      [min, max] = [min - pad, max + pad];
    }
  }
  const y = (v: number) => px(BOTTOM - ((v - min) / (max - min)) * (BOTTOM - TOP));
  const n = input.points.length;
  const x = (i: number) => px(n <= 1 ? (LEFT + RIGHT) / 2 : LEFT + (i * (RIGHT - LEFT)) / (n - 1));
  return {
    min,
    max,
    xy: values.map((v, i) => (v === null ? null : { x: x(i), y: y(v) })),
    thresholdY: limit === null ? px((TOP + BOTTOM) / 2) : y(limit),
  };
}

/** The SVG text of the chart. */
export function sparkline(input: SparklineInput): string {
  const g = geometry(input);
  const label = escapeXml(input.label);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${label}" direction="ltr" focusable="false">`,
  );
  out.push(`<title>${label}</title>`);
  const zone = tripZone(input.threshold.comparison, g.thresholdY);
  if (zone !== null) out.push(`<rect class="spark-zone" x="${LEFT}" y="${zone.y}" width="${RIGHT - LEFT}" height="${zone.height}" fill="currentColor" fill-opacity="0.08"/>`);
  out.push(`<line class="spark-threshold" x1="${LEFT}" y1="${g.thresholdY}" x2="${RIGHT}" y2="${g.thresholdY}" stroke="currentColor" stroke-width="1" stroke-dasharray="3 2"/>`);
  // The label sits above its line, or below it when the line runs along the top.
  const labelY = g.thresholdY - 3 >= 8 ? px(g.thresholdY - 3) : px(g.thresholdY + 9);
  out.push(`<text class="spark-label" x="${RIGHT}" y="${labelY}" text-anchor="end" font-size="8" fill="currentColor">${escapeXml(input.thresholdLabel)}</text>`);
  for (const run of runs(g.xy)) {
    if (run.length > 1) out.push(`<polyline class="spark-line" points="${run.map((p) => `${p.x},${p.y}`).join(' ')}" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>`);
  }
  input.points.forEach((p, i) => {
    const at = g.xy[i];
    if (at === null || at === undefined) return;
    if (p.tripped) out.push(cross(at.x, at.y));
    else out.push(`<circle class="spark-point" cx="${at.x}" cy="${at.y}" r="1.8" fill="currentColor"/>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** A tripped reading: an ✕ of two strokes, 7 px across. */
function cross(x: number, y: number): string {
  const d = 3.5;
  return `<path class="spark-trip" d="M${px(x - d)} ${px(y - d)}L${px(x + d)} ${px(y + d)}M${px(x - d)} ${px(y + d)}L${px(x + d)} ${px(y - d)}" stroke="currentColor" stroke-width="2" fill="none"/>`;
}

/** Where the test trips: below the line for < and <=, above it for > and >=; nothing for = and !=. */
function tripZone(c: ChartComparison, y: number): { y: number; height: number } | null {
  if (c === '<' || c === '<=') return { y, height: px(BOTTOM - y) };
  if (c === '>' || c === '>=') return { y: TOP, height: px(y - TOP) };
  return null;
}

/** Consecutive points with readings: a cycle without one breaks the line. */
function runs(xy: SparklineGeometry['xy']): { x: number; y: number }[][] {
  const out: { x: number; y: number }[][] = [[]];
  for (const p of xy) {
    if (p === null) {
      if (out.at(-1)!.length > 0) out.push([]);
    } else out.at(-1)!.push(p);
  }
  return out.filter((r) => r.length > 0);
}

/** Text and attribute values: the five XML specials, and control characters dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
