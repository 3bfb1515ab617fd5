/**
 * Per-page JSON twins (issue 6 §8): a public page at P has its data at P + ".json" ("/" at
 * "/index.json") — a name that works on the live site and, as a file beside P's HTML, on any
 * static host of the export, where a query string (?format=json) would not. The twin is the
 * API's object for what the page shows (routes/twins.ts); only these pages have one.
 */
export const TWIN_PAGES = {
  home: /^\/$/,
  alliances: /^\/alliances$/,
  alliance: /^\/alliances\/([a-z0-9-]+)$/,
  version: /^\/alliances\/([a-z0-9-]+)\/covenant\/versions\/([0-9]{1,9})$/,
  renewal: /^\/alliances\/([a-z0-9-]+)\/renewals\/([0-9]{1,9})$/,
  cycles: /^\/alliances\/([a-z0-9-]+)\/cycles$/,
  warnings: /^\/alliances\/([a-z0-9-]+)\/warnings$/,
  proposal: /^\/alliances\/([a-z0-9-]+)\/proposals\/([0-9]{1,9})$/,
  lessons: /^\/alliances\/([a-z0-9-]+)\/lessons$/,
  lesson: /^\/alliances\/([a-z0-9-]+)\/lessons\/([0-9]{1,9})$/,
  health: /^\/alliances\/([a-z0-9-]+)\/health$/,
  support: /^\/alliances\/([a-z0-9-]+)\/support$/,
  local: /^\/alliances\/([a-z0-9-]+)\/local$/,
  scorecard: /^\/scorecards\/([0-9]{1,9})$/,
  orgs: /^\/orgs$/,
  org: /^\/orgs\/([a-z0-9-]+)$/,
  archive: /^\/archive\/?$/,
} as const;

export type TwinKind = keyof typeof TWIN_PAGES;

/** The kind of twin page `path` has and its parameters, or null when it has none. */
export function twinOf(path: string): { kind: TwinKind; params: string[] } | null {
  for (const [kind, re] of Object.entries(TWIN_PAGES) as [TwinKind, RegExp][]) {
    const m = re.exec(path);
    if (m !== null) return { kind, params: m.slice(1) };
  }
  return null;
}

/** The twin's URL path for page `path`, or null when the page has no twin. */
export function twinPath(path: string): string | null {
  if (twinOf(path) === null) return null;
  if (path === '/') return '/index.json';
  return `${path.replace(/\/$/, '')}.json`;
}

/** The page a twin URL path belongs to ("/index.json" → "/"), or null when it names none. */
export function pageOfTwin(path: string): string | null {
  if (!path.endsWith('.json')) return null;
  const page = path === '/index.json' ? '/' : path.slice(0, -'.json'.length);
  return twinOf(page) === null ? null : page;
}
