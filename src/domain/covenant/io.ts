/**
 * Covenant files in and out (issue 3 §3: YAML and JSON import/export).
 *
 * parseCovenant reads a whole file and answers with the covenant or with EVERY problem it can
 * find, each with its path, reason and (when placeable) line and column: syntax (strict JSON,
 * safe YAML), shape (the zod schema), and references (unknown indicators, duplicate ids,
 * pledges by non-parties). Nothing is repaired or guessed. At most MAX_PROBLEMS are listed; the
 * last line then says how many more there were.
 *
 * formatCovenant writes a covenant so that parseCovenant(formatCovenant(c, f), f) gives back c.
 */
import { CovenantShape, type Covenant } from './schema.js';
import { crossChecks } from './references.js';
import { issueProblems, renderPath, type PathProblem, type Problem } from './problems.js';
import { locate, positionOf, readJson, type JsonRead } from './json.js';
import { readYaml, writeYaml } from './yaml.js';

export type CovenantFormat = 'yaml' | 'json';
export type ParseResult = { ok: true; covenant: Covenant } | { ok: false; problems: Problem[] };

/** A covenant at its limits (50 principles, 10,000-character texts in a few languages) fits. */
export const MAX_COVENANT_CHARS = 2_000_000;
export const MAX_PROBLEMS = 100;

export function parseCovenant(text: string, format: CovenantFormat): ParseResult {
  if (typeof text !== 'string') return fail([{ path: '', reason: 'expected the file as text' }]);
  if (text.length > MAX_COVENANT_CHARS)
    return fail([{ path: '', reason: `file too large: ${text.length} characters, at most ${MAX_COVENANT_CHARS}` }]);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return fail([{ path: '', reason: 'the file is empty: start from the starter template' }]);
  const read: JsonRead = format === 'json' ? readJson(body) : readYaml(body);
  const problems: Problem[] = read.problems.map((p) => ({ path: '', reason: p.reason, ...positionOf(body, p.at) }));
  if (read.value !== undefined) {
    const checked = check(read.value);
    const placed = checked.problems.map((p) => {
      const at = read.root === undefined ? undefined : locate(read.root, p.path);
      return { path: renderPath(p.path), reason: p.reason, ...(at === undefined ? {} : positionOf(body, at)) };
    });
    problems.push(...placed);
    if (problems.length === 0 && checked.covenant !== undefined) return { ok: true, covenant: checked.covenant };
  }
  problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  return fail(problems);
}

/** The same checks on a value already decoded (an API body): problems carry paths, no lines. */
export function validateCovenant(value: unknown): ParseResult {
  const { covenant, problems } = check(value);
  if (problems.length === 0 && covenant !== undefined) return { ok: true, covenant };
  return fail(problems.map((p) => ({ path: renderPath(p.path), reason: p.reason })));
}

/** Shape and cross checks, both always run; the covenant when neither found a problem. */
function check(value: unknown): { covenant?: Covenant; problems: PathProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problems: [{ path: [], reason: 'expected a covenant: a mapping with format, horizon, parties, indicators, principles, …' }] };
  const shape = CovenantShape.safeParse(value);
  const problems = shape.success ? [] : issueProblems(shape.error.issues, CovenantShape, value);
  const seen = new Set(problems.map(key));
  for (const p of crossChecks(value)) if (!seen.has(key(p))) problems.push({ path: p.path, reason: p.message });
  return shape.success && problems.length === 0 ? { covenant: shape.data, problems } : { problems };
}

const key = (p: { path: PropertyKey[] }): string => renderPath(p.path);

function fail(problems: Problem[]): ParseResult {
  if (problems.length <= MAX_PROBLEMS) return { ok: false, problems };
  const more = problems.length - MAX_PROBLEMS;
  return { ok: false, problems: [...problems.slice(0, MAX_PROBLEMS), { path: '', reason: `… and ${more} more problems` }] };
}

/** YAML (block style, multi-line texts as literal blocks) or JSON (two-space indent), newline-terminated. */
export function formatCovenant(c: Covenant, format: CovenantFormat): string {
  return format === 'json' ? `${JSON.stringify(c, null, 2)}\n` : writeYaml(c);
}
