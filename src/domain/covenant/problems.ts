/**
 * Problems with a covenant file, as people read them: a path (`principles[2].tests[0].indicator`)
 * and a one-line reason saying what is wrong and what to do. Zod issues are rendered here; an
 * unknown field gets the fields allowed at that place and, when one is close, a "did you mean".
 */
import type { z } from 'zod';
import { renderPath } from './references.js';

export interface Problem {
  /** where in the document; '' for the file itself (syntax, size) */
  path: string;
  reason: string;
  /** 1-based, when the problem could be placed in the source text */
  line?: number;
  column?: number;
}

/** A problem before it is placed: the raw path, for locating it in the source. */
export interface PathProblem {
  path: PropertyKey[];
  reason: string;
}

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Renders zod issues; `schema` and `input` let unknown fields name the allowed ones. */
export function issueProblems(issues: readonly Issue[], schema: AnySchema, input: unknown): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      const allowed = fieldsAt(schema, input, path);
      for (const key of issue.keys) out.push({ path: [...path, key], reason: unknownField(key, allowed) });
    } else if (issue.code !== 'custom' && absent(input, path)) out.push({ path, reason: missing(issue) });
    else out.push({ path, reason: reasonFor(issue) });
  }
  return out;
}

/** True when the path's last key is not in its (existing) parent: a required field left out. */
function absent(input: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let v = input;
  for (const key of path.slice(0, -1)) {
    if (typeof v !== 'object' || v === null) return false;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  const last = path[path.length - 1] as PropertyKey;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.hasOwn(v, last);
}

function missing(issue: Issue): string {
  if (issue.code === 'invalid_value') return `missing: this field is required (one of: ${issue.values.map(String).join(', ')})`;
  if (issue.code === 'invalid_type') return `missing: this field is required (${article(issue.expected)})`;
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options))
    return `missing: this field is required (one of: ${issue.options.map(String).join(', ')})`;
  return 'missing: this field is required';
}

function reasonFor(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (issue.message.startsWith('Invalid input:')) return `expected ${article(issue.expected)}, got ${article(received ?? 'something else')}`;
      return issue.message;
    }
    case 'invalid_value':
      if (issue.message.startsWith('Invalid')) return `expected ${issue.values.length === 1 ? '' : 'one of: '}${issue.values.map(String).join(', ')}`;
      return issue.message;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) return `expected one of: ${issue.options.map(String).join(', ')}`;
      return issue.message === 'Invalid input' ? 'matches none of the allowed forms' : issue.message;
    case 'invalid_key':
      return issue.issues[0]?.message ?? issue.message;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'a mapping of fields',
    array: 'a list',
    null: 'nothing (null)',
  };
  return names[type] ?? type;
}

function unknownField(key: PropertyKey, allowed: string[] | undefined): string {
  const name = String(key);
  if (allowed === undefined) return `unknown field '${name}': remove it or check the spelling`;
  const near = allowed.find((a) => distance(a.toLowerCase(), name.toLowerCase()) <= Math.max(1, Math.floor(a.length / 4)));
  const hint = near !== undefined ? `did you mean '${near}'? ` : '';
  return `unknown field '${name}': ${hint}fields here are ${allowed.join(', ')}`;
}

// ---------------------------------------------------------------- walking the schema

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  valueType?: AnySchema;
}

const defOf = (s: AnySchema): Def => s._zod.def as unknown as Def;

/** The field names the schema allows at `path` (the object the path points into). */
export function fieldsAt(schema: AnySchema, input: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let s: AnySchema | undefined = schema;
  let v = input;
  for (const key of path) {
    s = child(s, v, key);
    if (s === undefined) return undefined;
    v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  }
  const object = resolve(s, v);
  const shape = object === undefined ? undefined : defOf(object).shape;
  return shape === undefined ? undefined : Object.keys(shape);
}

function child(s: AnySchema, v: unknown, key: PropertyKey): AnySchema | undefined {
  const r = resolve(s, v);
  if (r === undefined) return undefined;
  const d = defOf(r);
  if (d.type === 'object' && typeof key === 'string') return d.shape?.[key];
  if (d.type === 'array') return d.element;
  if (d.type === 'record') return d.valueType;
  return undefined;
}

/** Unwraps optional/default/pipe and picks the union member the value's discriminator selects. */
function resolve(s: AnySchema, v: unknown): AnySchema | undefined {
  for (let guard = 0; guard < 16; guard++) {
    const d = defOf(s);
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable') && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'union' && d.discriminator !== undefined && d.options) {
      const tag = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[d.discriminator] : undefined;
      const pick = d.options.find((o) => {
        const lit = defOf(o).shape?.[d.discriminator as string];
        return lit !== undefined && (lit._zod.def as unknown as { values?: unknown[] }).values?.includes(tag);
      });
      if (pick === undefined) return undefined;
      s = pick;
    } else return s;
  }
  return undefined;
}

/** Levenshtein distance, for short field names only. */
function distance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? Infinity;
}

/** One line per problem: `principles[0].id (line 4, column 9): reason`. */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? '' : `line ${p.line}, column ${p.column ?? 1}`;
  if (p.path === '') return where === '' ? p.reason : `${where}: ${p.reason}`;
  return where === '' ? `${p.path}: ${p.reason}` : `${p.path} (${where}): ${p.reason}`;
}

export { renderPath };
