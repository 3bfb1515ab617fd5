/**
 * User text into Typst markup, as text and nothing else (Typst reference, "Syntax" → markup
 * mode, escape sequences).
 *
 * In Typst markup a backslash followed by any non-whitespace character stands for that character
 * (`\#`, `\[`, even `\A`: typst/typst tests/suite/syntax/escape.typ, also in
 * Myriad-Dreamin/typst.ts fuzzers/corpora/text/escape_00.typ). So every ASCII punctuation mark
 * is escaped, which covers everything markup gives meaning to:
 *   code and math      #  $
 *   content blocks     [ ]   (and { } ( ) harmless, escaped anyway)
 *   strong, emph, raw  * _ `
 *   labels, refs       < > @
 *   headings, lists    = - + /  and `1.` (the dot)
 *   comments           // and /*
 *   shorthands         ~ (nbsp)  -- --- -? ...  and smart quotes " '
 *   links              https:// (the colon and slashes)
 * Non-ASCII characters have no markup meaning and pass through.
 *
 * Newlines do have meaning: one ends a heading or list item, a blank line starts a paragraph.
 * Each line break (the characters Typst's lexer treats as newlines, CRLF counted once) becomes
 * `\ ` (backslash space), Typst's forced line break, so the text stays inside whatever element
 * the template put it in and keeps its lines.
 *
 * Invariant (property-tested in test/render/typst-escape.test.ts): for any string s, a document
 * containing typstText(s) compiles, and its PDF text is s up to whitespace.
 */

const MARKUP = /\r\n|[\n\v\f\r\u0085\u2028\u2029]|[!-/:-@[-`{-~]/g;

/** Escapes arbitrary user text for Typst markup: `#` can never start code. */
export function typstText(text: string): string {
  return text.replace(MARKUP, (m) => (m.length === 1 && m >= '!' && m <= '~' ? `\\${m}` : '\\ '));
}
