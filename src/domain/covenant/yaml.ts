/**
 * Safe YAML 1.2 for covenant files (the `yaml` package): core schema only, one document, unique
 * string keys, no merge keys, and no explicit tags, anchors or aliases at all — a covenant needs
 * none, and refusing them closes the "billion laughs" expansion and custom-type doors outright
 * (aliases are also disabled in toJS, maxAliasCount 0, as a second lock).
 * Returns the value with a map of where each node starts, like json.ts, so problems can be placed.
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, stringify, visit, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { MAX_DEPTH, type JsonRead, type SourceNode, type SourceProblem } from './json.js';

const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  customTags: [],
  merge: false,
  uniqueKeys: true,
  stringKeys: true,
  strict: true,
  prettyErrors: false,
};

export function readYaml(text: string): JsonRead {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, PARSE_OPTIONS);
  } catch (e) {
    if (e instanceof RangeError) return { problems: [{ at: 0, reason: 'nested too deeply to read' }] };
    throw e;
  }
  // Unresolved-tag warnings are covered by the explicit-tag problem below.
  const warnings = doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED');
  const problems: SourceProblem[] = [...doc.errors, ...warnings].map((e) => ({ at: e.pos[0], reason: yamlReason(e.message) }));
  let aliases = false;
  visit(doc, (_key, node) => {
    if (!isNode(node)) return;
    const at = node.range?.[0] ?? 0;
    if (isAlias(node)) {
      aliases = true;
      problems.push({ at, reason: `aliases (*${node.source}) are not allowed in a covenant: write the value out in full` });
    } else if (node.anchor) problems.push({ at, reason: `anchors (&${node.anchor}) are not allowed in a covenant: remove it` });
    if (node.tag && !isAlias(node)) problems.push({ at, reason: `explicit tags (${node.tag}) are not allowed in a covenant: remove the tag` });
  });
  if (doc.errors.length > 0 || aliases) return { problems };
  const root = sourceTree(doc.contents, 0);
  if (root === undefined) return { problems: [...problems, { at: 0, reason: `nested deeper than ${MAX_DEPTH} levels` }] };
  return { value: doc.toJS({ maxAliasCount: 0 }), root, problems };
}

/** The package's messages end with " at line L, column C:" and a snippet; we place problems ourselves. */
function yamlReason(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/^./, (c) => c.toLowerCase());
}

function sourceTree(node: unknown, depth: number): SourceNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const at = isNode(node) ? (node.range?.[0] ?? 0) : 0;
  if (isMap(node)) {
    const children = new Map<string, SourceNode>();
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const keyAt = pair.key.range?.[0] ?? at;
      const value = pair.value === null ? { at: keyAt } : sourceTree(pair.value, depth + 1);
      if (value === undefined) return undefined;
      children.set(String(pair.key.value), { ...value, keyAt });
    }
    return { at, children };
  }
  if (isSeq(node)) {
    const children: SourceNode[] = [];
    for (const item of node.items) {
      const c = sourceTree(item, depth + 1);
      if (c === undefined) return undefined;
      children.push(c);
    }
    return { at, children };
  }
  return { at };
}

/** YAML that reads back to the same value: no aliases for repeated objects, no line folding. */
export function writeYaml(value: unknown): string {
  return stringify(value, { version: '1.2', aliasDuplicateObjects: false, lineWidth: 0, indent: 2 });
}
