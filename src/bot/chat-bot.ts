import { once } from 'node:events';
import type { App } from '@slack/bolt';
import type { Client } from 'discord.js';
import type { ScheduledTask } from 'node-cron';
import { chartRendererFor } from '../core/charts/choose-renderer.js';
import type { Config } from '../core/config.js';
import { type Database, openDatabase } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';
import { WorkQueue } from '../core/work-queue.js';
import { startDailyCycle } from '../jobs/cycle-scheduler.js';
import { productCycle } from '../jobs/cycle-steps.js';
import type { ChatPosters } from '../jobs/daily-cycle.js';
import type { ChatDeps } from './chat-context.js';
import { createChatPosters } from './chat-posters.js';
import { serveForwardedCommands } from './cli/forwarded-commands.js';
import { attachDiscordHandlers, createDiscordClient } from './discord/discord-gateway.js';
import { discordInteractionsRoute } from './discord/discord-http.js';
import { createDiscordRest, createInteractionRest, DiscordPoster } from './discord/discord-poster.js';
import { healthRoute, type Route, type RunningHttpServer, startHttpServer } from './http/http-server.js';
import { pipelineApiRoutes } from './http/pipeline-api.js';
import { youtubeCallbackRoute } from './http/youtube-callback-route.js';
import { shutdownSignal } from './shutdown-signal.js';
import { createSlackBot } from './slack/slack-app.js';

// The running chat bot: the platforms whose tokens are configured, and one HTTP server for whatever
// needs a public endpoint (Slack HTTP mode, Discord interactions, OAuth callbacks, health).

export interface ChatBot {
  platforms: string[];
  http?: RunningHttpServer;
  /** Where the bot's commands wait their turn; a daily cycle in the same process shares it. */
  queue: WorkQueue;
  stop(): Promise<void>;
}

/**
 * Starts the bot on an open database. `extraRoutes` lets other capabilities (the OAuth callback) join the
 * HTTP server; it is started whenever a route needs it.
 */
export async function startChatBot(
  deps: ChatDeps,
  options: { extraRoutes?: Route[]; host?: string } = {},
): Promise<ChatBot> {
  const { config, log } = deps;
  const queue = deps.queue ?? new WorkQueue();
  deps = { ...deps, queue };
  const routes: Route[] = [healthRoute, ...(options.extraRoutes ?? [])];
  const platforms: string[] = [];
  let discordClient: Client | undefined;
  let slackApp: App | undefined;
  if (config.DISCORD_TOKEN) {
    const rest = createDiscordRest(config);
    const discordDeps = { ...deps, poster: new DiscordPoster(rest) };
    if (config.DISCORD_MODE === 'http')
      routes.push(discordInteractionsRoute(discordDeps, createInteractionRest(config)));
    else {
      discordClient = createDiscordClient(config);
      attachDiscordHandlers(discordClient, discordDeps);
    }
    platforms.push(`Discord (${config.DISCORD_MODE})`);
  }
  if (config.SLACK_BOT_TOKEN) {
    const slack = createSlackBot(deps);
    if (slack.route) routes.push(slack.route);
    else slackApp = slack.app;
    platforms.push(`Slack (${config.SLACK_MODE})`);
  }
  // Chart libraries and font loaded now, not during the first cycle while commands are being acknowledged.
  await chartRendererFor(config).warmUp?.();
  const needsHttp = routes.length > 1;
  const http = needsHttp
    ? await startHttpServer(routes, { port: config.HTTP_PORT, log, ...(options.host ? { host: options.host } : {}) })
    : undefined;
  if (http) queue.watchArrivals(http.server);
  await discordClient?.login(config.DISCORD_TOKEN);
  await slackApp?.start();
  log.info({ platforms, port: http?.port }, 'chat bot started');
  return {
    platforms,
    ...(http ? { http } : {}),
    queue,
    async stop() {
      // New work stops arriving first; commands already acknowledged then finish and post their answers.
      const httpClosed = http && new Promise<void>((resolve) => http.server.close(() => resolve()));
      http?.server.closeIdleConnections();
      await slackApp?.stop();
      await discordClient?.destroy();
      await queue.close();
      http?.server.closeAllConnections();
      await httpClosed;
    },
  };
}

/**
 * The daily cycle in the bot's process: refresh → strategy → digests in the bound rooms, each once. Its steps
 * are background jobs of the bot's queue: they wait for the commands waiting, and never keep requests from being
 * acknowledged.
 */
export function startBotCycle(
  deps: ChatDeps,
  bot: ChatBot,
  posters: ChatPosters,
  options: Parameters<typeof startDailyCycle>[1] = {},
): ScheduledTask {
  return startDailyCycle(productCycle({ ...deps, posters }, bot.queue), options);
}

/** `npm start` with a chat token: the bot until SIGINT/SIGTERM, then a clean stop. */
export async function runChatBot(config: Config, log: Logger): Promise<void> {
  const stopping = shutdownSignal((line) => process.stderr.write(`${line}\n`));
  const database: Database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    holder: 'tubepilot bot (npm start)',
  });
  try {
    const stale = database.lock?.tookOverFrom;
    if (stale) log.warn({ stale }, 'took over the data folder lock of a TubePilot process that had died');
    const deps: ChatDeps = { db: database.prisma, config, log, now: () => new Date() };
    const posters = createChatPosters(config);
    const bot = await startChatBot(deps, {
      extraRoutes: [youtubeCallbackRoute(deps, posters), ...pipelineApiRoutes(deps)],
    });
    const cycle = startBotCycle(deps, bot, posters);
    // Only the embedded database is locked to this process; with PostgreSQL a CLI opens it itself.
    const socket = database.lock ? await serveForwardedCommands({ ...deps, queue: bot.queue }) : undefined;
    process.stderr.write(
      `TubePilot — running in ${bot.platforms.join(' and ')}${bot.http ? `; HTTP on port ${bot.http.port}` : ''}. Ctrl+C stops.\n`,
    );
    if (!stopping.aborted) await once(stopping, 'abort');
    log.info('shutting down');
    // A cycle step that has not started is refused; its claimed digests are sent again after the lease.
    await cycle.stop();
    await Promise.all([socket?.close(), bot.stop()]);
  } finally {
    await database.close();
  }
  process.stderr.write('TubePilot stopped.\n');
}
