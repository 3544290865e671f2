import { ChatInputCommandInteraction, Client, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handleInteraction } from '../../src/bot/discord/discord-gateway.js';
import { DiscordPoster, discordRestOptions } from '../../src/bot/discord/discord-poster.js';
import { ensureChatTeam } from '../../src/core/channels/teams.js';
import { loadConfig } from '../../src/core/config.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { describeEachBackend } from '../support/backends.js';
import { memoryLog } from '../support/command-context.js';
import { rawInteraction, TEST_DISCORD_APP } from '../support/discord-interaction.js';

// Secrets and files as Discord receives them, through discord.js against the fake Discord API: a new API
// token goes only to the person who asked (ephemeral), and /export arrives as CSV attachments.

const now = new Date('2026-11-23T12:00:00Z');
const APP = TEST_DISCORD_APP;

describeEachBackend('pipeline commands in Discord', (database) => {
  let discord: FakeDiscord;
  let client: Client;
  const guild = `GP${process.pid}`;
  let deps: Parameters<typeof handleInteraction>[0];

  beforeAll(async () => {
    discord = await startFakeDiscord();
    const config = loadConfig({
      DISCORD_TOKEN: 'bot-token',
      DISCORD_APPLICATION_ID: APP,
      DISCORD_API_URL: discord.apiUrl,
    });
    client = new Client({ intents: [], rest: discordRestOptions(config) });
    client.rest.setToken('bot-token');
    const db = database().prisma;
    const team = await ensureChatTeam(db, 'discord', guild, 'Acme');
    await ensureDemoChannel(db, team.id, { seed: 3, endDate: new Date('2026-11-23T00:00:00Z') });
    deps = { db, config, log: memoryLog().log, now: () => now, poster: new DiscordPoster(client.rest) };
  });
  afterAll(async () => {
    await client?.destroy();
    await discord?.close();
  });

  async function run(name: string, options: { name: string; type: number; value: string }[] = []) {
    const raw = rawInteraction(name, { guild, options, permissions: PermissionFlagsBits.ManageGuild });
    // The fake Discord, like Discord, knows only the interactions it sent.
    discord.interaction(raw.token, raw.channel_id);
    await handleInteraction(deps, Reflect.construct(ChatInputCommandInteraction, [client, raw]));
    return { raw, calls: discord.calls.filter((call) => call.route.includes(raw.token)) };
  }

  it('shows a new API token only to the person who created it', async () => {
    const { raw, calls } = await run('api-token', [{ name: 'action', type: 3, value: 'create' }]);
    expect(
      calls.map((call) => `${call.method} ${call.route.replace(raw.token, 'TOKEN').replace(raw.id, 'ID')}`),
    ).toEqual([
      'POST /interactions/ID/TOKEN/callback',
      `DELETE /webhooks/${APP}/TOKEN/messages/@original`,
      `POST /webhooks/${APP}/TOKEN`,
    ]);
    expect(calls[2]?.body).toMatchObject({ flags: 64 });
    expect(JSON.stringify(calls[2]?.body)).toMatch(/tp_[0-9a-f]{16}_/);
  });

  it('attaches the export CSVs to the reply', async () => {
    const { calls } = await run('export');
    const edit = calls.find((call) => call.method === 'PATCH');
    // discord.js sends attachments as octet-stream; Discord goes by the file name.
    expect(edit?.files.map((file) => file.name)).toEqual([
      'demo-videos-2026-11-23.csv',
      'demo-effects-2026-11-23.csv',
      'demo-predictions-2026-11-23.csv',
    ]);
    expect(edit?.files[0]?.data.toString('utf8')).toMatch(/^\uFEFFyoutube_id,title,/);
  });
});
