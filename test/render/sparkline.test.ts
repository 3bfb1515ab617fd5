/**
 * The health page's charts (src/render/sparkline.ts): exact structure — the threshold line at the
 * scaled threshold, points where their values scale to, trips drawn as crosses (a shape, not a
 * colour), gaps breaking the line — and what a page under Daylight's CSP needs: no script, no
 * style, no external reference, every user-supplied string escaped.
 */
import { describe, expect, it } from 'vitest';
import { BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, escapeXml, geometry, sparkline, type SparklineInput } from '../../src/render/sparkline.js';

/** Every element of one tag with its attributes (the renderer writes one element per tag, quotes escaped). */
function elements(svg: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}((?:\\s+[A-Za-z0-9-]+="[^"]*")*)\\s*/?>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([A-Za-z0-9-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    out.push(attrs);
  }
  return out;
}

const scaled = (v: number, min: number, max: number) => Math.round((BOTTOM - ((v - min) / (max - min)) * (BOTTOM - TOP)) * 10) / 10;

function input(values: (string | null)[], over: Partial<SparklineInput> = {}): SparklineInput {
  return {
    points: values.map((value) => ({ value, tripped: false })),
    kind: 'level',
    threshold: { comparison: '<', value: '3' },
    thresholdLabel: '< 3',
    label: 'Executive authority holders: 5, threshold < 3',
    ...over,
  };
}

