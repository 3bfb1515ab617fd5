/**
 * The daylight command: one sub-command per use case, each a thin call into services.
 *
 * Commands are loaded lazily: `daylight verify` or `daylight note verify` on a reader's machine
 * should not pay for loading the database drivers, the web layer and the PDF engine. Only the
 * module that defines the command being run is imported; help and unknown commands load all.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

const MODULES: Record<string, () => Promise<Register>> = {
  keys: () => import('./commands/keys.js').then((m) => m.registerKeys),
  note: () => import('./commands/note.js').then((m) => m.registerNote),
  archive: () => import('./commands/archive.js').then((m) => m.registerArchive),
  verify: () => import('./commands/verify.js').then((m) => m.registerVerify),
  serve: () => import('./commands/serve.js').then((m) => m.registerServe),
  account: () => import('./commands/account.js').then((m) => m.registerAccount),
  org: () => import('./commands/org.js').then((m) => m.registerOrg),
  member: () => import('./commands/member.js').then((m) => m.registerMember),
  alliance: () => import('./commands/alliance.js').then((m) => m.registerAlliance),
  cycles: () => import('./commands/cycles.js').then((m) => m.registerCycles),
  draw: () => import('./commands/draw.js').then((m) => m.registerDraw),
  covenant: () => import('./commands/covenant.js').then((m) => m.registerCovenant),
  renewal: () => import('./commands/renewal.js').then((m) => m.registerRenewal),
  tick: () => import('./commands/tick.js').then((m) => m.registerTick),
  audit: () => import('./commands/audit.js').then((m) => m.registerAudit),
  scorecard: () => import('./commands/scorecard.js').then((m) => m.registerScorecard),
  feedback: () => import('./commands/feedback.js').then((m) => m.registerFeedback),
  reminders: () => import('./commands/reminders.js').then((m) => m.registerReminders),
  health: () => import('./commands/health.js').then((m) => m.registerHealth),
  lesson: () => import('./commands/lesson.js').then((m) => m.registerLesson),
  support: () => import('./commands/support.js').then((m) => m.registerSupport),
  local: () => import('./commands/local.js').then((m) => m.registerLocal),
  observe: () => import('./commands/observe.js').then((m) => m.registerObserve),
  decide: () => import('./commands/decide.js').then((m) => m.registerDecide),
  standing: () => import('./commands/standing.js').then((m) => m.registerStanding),
};

/** Top-level command name → the module that defines it. */
const COMMANDS: Record<string, keyof typeof MODULES> = {
  init: 'keys',
  keygen: 'keys',
  note: 'note',
  statement: 'archive',
  proof: 'archive',
  redact: 'archive',
  archive: 'archive',
  verify: 'verify',
  serve: 'serve',
  demo: 'serve',
  account: 'account',
  org: 'org',
  member: 'member',
  alliance: 'alliance',
  cycles: 'cycles',
  draw: 'draw',
  covenant: 'covenant',
  renewal: 'renewal',
  tick: 'tick',
  cycle: 'audit',
  scorecard: 'scorecard',
  feedback: 'feedback',
  reminders: 'reminders',
  health: 'health',
  lesson: 'lesson',
  support: 'support',
  local: 'local',
  observe: 'observe',
  decide: 'decide',
  standing: 'standing',
};

/** Global options that take a value, so their value is not mistaken for the command name. */
const VALUED_GLOBALS = new Set(['--data', '--database-url']);

/** The command named on the command line, if any (argv as process.argv). */
export function commandName(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (VALUED_GLOBALS.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('daylight')
    .description('Daylight: accountable alliances in a tamper-evident public archive')
    .option('--data <dir>', 'data directory (env DAYLIGHT_DATA, default ./daylight-data)')
    .option('--database-url <url>', 'postgres:// URL (env DATABASE_URL; default SQLite in the data directory)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const name = commandName(argv);
  const module = name === undefined ? undefined : COMMANDS[name];
  const wanted = module === undefined ? Object.keys(MODULES) : [module];
  for (const register of await Promise.all(wanted.map((m) => MODULES[m]!()))) register(program);
  // Every sub-command inherits exitOverride so usage errors reach main() and exit 2.
  for (const c of allCommands(program)) c.exitOverride();
  return program;
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((s) => [s, ...allCommands(s)]);
}
