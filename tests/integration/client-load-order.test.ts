import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';

// @slack/bolt (through @slack/socket-mode) loads undici 7 and discord.js's REST client undici 6; the first one
// loaded used to own the process-global dispatcher, and with Bolt first every Discord post with an image
// failed. Each order runs in a fresh process and must post its image.

describe('Slack and Discord adapters in one process', () => {
  let discord: FakeDiscord;

  beforeAll(async () => {
    discord = await startFakeDiscord();
  });

  afterAll(async () => {
    await discord?.close();
  });

  async function runChild(order: 'slack-first' | 'discord-first') {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../support/load-order-child.ts'), order, discord.apiUrl],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(stdout.trim()) as { messageRef?: string; error?: string };
  }

  it.each(['slack-first', 'discord-first'] as const)('posts a PNG to Discord with %s', async (order) => {
    expect(await runChild(order)).toEqual({ messageRef: expect.any(String) });
    const call = discord.calls.find((entry) => entry.route === `/channels/C-${order}/messages`);
    expect(call?.files).toEqual([expect.objectContaining({ name: 'views.png', contentType: 'image/png', size: 11 })]);
  });
});
