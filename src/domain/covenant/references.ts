/**
 * References between the parts of a covenant, checked on any value (valid or not), so a file with
 * shape errors still gets these findings in the same answer:
 *   ids are unique within indicators, principles, exit.benchmarks and audit.dimensions;
 *   parties are listed once; every test and benchmark names a defined indicator;
 *   every mirroring pledge belongs to a party; rotating reviewers ≤ parties − 1 (nobody reviews itself).
 * Defensive by construction: each accessor checks the type it reads and skips what it cannot read
 * (the shape check reports that part).
 */
export interface CrossProblem {
  path: (string | number)[];
  message: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
// Lists longer than any limit are already a shape error; reading a bounded prefix keeps hostile
// input from costing more.
const READ_AT_MOST = 1000;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v.slice(0, READ_AT_MOST) : []);
const field = (v: unknown, key: string): unknown => (isObj(v) && Object.hasOwn(v, key) ? v[key] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function crossChecks(value: unknown): CrossProblem[] {
  const out: CrossProblem[] = [];
  const parties = arr(field(value, 'parties'));
  duplicates(parties.map(str), ['parties'], 'party', out, []);
  const indicators = arr(field(value, 'indicators'));
  const indicatorIds = indicators.map((x) => str(field(x, 'id')));
  duplicates(indicatorIds, ['indicators'], 'indicator id', out, ['id']);
  const principles = arr(field(value, 'principles'));
  duplicates(principles.map((x) => str(field(x, 'id'))), ['principles'], 'principle id', out, ['id']);
  const exit = field(value, 'exit');
  const benchmarks = arr(field(exit, 'benchmarks'));
  duplicates(benchmarks.map((x) => str(field(x, 'id'))), ['exit', 'benchmarks'], 'benchmark id', out, ['id']);
  const audit = field(value, 'audit');
  const dimensions = arr(field(audit, 'dimensions'));
  duplicates(dimensions.map((x) => str(field(x, 'id'))), ['audit', 'dimensions'], 'dimension id', out, ['id']);
  duplicates(arr(field(audit, 'quotas')).map((q) => str(field(q, 'role'))), ['audit', 'quotas'], 'quota role', out, ['role']);

  const known = new Set(indicatorIds.filter((x): x is string => x !== undefined));
  principles.forEach((p, i) =>
    arr(field(p, 'tests')).forEach((t, j) => indicatorRef(field(t, 'indicator'), ['principles', i, 'tests', j, 'indicator'], known, out)),
  );
  benchmarks.forEach((b, i) => indicatorRef(field(b, 'indicator'), ['exit', 'benchmarks', i, 'indicator'], known, out));

  const partySet = new Set(parties.filter((x): x is string => typeof x === 'string'));
  arr(field(value, 'mirroring')).forEach((m, i) => {
    const party = str(field(m, 'party'));
    if (party !== undefined && !partySet.has(party))
      out.push({ path: ['mirroring', i, 'party'], message: `'${party}' is not a party of this covenant: pledges are made by parties (${list(partySet)})` });
  });

  const reviewers = field(field(audit, 'assignment'), 'reviewers');
  if (typeof reviewers === 'number' && partySet.size >= 2 && reviewers > partySet.size - 1)
    out.push({
      path: ['audit', 'assignment', 'reviewers'],
      message: `${reviewers} reviewers but only ${partySet.size - 1} other parties: use at most ${partySet.size - 1}, or all-to-all`,
    });
  return out;
}

function duplicates(ids: (string | undefined)[], at: (string | number)[], what: string, out: CrossProblem[], suffix: string[]): void {
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id === undefined) return;
    const j = first.get(id);
    if (j === undefined) first.set(id, i);
    else out.push({ path: [...at, i, ...suffix], message: `duplicate ${what} '${id}' (first at ${renderPath([...at, j])}): ids must be unique` });
  });
}

function indicatorRef(ref: unknown, path: (string | number)[], known: Set<string>, out: CrossProblem[]): void {
  if (typeof ref !== 'string' || known.has(ref)) return;
  const hint = known.size === 0 ? 'no indicators are defined yet' : `defined: ${list(known)}`;
  out.push({ path, message: `unknown indicator '${ref}': define it under indicators or name an existing one (${hint})` });
}

function list(xs: Iterable<string>): string {
  const all = [...xs];
  const shown = all.slice(0, 12).join(', ');
  return all.length > 12 ? `${shown}, … ${all.length - 12} more` : shown;
}

/**
 * A path as people read it: `principles[2].tests[0].indicator`; keys that are not plain
 * identifiers are quoted (`text["pt-BR"]`).
 */
export function renderPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
