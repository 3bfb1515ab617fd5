/**
 * Covenants, the pure part (issue 3): "Solidarity should not be a handshake in a smoky room. It
 * should be a covenant drafted in daylight." No I/O, no clock, no randomness; SHA-256 is the only
 * primitive used. Services, CLI and web build on exactly this API.
 *
 * THE DOCUMENT (schema.ts)
 *   Covenant                  zod schema (shape + cross references) and the inferred type
 *   CovenantShape             the same without cross references (io.ts runs both separately)
 *   CovenantInput             what a file may say before defaults (audit.triadSize = 3)
 *   Text                      { original: 'en', text: { en: '…', es: '…' } }; original ∈ text
 *   SUPPORTED_LANGUAGES       en es fr ar pt (template, lint word lists, rendering labels)
 *   SUPPORT_FORMS, INDICATOR_KINDS, COMPARISONS, SEVERITIES, CORRECTIVE_ACTIONS, LIMITS,
 *   ID_PATTERN, LANGUAGE_PATTERN, CURRENCY_PATTERN, COVENANT_FORMAT ('daylight-covenant/1')
 *   Values: decimals are strings ("10000.00"), never floats; a share is a fraction 0..1 ("0.25");
 *   a threshold is { comparison, value } or { comparison, changeOverWindow: { percent, cycles } }.
 *
 * FILES (io.ts)
 *   parseCovenant(text, 'yaml' | 'json') → { ok: true, covenant } | { ok: false, problems }
 *     every problem: { path: 'principles[2].tests[0].indicator', reason, line?, column? }
 *     syntax (strict JSON: duplicate names refused; YAML 1.2 core: no tags, anchors, aliases),
 *     shape, unknown indicators, duplicate ids, pledges by non-parties; at most 100 listed
 *   validateCovenant(value)   the same for an already decoded value (API bodies), no lines
 *   formatCovenant(c, 'yaml' | 'json') → text; parseCovenant(formatCovenant(c, f), f) gives c back
 *   formatProblem(p)          "path (line L, column C): reason", one line
 *
 * SIGNING (canonical.ts)
 *   covenantBytes(c)          RFC 8785 canonical JSON bytes (what is hashed and archived)
 *   covenantHash(c)           hex SHA-256 of those bytes
 *   signatureText({ alliance, version, sha256 })  the C2SP signed-note text a party signs:
 *                             "daylight covenant v1\nalliance <slug>\nversion <n>\nsha256 <hex>\n"
 *   parseSignatureText(text)  strict inverse; throws SignatureTextError (one line) otherwise
 *
 * TEMPLATE (template.ts)
 *   starterCovenant({ parties, languages?, currency? = 'EUR', amount? = '10000.00' }) → Covenant
 *     the essay's five non-negotiables with indicators and thresholds, in en es fr ar pt; lints clean
 *
 * LINT (lint.ts; codes and English messages in lint-messages.ts)
 *   lintCovenant(c) → Finding[] { severity: 'error' | 'warning', code, path, message, key, params }
 *   hasErrors(findings)       true when a proposal must be refused (the CLI exits 1)
 *   LINT_CODES, LINT_MESSAGES (keyed for translation)
 *
 * DIFF (diff.ts)
 *   diffCovenants(a, b) → Change[] (kind + fields + English summary, e.g.
 *     { kind: 'threshold-changed', indicator: 'days-since-assembly', from: '365', to: '180' })
 *   textDiff(a, b, lang?, labels?)   unified diff of the Markdown renderings
 *   textDiff(textA, textB, labels?)  unified diff of two texts (e.g. the YAML); '' when equal
 *
 * RENDERING (render.ts)
 *   covenantMarkdown(c, lang?)        Markdown; user text backslash-escaped; fallbacks marked _[en]_
 *   covenantHtmlFragment(c, lang?)    <article> with every text escaped, lang and dir on each text
 *   pickText(text, lang)              the text shown for a language, and whether it fell back
 *   lang defaults to the horizon's original language.
 */
export {
  Covenant,
  CovenantShape,
  Indicator,
  Principle,
  Test,
  Threshold,
  Benchmark,
  Audit,
  Exit,
  SupportForm,
  IndicatorKind,
  Comparison,
  Severity,
  CorrectiveAction,
  ShortText,
  LongText,
  Id,
  Slug,
  Language,
  LIMITS,
  ID_PATTERN,
  LANGUAGE_PATTERN,
  CURRENCY_PATTERN,
  SUPPORTED_LANGUAGES,
  SUPPORT_FORMS,
  INDICATOR_KINDS,
  COMPARISONS,
  SEVERITIES,
  CORRECTIVE_ACTIONS,
  RENEWAL_UNITS,
  AUDIT_RHYTHMS,
  COVENANT_FORMAT,
  type CovenantInput,
  type SupportedLanguage,
  type Text,
} from './schema.js';
export { crossChecks, renderPath, type CrossProblem } from './references.js';
export { parseCovenant, validateCovenant, formatCovenant, MAX_COVENANT_CHARS, MAX_PROBLEMS, type CovenantFormat, type ParseResult } from './io.js';
export { formatProblem, type Problem } from './problems.js';
export { covenantBytes, covenantHash, signatureText, parseSignatureText, SignatureTextError, SIGNATURE_HEADER, type SignatureSubject } from './canonical.js';
export { starterCovenant, type StarterOptions } from './template.js';
export { lintCovenant, hasErrors, type Finding, type LintSeverity } from './lint.js';
export { LINT_CODES, LINT_MESSAGES, type LintCode, type LintMessageKey, type LintParams } from './lint-messages.js';
export { diffCovenants, textDiff, type Change, type Section } from './diff.js';
export { unifiedDiff, diffLines, type DiffLabels, type LineOp } from './line-diff.js';
export { covenantMarkdown, covenantHtmlFragment, direction } from './render.js';
export { pickText, type PickedText } from './render-model.js';
export { isDecimal, DECIMAL, thresholdText } from './threshold.js';
export { vagueWords } from './vague-words.js';
