/**
 * A covenant as a small document tree (headings, paragraphs, lists of inline runs), built once per
 * language and written out as Markdown or HTML by render.ts. Inline runs keep user text apart
 * from our labels, with the language the text is really in, so writers can escape it, mark its
 * direction, and flag fallbacks (a field missing in the asked language shows its original).
 */
import { labelsFor, quantity, type Labels } from './labels.js';
import type { Comparison, Covenant, Indicator, Principle, Test, Text, Threshold } from './schema.js';
import { isDecimal } from './threshold.js';

export type Inline =
  | { kind: 'label'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'text'; text: string; lang: string; fallback: boolean };

export interface Item {
  content: Inline[];
  children?: Block;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; content: Inline[] }
  | { kind: 'para'; content: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Item[] };

export interface PickedText {
  text: string;
  lang: string;
  fallback: boolean;
}

/** The text in `lang`, else in a regional variant of it (pt for pt-BR), else the original (a fallback). */
export function pickText(t: Text, lang: string): PickedText {
  const own = t.text[lang];
  if (Object.hasOwn(t.text, lang) && own !== undefined) return { text: own, lang, fallback: false };
  const primary = lang.split('-')[0];
  const near = Object.keys(t.text).find((k) => k.split('-')[0] === primary);
  if (near !== undefined) return { text: t.text[near] as string, lang: near, fallback: false };
  const original = t.text[t.original];
  if (original === undefined) throw new Error(`text has no version in its original language '${t.original}'`);
  return { text: original, lang: t.original, fallback: true };
}

const SYMBOL: Record<Comparison, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '=', '!=': '≠' };

class Builder {
  readonly blocks: Block[] = [];
  readonly L: Labels;
  readonly ui: ReturnType<typeof labelsFor>['lang'];
  constructor(
    readonly c: Covenant,
    readonly lang: string,
  ) {
    const { labels, lang: ui } = labelsFor(lang);
    this.L = labels;
    this.ui = ui;
  }

  label = (text: string): Inline => ({ kind: 'label', text });
  code = (text: string): Inline => ({ kind: 'code', text });
  text = (t: Text): Inline => ({ kind: 'text', ...pickText(t, this.lang) });
  qty = (n: number, unit: Parameters<typeof quantity>[1]): string => quantity(n, unit, this.L, this.ui);
  heading = (level: 1 | 2 | 3, ...content: Inline[]): void => void this.blocks.push({ kind: 'heading', level, content });
  para = (...content: Inline[]): void => void this.blocks.push({ kind: 'para', content });
  list = (items: Item[], ordered = false): void => void this.blocks.push({ kind: 'list', ordered, items });
  join = (xs: string[]): string => (xs.length === 0 ? this.L.none : xs.join(this.L.comma));

  build(): Block[] {
    const { c, L } = this;
    this.heading(1, c.title ? this.text(c.title) : this.label(L.covenant));
    this.para({ kind: 'strong', text: `${L.parties}:` }, this.label(' '), ...this.interleave(c.parties.map(this.code)));
    this.heading(2, this.label(L.horizon));
    this.para(this.text(c.horizon));
    this.principles();
    this.indicators();
    this.tactics();
    this.audit();
    this.corrective();
    this.exit();
    this.heading(2, this.label(L.renewal));
    this.para(this.label(`${L.cadence}: ${this.qty(c.renewal.every, c.renewal.unit)}`));
    this.heading(2, this.label(L.mirroring));
    this.list(c.mirroring.map((m) => ({ content: [this.code(m.party), this.label(': '), this.text(m.pledge)] })));
    return this.blocks;
  }

  interleave(xs: Inline[]): Inline[] {
    return xs.flatMap((x, i) => (i === 0 ? [x] : [this.label(this.L.comma), x]));
  }

  principles(): void {
    this.heading(2, this.label(this.L.principles));
    this.c.principles.forEach((p, i) => this.principle(p, i));
  }

  principle(p: Principle, i: number): void {
    this.heading(3, this.label(`${i + 1}. `), this.text(p.title), this.label(' '), this.code(p.id));
    if (p.description) this.para(this.text(p.description));
    if (p.tests.length === 0) return this.para(this.label(this.L.noTests));
    this.list(p.tests.map((t) => ({ content: this.test(t) })));
  }

  test(t: Test): Inline[] {
    const severity = this.label(` — ${this.L.severity[t.severity]}`);
    if (t.indicator === undefined) return [this.label(this.L.unmeasured), severity];
    const ind = this.c.indicators.find((x) => x.id === t.indicator);
    const name = ind ? [this.text(ind.name), this.label(' ')] : [];
    return [...name, this.code(t.indicator), this.label(' '), ...this.threshold(t.threshold, ind), severity];
  }

  threshold(th: Threshold | undefined, ind: Indicator | undefined): Inline[] {
    const L = this.L;
    if (th === undefined) return [this.label(L.noThreshold)];
    const sym = SYMBOL[th.comparison];
    if (th.changeOverWindow !== undefined) {
      const w = th.changeOverWindow;
      return [this.label(`${L.changeOver} ${this.qty(w.cycles, 'cycles')} ${sym} ${w.percent}%`)];
    }
    const v = th.value;
    if (typeof v === 'boolean') return [this.label(`${sym} ${v ? L.yes : L.no}`)];
    if (ind?.kind === 'days-since' && isDecimal(v) && !v.includes('.')) return [this.label(`${sym} ${this.qty(Number(v), 'days')}`)];
    if (ind?.kind === 'amount') return [this.label(`${sym} ${v}${ind.currency ? ` ${ind.currency}` : ''}`)];
    if (ind?.kind === 'count' && ind.unit) return [this.label(`${sym} ${v} `), this.text(ind.unit)];
    return [this.label(`${sym} ${v}`)];
  }

