/** daylight serve: the web pages, the JSON API and the live archive. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { initInstance, isInitialized, openInstance } from '../../services/instance.js';
import { ensureFirstAdmin } from '../../services/accounts.js';
import { startServer } from '../../http/server.js';
import { scheduleTicks } from '../../services/tick.js';
import { sendReminders } from '../../services/reminders.js';
import { smtpConfigFromEnv } from '../../services/smtp.js';
import { instanceOptions, type GlobalOptions } from '../instance-options.js';
import { parseIndex } from '../io.js';
import { Failed, UsageError } from '../errors.js';
import type { InstanceOptions } from '../../services/instance.js';

/** Loads the demo alliance into an instance that has no alliance yet; otherwise leaves it be. */
async function loadDemo(io: InstanceOptions): Promise<void> {
  const now = new Date();
  let clock = now;
  const ctx = await openInstance({ ...io, now: () => clock });
  try {
    const any = await ctx.db.selectFrom('alliance').select('id').limit(1).executeTakeFirst();
    if (any !== undefined) return;
    process.stderr.write('loading the demo alliance (five moons of history; about a minute)…\n');
    const { seedDemo } = await import('../../demo/seed.js');
    const { alliance } = await seedDemo(ctx, (d) => (clock = d), now);
    process.stderr.write(`demo ready: /alliances/${alliance}\n`);
  } finally {
    await ctx.close();
  }
}

/**
 * `serve --demo` loads the demo in a child process (`daylight demo`): five moons of history
 * allocate memory that V8 keeps once it is garbage, and the server should start without it
 * (docs/benchmarks.md: under 200 MB through the load test).
 */
async function loadDemoApart(io: InstanceOptions): Promise<void> {
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  // the database URL goes by the environment: a command line is visible to every local user
  const env = io.databaseUrl ? { ...process.env, DATABASE_URL: io.databaseUrl } : process.env;
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, main, '--data', io.dataDir, 'demo'], { stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Failed('the demo could not be loaded (see above); nothing is served');
}

export function registerServe(program: Command): void {
  program
    .command('demo')
    .description('load the demo alliance into an instance with no alliance yet (serve --demo does it on first run)')
    .action(async (_opts: unknown, cmd: Command) => {
      const io = instanceOptions(cmd.optsWithGlobals<GlobalOptions>());
      if (!(await isInitialized(io))) throw new UsageError(`${io.dataDir} holds no instance: run daylight init, or daylight serve --demo`);
      await loadDemo(io);
    });

  program
    .command('serve')
    .description('serve pages, API and archive (creates the instance on first run)')
    .option('--port <port>', 'TCP port', '4400')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--secure-cookies', 'mark cookies Secure (behind HTTPS)')
    .option('--demo', 'serve the demo alliance, loaded on first run into its own data directory (./daylight-demo unless --data is given)')
    .action(async (opts: { port: string; host: string; secureCookies?: boolean; demo?: boolean }, cmd: Command) => {
      const port = parseIndex(opts.port, '--port');
      if (port > 65535) throw new UsageError('--port must be at most 65535');
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      // The demo never shares an archive with a real alliance: the archive is forever.
      const demoDir = opts.demo === true && globals.data === undefined && !process.env.DAYLIGHT_DATA;
      const io = instanceOptions(demoDir ? { ...globals, data: './daylight-demo' } : globals);
      let smtp: ReturnType<typeof smtpConfigFromEnv>;
      try {
        smtp = smtpConfigFromEnv();
      } catch (err) {
        throw new UsageError(`DAYLIGHT_SMTP_URL: ${(err as Error).message}`); // never repeats the URL: it holds a password
      }
      if (!(await isInitialized(io))) {
        const { origin, verifierKey } = await initInstance(io);
        process.stderr.write(`created a new instance in ${io.dataDir}\n  origin: ${origin}\n  verifier key: ${verifierKey}\n`);
      }
      if (opts.demo === true) await loadDemoApart(io);
      const ctx = await openInstance(io);
      const admin = await ensureFirstAdmin(ctx);
      if (admin) {
        // Shown once, on the operator's own terminal; never written to a log or the database in clear.
        process.stderr.write(
          `instance admin created — sign in at /login as "${admin.username}" with password: ${admin.password}\n`,
        );
      }
      const server = await startServer(ctx, {
        port,
        hostname: opts.host,
        secureCookies: opts.secureCookies === true,
      });
      process.stderr.write(`Daylight is serving on ${server.url}\n`);
      // Deadlines act by themselves: renewals open and lapse on time without a cron job.
      const stopTicks = scheduleTicks(ctx, {
        everyMs: 5 * 60 * 1000,
        onError: (err) => process.stderr.write(`daylight: scheduled tick failed: ${(err as Error).message}\n`),
      });
      // Reminders go out by themselves too (e-mail when DAYLIGHT_SMTP_URL is set, signed webhooks);
      // each is sent once, so a cron `daylight reminders send` beside the server does no harm.
      const reminders = setInterval(() => {
        sendReminders(ctx, { smtp }).catch((err: Error) =>
          process.stderr.write(`daylight: sending reminders failed: ${err.message}\n`),
        );
      }, 15 * 60 * 1000);
      reminders.unref();
      const stop = async () => {
        clearInterval(reminders);
        stopTicks();
        await server.close();
        await ctx.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
