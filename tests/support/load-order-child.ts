// Loads the Slack and Discord adapters in the order given (module load order is per process, hence a child
// process per order), then posts a Reply with a PNG to the fake Discord at the given API URL. Prints the
// posted message id, or the error, as one JSON line.
const [order, apiUrl] = process.argv.slice(2) as ['slack-first' | 'discord-first', string];
const loadSlack = () => import('../../src/bot/slack/slack-app.js');
const loadDiscord = () => import('../../src/bot/discord/discord-poster.js');
if (order === 'slack-first') await loadSlack();
const { createDiscordRest, DiscordPoster } = await loadDiscord();
if (order === 'discord-first') await loadSlack();
const { loadConfig } = await import('../../src/core/config.js');

const poster = new DiscordPoster(
  createDiscordRest(loadConfig({ DISCORD_TOKEN: 'bot-token', DISCORD_API_URL: apiUrl })),
);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
try {
  const posted = await poster.postToRoom(`C-${order}`, {
    kind: 'result',
    title: 'Digest',
    images: [{ name: 'views.png', png, alt: 'Views per day' }],
  });
  process.stdout.write(`${JSON.stringify({ messageRef: posted.messageRef })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
}