  indicators(): void {
    const L = this.L;
    this.heading(2, this.label(L.indicators));
    this.list(
      this.c.indicators.map((ind) => {
        const content: Inline[] = [this.text(ind.name), this.label(' '), this.code(ind.id), this.label(` — ${L.kind[ind.kind]}`)];
        if (ind.currency) content.push(this.label(`${L.comma}${ind.currency}`));
        if (ind.unit) content.push(this.label(L.comma), this.text(ind.unit));
        if (ind.description) content.push(this.label(': '), this.text(ind.description));
        return { content };
      }),
    );
  }

  tactics(): void {
    const { c, L } = this;
    this.heading(2, this.label(L.tactics));
    this.heading(3, this.label(L.acceptable));
    this.list(c.tactics.acceptable.map((t) => ({ content: [this.text(t)] })));
    this.heading(3, this.label(L.unacceptable));
    this.list(c.tactics.unacceptable.map((t) => ({ content: [this.text(t)] })));
  }

  audit(): void {
    const { c, L } = this;
    const a = c.audit;
    this.heading(2, this.label(L.audit));
    const items: Item[] = [
      { content: [this.label(L.rhythm[a.rhythm])] },
      { content: [this.label(`${L.triadSize}: ${a.triadSize}`)] },
      ...a.quotas.map((q) => ({ content: [this.label(`${L.officeholders}: ${q.max}`)] })),
      {
        content: [this.label(`${L.assignment}: ${a.assignment.kind === 'rotating' ? `${L.rotating}: ${a.assignment.reviewers}` : L.allToAll}`)],
      },
      { content: [this.label(`${L.feedback}: ${a.feedback.open ? `${L.feedbackOpen} ${this.qty(a.feedback.windowDays, 'days')}` : L.feedbackClosed}`)] },
    ];
    if (a.dimensions && a.dimensions.length > 0) {
      const dims = a.dimensions.map((d) => ({ content: [this.text(d.title), this.label(' '), this.code(d.id)] }));
      items.push({ content: [this.label(`${L.dimensions}:`)], children: { kind: 'list', ordered: true, items: dims } });
    }
    this.list(items);
  }

  corrective(): void {
    const { c, L } = this;
    this.heading(2, this.label(L.corrective));
    this.list([
      { content: [this.label(`${L.actions}: ${this.join(c.corrective.actions.map((x) => L.action[x]))}`)] },
      { content: [this.label(`${L.paused}: ${this.join(c.corrective.pauseForms.map((x) => L.form[x]))}`)] },
    ]);
  }

  exit(): void {
    const { c, L } = this;
    const e = c.exit;
    this.heading(2, this.label(L.exit));
    const benchmarks: Item[] = e.benchmarks.map((b) => {
      const content: Inline[] = [this.text(b.text)];
      if (b.indicator !== undefined) {
        const ind = c.indicators.find((x) => x.id === b.indicator);
        content.push(this.label(' ('), this.code(b.indicator), this.label(' '), ...this.threshold(b.threshold, ind), this.label(')'));
      }
      return { content };
    });
    const rule = e.decisionRule.kind === 'consent-by-silence' ? `${L.rule['consent-by-silence']} ${this.qty(e.decisionRule.days, 'days')}` : L.rule[e.decisionRule.kind];
    const r = e.reallocation;
    const people: Inline[] = [this.label(`${L.toPeople}: ${this.join(r.toPeople.continue.map((x) => L.form[x]))}`)];
    if (r.toPeople.text) people.push(this.label(' — '), this.text(r.toPeople.text));
    const leadership: Inline[] = [this.label(`${L.toLeadership}: ${this.join(r.toLeadership.stop.map((x) => L.form[x]))}`)];
    if (r.toLeadership.text) leadership.push(this.label(' — '), this.text(r.toLeadership.text));
    const realloc: Item[] = [{ content: people }, { content: leadership }];
    if (r.moveTo) realloc.push({ content: [this.label(`${L.moveTo}: `), this.text(r.moveTo)] });
    this.list([
      { content: [this.label(`${L.warning}: `), this.text(e.warning.contains)] },
      { content: [this.label(`${L.window}: ${e.correctiveWindowDays === undefined ? L.notSet : this.qty(e.correctiveWindowDays, 'days')}`)] },
      {
        content: [this.label(`${L.benchmarks}:${benchmarks.length === 0 ? ` ${L.none}` : ''}`)],
        ...(benchmarks.length > 0 ? { children: { kind: 'list', ordered: false, items: benchmarks } as Block } : {}),
      },
      { content: [this.label(`${L.decision}: ${rule}`)] },
      { content: [this.label(`${L.redLine}: ${e.redLineImmediate ? L.redLineImmediate : L.redLineWindow}`)] },
      { content: [this.label(`${L.reallocation}:`)], children: { kind: 'list', ordered: false, items: realloc } },
    ]);
  }
}

/**
 * The covenant as blocks in `lang`; `ui` is the language of the labels (lang's primary subtag,
 * or en when we have no labels for it).
 */
export function covenantDocument(c: Covenant, lang: string): { blocks: Block[]; ui: string } {
  const b = new Builder(c, lang);
  return { blocks: b.build(), ui: b.ui };
}
