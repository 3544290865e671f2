import { RESTEvents, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordRest, createInteractionRest } from '../../src/bot/discord/discord-poster.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { discordTestConfig } from '../support/chat-bot-setup.js';
import { TEST_DISCORD_APP } from '../support/discord-interaction.js';

// Discord does not count interaction endpoints against the bot's global 50 requests a second; @discordjs/rest
// holds every request of a client to it unless told otherwise. A burst of answers must not queue behind it.

let discord: FakeDiscord;
beforeAll(async () => {
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await discord?.close();
});

/** Follows up 60 interactions at once; resolves with whether the client held itself to a global limit. */
async function burst(rest: ReturnType<typeof createDiscordRest>, prefix: string): Promise<boolean> {
  let heldGlobally = false;
  rest.on(RESTEvents.RateLimited, (info) => {
    if (info.global) heldGlobally = true;
  });
  const tokens = Array.from({ length: 60 }, (_, index) => `${prefix}-${index}`);
  for (const token of tokens) discord.interaction(token, '700000000000000001');
  await Promise.all(
    tokens.map((token) =>
      rest.post(Routes.webhook(TEST_DISCORD_APP, token), { body: { content: 'answer' }, auth: false }),
    ),
  );
  return heldGlobally;
}

describe('the interaction answer client', () => {
  it('sends a burst of interaction answers without holding them to the global limit; the bot client would', async () => {
    const config = discordTestConfig(discord.apiUrl);
    expect(await burst(createInteractionRest(config), 'answers')).toBe(false);
    expect(await burst(createDiscordRest(config), 'bot')).toBe(true);
    const answered = discord.calls.filter((call) => call.method === 'POST' && call.route.startsWith('/webhooks/'));
    expect(answered).toHaveLength(120);
  });
});
