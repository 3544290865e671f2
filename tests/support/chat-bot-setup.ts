import { ChatInputCommandInteraction, Client } from 'discord.js';
import type { DiscordCommandDeps } from '../../src/bot/discord/discord-commands.js';
import { handleInteraction } from '../../src/bot/discord/discord-gateway.js';
import { DiscordPoster, discordRestOptions } from '../../src/bot/discord/discord-poster.js';
import { ensureChatTeam } from '../../src/core/channels/teams.js';
import { type Config, loadConfig } from '../../src/core/config.js';
import type { Db } from '../../src/core/db/database.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { memoryLog } from './command-context.js';
import { type rawInteraction, TEST_DISCORD_APP } from './discord-interaction.js';
import { testEncryptionKey } from './youtube-channel.js';

// The chat bots' test setup, once: a workspace or server team holding the demo channel, and for Discord the
// real discord.js client talking to the fake Discord API.

/** The demo's latest reading in the chat tests. */
const DEMO_END = new Date('2026-11-23T00:00:00Z');

/** The chat team `externalId` (a Slack workspace, a Discord server) named Acme, with the demo channel. */
export async function chatTeamWithDemo(db: Db, platform: 'discord' | 'slack', externalId: string): Promise<number> {
  const team = await ensureChatTeam(db, platform, externalId, 'Acme');
  await ensureDemoChannel(db, team.id, { seed: 3, endDate: DEMO_END });
  return team.id;
}

/** The bot's configuration for the fake Discord at `apiUrl`, plus `extra` settings (HTTP mode, a port). */
export function discordTestConfig(apiUrl: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    DISCORD_TOKEN: 'bot-token',
    DISCORD_APPLICATION_ID: TEST_DISCORD_APP,
    DISCORD_API_URL: apiUrl,
    // Webhook secrets (script approval tests) are stored encrypted.
    TOKEN_ENCRYPTION_KEY: testEncryptionKey,
    ...extra,
  });
}

/** The bot's configuration for the fake Slack at `apiUrl`, signed with `signingSecret`, HTTP on a free port. */
export function slackTestConfig(apiUrl: string, signingSecret: string): Config {
  return loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: apiUrl,
    HTTP_PORT: '0',
    // Webhook secrets (script approval tests) are stored encrypted.
    TOKEN_ENCRYPTION_KEY: testEncryptionKey,
  });
}

/** A discord.js client that talks REST to the fake as the bot (no gateway connection). */
export function discordTestClient(config: Config): Client {
  const client = new Client({ intents: [], rest: discordRestOptions(config) });
  client.rest.setToken(config.DISCORD_TOKEN as string);
  return client;
}

export interface DiscordTestBot {
  discord: FakeDiscord;
  client: Client;
  deps: DiscordCommandDeps;
  teamId: number;
  /**
   * Delivers `raw` as discord.js does from the gateway and waits for the bot to handle it; returns the calls the
   * bot made about that interaction.
   */
  run(raw: ReturnType<typeof rawInteraction>): Promise<FakeDiscord['calls']>;
  close(): Promise<void>;
}

/** The fake Discord, a client for it and the bot's command dependencies, for the team of server `guild`. */
export async function startDiscordTestBot(db: Db, options: { guild: string; now: Date }): Promise<DiscordTestBot> {
  const discord = await startFakeDiscord();
  const config = discordTestConfig(discord.apiUrl);
  const client = discordTestClient(config);
  const teamId = await chatTeamWithDemo(db, 'discord', options.guild);
  const deps: DiscordCommandDeps = {
    db,
    config,
    log: memoryLog().log,
    now: () => options.now,
    poster: new DiscordPoster(client.rest),
  };
  return {
    discord,
    client,
    deps,
    teamId,
    async run(raw) {
      // The fake Discord, like Discord, knows only the interactions it sent.
      discord.interaction(raw.token, raw.channel_id);
      await handleInteraction(deps, Reflect.construct(ChatInputCommandInteraction, [client, raw]));
      return discord.calls.filter((call) => call.route.includes(raw.token) || call.route.includes(raw.id));
    },
    async close() {
      await client.destroy();
      await discord.close();
    },
  };
}