describe('sparkline', () => {
  it('draws the threshold as a dashed line at the scaled threshold, with its label', () => {
    const svg = sparkline(input(['5', '4', '4', '2']));
    const [line] = elements(svg, 'line');
    // values 2..5 and threshold 3: min 2, max 5
    const y = scaled(3, 2, 5);
    expect(line).toMatchObject({ class: 'spark-threshold', x1: String(LEFT), x2: String(RIGHT), y1: String(y), y2: String(y), 'stroke-dasharray': '3 2' });
    const [text] = elements(svg, 'text');
    expect(text!['y']).toBe(String(Math.round((y - 3) * 10) / 10));
    expect(svg).toContain('>&lt; 3</text>');
  });

  it('puts each value where it scales to, evenly spaced left to right', () => {
    const svg = sparkline(input(['5', '4', '4', '2']));
    const [poly] = elements(svg, 'polyline');
    const step = (RIGHT - LEFT) / 3;
    const want = [5, 4, 4, 2].map((v, i) => `${Math.round((LEFT + i * step) * 10) / 10},${scaled(v, 2, 5)}`).join(' ');
    expect(poly!['points']).toBe(want);
    expect(elements(svg, 'circle').map((c) => [c['cx'], c['cy']])).toEqual(want.split(' ').map((p) => p.split(',')));
    // the highest value is at the top of the plot, the lowest at its bottom
    expect(scaled(5, 2, 5)).toBe(TOP);
    expect(scaled(2, 2, 5)).toBe(BOTTOM);
  });

  it('marks tripped readings with a cross, a different shape from the dots', () => {
    const i = input(['5', '2', '4']);
    const svg = sparkline({ ...i, points: [i.points[0]!, { value: '2', tripped: true }, i.points[2]!] });
    const circles = elements(svg, 'circle');
    const trips = elements(svg, 'path');
    expect(circles).toHaveLength(2);
    expect(trips).toHaveLength(1);
    expect(trips[0]!['class']).toBe('spark-trip');
    // the cross is centred on the point: x = middle, y = value 2 = the bottom
    const x = Math.round(((LEFT + RIGHT) / 2) * 10) / 10;
    expect(trips[0]!['d']).toBe(`M${x - 3.5} ${BOTTOM - 3.5}L${x + 3.5} ${BOTTOM + 3.5}M${x - 3.5} ${BOTTOM + 3.5}L${x + 3.5} ${BOTTOM - 3.5}`);
  });

  it('shades the side of the threshold that trips', () => {
    const below = elements(sparkline(input(['5', '2'])), 'rect')[0]!;
    const y = scaled(3, 2, 5);
    expect(below).toMatchObject({ class: 'spark-zone', y: String(y), height: String(Math.round((BOTTOM - y) * 10) / 10) });
    const above = elements(sparkline(input(['5', '2'], { threshold: { comparison: '>', value: '3' } })), 'rect')[0]!;
    expect(above).toMatchObject({ y: String(TOP), height: String(Math.round((y - TOP) * 10) / 10) });
    expect(elements(sparkline(input(['5'], { threshold: { comparison: '=', value: '3' } })), 'rect')).toEqual([]);
  });

  it('is small, accessible and inert: role img, aria-label and title, no script, style or reference', () => {
    const svg = sparkline(input(['5', '4', '2']));
    const [root] = elements(svg, 'svg');
    expect(root).toMatchObject({ width: String(WIDTH), height: String(HEIGHT), viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Executive authority holders: 5, threshold &lt; 3' });
    expect(svg).toContain('<title>Executive authority holders: 5, threshold &lt; 3</title>');
    expect(svg).not.toMatch(/<script|<style|style=|href|url\(|<image|<foreignObject|\son[a-z]+=/i);
  });

  it('escapes hostile names and labels', () => {
    const hostile = `"><script>alert(1)</script><svg onload='x'>&amp;`;
    const svg = sparkline(input(['1'], { label: hostile, thresholdLabel: hostile }));
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain("onload='");
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg).toContain(`aria-label="${escapeXml(hostile)}"`);
    expect(escapeXml(hostile)).toBe('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;svg onload=&#39;x&#39;&gt;&amp;amp;');
    expect(escapeXml('a\u0000b\u001bc')).toBe('abc');
  });

  it('with no data: the threshold line alone, in the middle', () => {
    const svg = sparkline(input([null, null, null]));
    expect(elements(svg, 'polyline')).toEqual([]);
    expect(elements(svg, 'circle')).toEqual([]);
    expect(elements(svg, 'line')[0]!['y1']).toBe(String(Math.round(((TOP + BOTTOM) / 2) * 10) / 10));
    expect(sparkline(input([]))).toContain('spark-threshold');
  });

  it('with one point: a single mark in the middle, no line', () => {
    const svg = sparkline(input([null, '4', null]));
    expect(elements(svg, 'polyline')).toEqual([]);
    const [c] = elements(svg, 'circle');
    expect(c!['cx']).toBe(String(Math.round(((LEFT + RIGHT) / 2) * 10) / 10));
    const only = sparkline(input(['4']));
    expect(elements(only, 'circle')[0]!['cx']).toBe(String((LEFT + RIGHT) / 2));
  });

  it('breaks the line where a cycle has no reading', () => {
    const svg = sparkline(input(['5', '4', null, '4', '3']));
    expect(elements(svg, 'polyline')).toHaveLength(2);
    expect(elements(svg, 'circle')).toHaveLength(4);
  });

  it('yes-no: false at the bottom, true at the top, threshold at its own value', () => {
    const i = input(['true', 'false', 'false'], { kind: 'yes-no', threshold: { comparison: '=', value: 'false' }, thresholdLabel: '= false' });
    const g = geometry(i);
    expect([g.min, g.max]).toEqual([0, 1]);
    expect(g.xy.map((p) => p!.y)).toEqual([TOP, BOTTOM, BOTTOM]);
    expect(g.thresholdY).toBe(BOTTOM);
    const allTrue = geometry(input(['true'], { kind: 'yes-no', threshold: { comparison: '=', value: 'false' } }));
    expect(allTrue.xy[0]!.y).toBe(TOP);
  });

  it('days since: a growing count with a large threshold', () => {
    const g = geometry(input(['300', '330', '359', '389'], { threshold: { comparison: '>', value: '365' } }));
    expect([g.min, g.max]).toEqual([300, 389]);
    expect(g.thresholdY).toBe(scaled(365, 300, 389));
    expect(g.xy.at(-1)!.y).toBe(TOP);
  });

  it('amounts: decimal text of one currency, scaled without floats in the data', () => {
    const g = geometry(input(['2500.00', '12000.50'], { threshold: { comparison: '>', value: '10000.00' }, thresholdLabel: '> 10000.00 EUR' }));
    expect([g.min, g.max]).toEqual([2500, 12000.5]);
    expect(g.thresholdY).toBe(scaled(10000, 2500, 12000.5));
    expect(sparkline(input(['2500.00'], { thresholdLabel: '> 10000.00 EUR' }))).toContain('>&gt; 10000.00 EUR</text>');
  });

  it('change over a window: percent changes against the threshold percent', () => {
    const g = geometry(input(['0', '-20', '-40'], { kind: 'change', threshold: { comparison: '<=', value: '-40' }, thresholdLabel: '≤ -40%' }));
    expect([g.min, g.max]).toEqual([-40, 0]);
    expect(g.thresholdY).toBe(BOTTOM);
    expect(g.xy[0]!.y).toBe(TOP);
  });

  it('a flat series on its threshold still has a height', () => {
    const g = geometry(input(['3', '3'], { threshold: { comparison: '<', value: '3' } }));
    expect(g.min).toBeLessThan(3);
    expect(g.max).toBeGreaterThan(3);
    expect(g.thresholdY).toBe(Math.round(((TOP + BOTTOM) / 2) * 10) / 10);
    const zero = geometry(input(['0'], { threshold: { comparison: '>', value: '0' } }));
    expect([zero.min, zero.max]).toEqual([-1, 1]);
  });

  it('ignores a value it cannot read instead of drawing it at a wrong place', () => {
    const g = geometry(input(['5', 'NaN', '1e3', '4']));
    expect(g.xy[1]).toBeNull();
    expect(g.xy[2]).toBeNull();
  });
});
