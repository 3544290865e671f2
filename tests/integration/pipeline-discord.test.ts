import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import { type DiscordTestBot, startDiscordTestBot } from '../support/chat-bot-setup.js';
import { rawInteraction, TEST_DISCORD_APP } from '../support/discord-interaction.js';

// Secrets and files as Discord receives them, through discord.js against the fake Discord API: a new API
// token goes only to the person who asked (ephemeral), and /export arrives as CSV attachments.

const now = new Date('2026-11-23T12:00:00Z');
const APP = TEST_DISCORD_APP;

describeEachBackend('pipeline commands in Discord', (database) => {
  let bot: DiscordTestBot;
  const guild = `GP${process.pid}`;

  beforeAll(async () => {
    bot = await startDiscordTestBot(database().prisma, { guild, now });
  });
  afterAll(async () => {
    await bot?.close();
  });

  async function run(name: string, options: { name: string; type: number; value: string }[] = []) {
    const raw = rawInteraction(name, { guild, options, permissions: PermissionFlagsBits.ManageGuild });
    return { raw, calls: await bot.run(raw) };
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
