// `npm start`: TubePilot in the mode its configuration allows: the Discord and/or Slack bot when their tokens
// are set, else a local console on the embedded database, loaded with the demo channel on first run.
import { join } from 'node:path';
import type { CommandSocket } from './bot/cli/command-socket.js';
import { runConsole } from './bot/cli/console.js';
import { serveForwardedCommands } from './bot/cli/forwarded-commands.js';
import { openLocalSession } from './bot/session.js';
import { shutdownSignal } from './bot/shutdown-signal.js';
import { chatPlatformsConfigured, startupConfig } from './bot/startup-config.js';
import { listChannels } from './core/channels/channel-directory.js';
import { DataDirLockedError } from './core/db/data-dir-lock.js';
import { DatabaseTooNewError } from './core/db/database-too-new.js';
import { ensureDemoChannel } from './core/demo/seed-demo.js';
import { createLogger } from './core/logger.js';
import { WorkQueue } from './core/work-queue.js';

async function main(): Promise<number> {
  const config = startupConfig();
  if (!config) return 2;
  if (chatPlatformsConfigured(config)) {
    // Discord and Slack's SDKs load only for the bot, not for the console.
    const { runChatBot } = await import('./bot/chat-bot.js');
    await runChatBot(config, createLogger(config.LOG_LEVEL));
    return 0;
  }
  // Info lines would interleave with the chat on the same terminal; the console logs warnings and up by default.
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const say = (text: string) => process.stderr.write(`${text}\n`);
  say(
    `TubePilot — no DISCORD_TOKEN or SLACK_BOT_TOKEN set: local console${interactive ? '' : ' (reading commands from standard input)'}.`,
  );

  const stopping = shutdownSignal(say);
  const session = await openLocalSession({ config, log, surface: 'console', holder: 'tubepilot console (npm start)' });
  const queue = new WorkQueue();
  let socket: CommandSocket | undefined;
  try {
    say(`Database: ${session.database.kind} (${session.database.location}).`);
    if ((await listChannels(session.ctx.db, session.ctx.team.id)).length === 0) {
      say('First run: generating the demo channel (synthetic data)…');
      await ensureDemoChannel(session.ctx.db, session.ctx.team.id, {
        seed: config.DEMO_SEED,
        endDate: session.ctx.now(),
      });
    }
    if (session.database.lock) {
      socket = await serveForwardedCommands({ db: session.ctx.db, config, log, queue });
      if (socket) say(`CLI commands on this data folder run in this console (socket ${socket.path}).`);
    }
    if (interactive) say('Type /help for the commands, /stats for an overview, exit to leave.\n');
    const errors = await runConsole(session.ctx, {
      input: process.stdin,
      output: process.stdout,
      interactive,
      imageDir: join(config.DATA_DIR, 'replies'),
      historyFile: join(config.DATA_DIR, 'console_history'),
      queue,
      stopping,
    });
    return interactive || stopping.aborted || errors === 0 ? 0 : 1;
  } finally {
    await Promise.all([socket?.close(), queue.close()]);
    await session.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  // Another process has the data folder, or a newer TubePilot migrated the database: say what to do, without
  // a stack trace.
  if (!(error instanceof DataDirLockedError || error instanceof DatabaseTooNewError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = error instanceof DataDirLockedError ? 3 : 1;
}
