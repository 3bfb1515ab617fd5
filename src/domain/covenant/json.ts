/**
 * A strict RFC 8259 JSON reader that remembers where every value starts, so a covenant problem can
 * name its line and column, and that refuses what JSON.parse lets through silently: duplicate
 * member names (RFC 8259 §4: "names SHOULD be unique"; a duplicate would let a reader and a signer
 * see different documents). Nesting is capped; error reasons never echo the input.
 * Members are defined as own data properties, so "__proto__" is an ordinary (and, for the schema,
 * unknown) key rather than a prototype change.
 */
export interface Position {
  line: number;
  column: number;
}

/** Where a value starts (its key, for members) and where its children are. */
export interface SourceNode {
  at: number;
  keyAt?: number;
  children?: Map<string, SourceNode> | SourceNode[];
}

export interface SourceProblem {
  at: number;
  reason: string;
}

export interface JsonRead {
  /** present when the text is complete JSON (duplicate names are reported but not fatal) */
  value?: unknown;
  root?: SourceNode;
  problems: SourceProblem[];
}

export const MAX_DEPTH = 64;

class Fatal extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function readJson(text: string): JsonRead {
  const reader = new Reader(text);
  try {
    reader.skipSpace();
    const [value, root] = reader.value(0);
    reader.skipSpace();
    if (reader.i < text.length) throw new Fatal(reader.i, `unexpected ${reader.describe()} after the top-level value`);
    return { value, root, problems: reader.problems };
  } catch (e) {
    if (!(e instanceof Fatal)) throw e;
    return { problems: [...reader.problems, { at: e.at, reason: e.reason }] };
  }
}

class Reader {
  i = 0;
  readonly problems: SourceProblem[] = [];
  constructor(readonly s: string) {}

  describe(): string {
    if (this.i >= this.s.length) return 'end of input';
    const c = this.s.codePointAt(this.i) ?? 0;
    return c < 0x20 || c === 0x7f ? `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(c)}'`;
  }

  skipSpace(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.i++;
    }
  }

  value(depth: number): [unknown, SourceNode] {
    if (depth > MAX_DEPTH) throw new Fatal(this.i, `nested deeper than ${MAX_DEPTH} levels`);
    const at = this.i;
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return [this.string(), { at }];
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return [v, { at }];
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m === null) throw new Fatal(this.i, `expected a value, found ${this.describe()}`);
    this.i += m[0].length;
    const n = Number(m[0]);
    if (!Number.isFinite(n)) throw new Fatal(at, 'number out of range');
    return [n, { at }];
  }

  object(depth: number): [unknown, SourceNode] {
    const at = this.i++;
    const value: Record<string, unknown> = {};
    const children = new Map<string, SourceNode>();
    this.skipSpace();
    if (this.s[this.i] === '}') {
      this.i++;
      return [value, { at, children }];
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] !== '"') throw new Fatal(this.i, `expected a member name in double quotes, found ${this.describe()}`);
      const keyAt = this.i;
      const key = this.string();
      this.skipSpace();
      if (this.s[this.i] !== ':') throw new Fatal(this.i, `expected ':' after a member name, found ${this.describe()}`);
      this.i++;
      this.skipSpace();
      const [v, node] = this.value(depth + 1);
      if (children.has(key)) this.problems.push({ at: keyAt, reason: `duplicate member name ${JSON.stringify(key)}: each name may appear once` });
      else {
        Object.defineProperty(value, key, { value: v, enumerable: true, writable: true, configurable: true });
        children.set(key, { ...node, keyAt });
      }
      this.skipSpace();
      const sep = this.s[this.i];
      this.i++;
      if (sep === '}') return [value, { at, children }];
      if (sep !== ',') {
        this.i--;
        throw new Fatal(this.i, `expected ',' or '}' after a member, found ${this.describe()}`);
      }
      this.skipSpace();
      if (this.s[this.i] === '}') throw new Fatal(this.i, "trailing comma before '}'");
    }
  }

  array(depth: number): [unknown, SourceNode] {
    const at = this.i++;
    const value: unknown[] = [];
    const children: SourceNode[] = [];
    this.skipSpace();
    if (this.s[this.i] === ']') {
      this.i++;
      return [value, { at, children }];
    }
    for (;;) {
      this.skipSpace();
      const [v, node] = this.value(depth + 1);
      value.push(v);
      children.push(node);
      this.skipSpace();
      const sep = this.s[this.i];
      this.i++;
      if (sep === ']') return [value, { at, children }];
      if (sep !== ',') {
        this.i--;
        throw new Fatal(this.i, `expected ',' or ']' after an element, found ${this.describe()}`);
      }
      this.skipSpace();
      if (this.s[this.i] === ']') throw new Fatal(this.i, "trailing comma before ']'");
    }
  }

  string(): string {
    const s = this.s;
    const start = this.i++;
    let out = '';
    let run = this.i;
    for (;;) {
      if (this.i >= s.length) throw new Fatal(start, 'string not closed: a double quote is missing');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(run, this.i++);
        return out;
      }
      if (c < 0x20) throw new Fatal(this.i, `${this.describe()} inside a string: write it as an escape such as \\n`);
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(run, this.i);
      out += this.escape();
      run = this.i;
    }
  }

  escape(): string {
    const at = this.i;
    const e = this.s[this.i + 1] ?? '';
    if (e === 'u') {
      const hex = this.s.slice(this.i + 2, this.i + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new Fatal(at, 'bad \\u escape: expected four hexadecimal digits');
      this.i += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const decoded = ESCAPES[e];
    if (decoded === undefined) throw new Fatal(at, 'bad escape: use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX');
    this.i += 2;
    return decoded;
  }
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
export function positionOf(text: string, at: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/** The node at a path, or the nearest ancestor that exists; for a member, where its name starts. */
export function locate(root: SourceNode, path: readonly PropertyKey[]): number {
  let node = root;
  for (const key of path) {
    const children = node.children;
    const next =
      children instanceof Map ? (typeof key === 'string' ? children.get(key) : undefined) : typeof key === 'number' ? children?.[key] : undefined;
    if (next === undefined) break;
    node = next;
  }
  return node.keyAt ?? node.at;
}
