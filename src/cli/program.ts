/** The daylight command: one sub-command per use case, each a thin call into services. */
import { Command } from 'commander';
import { registerKeys } from './commands/keys.js';
import { registerNote } from './commands/note.js';
import { registerArchive } from './commands/archive.js';
import { registerVerify } from './commands/verify.js';
import { registerServe } from './commands/serve.js';
import { registerAccount } from './commands/account.js';
import { registerOrg } from './commands/org.js';
import { registerMember } from './commands/member.js';
import { registerAlliance } from './commands/alliance.js';
import { registerCycles } from './commands/cycles.js';
import { registerDraw } from './commands/draw.js';
import { registerCovenant } from './commands/covenant.js';
import { registerRenewal } from './commands/renewal.js';
import { registerTick } from './commands/tick.js';
import { registerAudit } from './commands/audit.js';
import { registerScorecard } from './commands/scorecard.js';
import { registerFeedback } from './commands/feedback.js';
import { registerReminders } from './commands/reminders.js';

export function buildProgram(): Command {
  const program = new Command('daylight')
    .description('Daylight: accountable alliances in a tamper-evident public archive')
    .option('--data <dir>', 'data directory (env DAYLIGHT_DATA, default ./daylight-data)')
    .option('--database-url <url>', 'postgres:// URL (env DATABASE_URL; default SQLite in the data directory)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerKeys(program);
  registerNote(program);
  registerArchive(program);
  registerVerify(program);
  registerServe(program);
  registerAccount(program);
  registerOrg(program);
  registerMember(program);
  registerAlliance(program);
  registerCycles(program);
  registerDraw(program);
  registerCovenant(program);
  registerRenewal(program);
  registerTick(program);
  registerAudit(program);
  registerScorecard(program);
  registerFeedback(program);
  registerReminders(program);
  // Every sub-command inherits exitOverride so usage errors reach main() and exit 2.
  for (const c of allCommands(program)) c.exitOverride();
  return program;
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((s) => [s, ...allCommands(s)]);
}
