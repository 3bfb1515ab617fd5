/**
 * A covenant for reading (issue 3 §3): Markdown and an HTML fragment, in any language, from the
 * same document tree (render-model.ts). A field missing in the asked language shows its original
 * text, marked with its language code: Markdown `_[en]_`, HTML `<small class="fallback">[en]</small>`.
 *
 * Safety: user text is never markup. HTML escapes & < > " ' in every text and attribute; Markdown
 * backslash-escapes the characters that would start markup or raw HTML (CommonMark §2.4), so a
 * Markdown renderer shows `<script>` as text too. Right-to-left text (Arabic, Hebrew, Persian, …)
 * gets dir="rtl" on its own element; every user text carries its real lang.
 */
import { covenantDocument, type Block, type Inline, type Item } from './render-model.js';
import type { Covenant } from './schema.js';

/** Markdown in `lang` (default: the language the horizon was originally written in). */
export function covenantMarkdown(c: Covenant, lang: string = c.horizon.original): string {
  const { blocks } = covenantDocument(c, lang);
  return `${blocks.map((b) => mdBlock(b, '')).join('\n\n')}\n`;
}

/** An <article> fragment in `lang`, every text escaped, to place inside a page. */
export function covenantHtmlFragment(c: Covenant, lang: string = c.horizon.original): string {
  const { blocks, ui } = covenantDocument(c, lang);
  return `<article class="covenant" lang="${esc(ui)}" dir="${direction(ui)}">\n${blocks.map(htmlBlock).join('\n')}\n</article>\n`;
}

// ---------------------------------------------------------------- Markdown

function mdBlock(b: Block, indent: string): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${mdInlines(b.content, indent, false)}`;
    case 'para':
      return indent + mdInlines(b.content, indent, true);
    case 'list':
      return b.items.map((item, i) => mdItem(item, b.ordered ? `${i + 1}. ` : '- ', indent)).join('\n');
  }
}

function mdItem(item: Item, marker: string, indent: string): string {
  const inner = indent + ' '.repeat(marker.length);
  const head = `${indent}${marker}${mdInlines(item.content, inner, true)}`;
  return item.children ? `${head}\n${mdBlock(item.children, inner)}` : head;
}

/** `lineStart`: the first run begins a line (a paragraph or list item), where markers count. */
function mdInlines(xs: Inline[], indent: string, lineStart: boolean): string {
  return xs.map((x, i) => mdInline(x, indent, lineStart && i === 0)).join('');
}

function mdInline(x: Inline, indent: string, lineStart: boolean): string {
  switch (x.kind) {
    case 'label':
      return mdEscape(x.text, lineStart);
    case 'strong':
      return `**${mdEscape(x.text, false)}**`;
    case 'code':
      return `\`${x.text.replace(/`/g, "'")}\``;
    case 'text': {
      // Continuation lines are indented to stay inside their list item; blank lines stay blank.
      const body = mdEscape(x.text, lineStart).replace(/\n/g, `\n${indent}`).replace(/\n[ ]+(?=\n)/g, '\n');
      return x.fallback ? `${body} _[${x.lang}]_` : body;
    }
  }
}

/**
 * Backslash-escapes what would start markup in CommonMark/GFM: anywhere \ ` * _ [ ] < & | ~;
 * at the start of a line (every line after a newline, and the first when `lineStart`) also
 * block markers: > # - + = and "1." / "1)".
 */
export function mdEscape(s: string, lineStart = true): string {
  const inline = s.replace(/[\\`*_[\]<&|~]/g, '\\$&');
  const marker = (line: string): string => line.replace(/^([ \t]*)([>#+=-])/, '$1\\$2').replace(/^([ \t]*[0-9]+)([.)])/, '$1\\$2');
  return inline
    .split('\n')
    .map((line, i) => (i > 0 || lineStart ? marker(line) : line))
    .join('\n');
}

// ---------------------------------------------------------------- HTML

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug', 'syr']);

/** rtl for right-to-left languages (by primary subtag or an Arab/Hebr/Thaa/Syrc script subtag). */
export function direction(lang: string): 'rtl' | 'ltr' {
  const [primary, ...rest] = lang.split('-');
  if (rest.some((s) => /^(?:arab|hebr|thaa|syrc|nkoo|adlm)$/i.test(s))) return 'rtl';
  if (rest.some((s) => /^(?:latn|cyrl)$/i.test(s))) return 'ltr';
  return RTL.has((primary ?? '').toLowerCase()) ? 'rtl' : 'ltr';
}

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${htmlInlines(b.content)}</h${b.level}>`;
    case 'para': {
      const only = b.content.length === 1 ? b.content[0] : undefined;
      return only?.kind === 'text' ? textBlock(only) : `<p>${htmlInlines(b.content)}</p>`;
    }
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>\n${b.items.map(htmlItem).join('\n')}\n</${tag}>`;
    }
  }
}

function htmlItem(item: Item): string {
  const children = item.children ? `\n${htmlBlock(item.children)}\n` : '';
  return `<li>${htmlInlines(item.content)}${children}</li>`;
}

function htmlInlines(xs: Inline[]): string {
  return xs.map(htmlInline).join('');
}

function htmlInline(x: Inline): string {
  switch (x.kind) {
    case 'label':
      return esc(x.text);
    case 'strong':
      return `<strong>${esc(x.text)}</strong>`;
    case 'code':
      return `<code>${esc(x.text)}</code>`;
    case 'text':
      return `<span lang="${esc(x.lang)}" dir="${direction(x.lang)}">${lines(x.text)}</span>${mark(x)}`;
  }
}

/** A paragraph-level text: its own block element, split into <p> at blank lines. */
function textBlock(x: Extract<Inline, { kind: 'text' }>): string {
  const paras = x.text
    .split(/\n[ \t]*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${lines(p)}</p>`);
  return `<div lang="${esc(x.lang)}" dir="${direction(x.lang)}">${paras.join('')}${mark(x)}</div>`;
}

const lines = (s: string): string => esc(s).replace(/\n/g, '<br>');
const mark = (x: Extract<Inline, { kind: 'text' }>): string => (x.fallback ? ` <small class="fallback">[${esc(x.lang)}]</small>` : '');
