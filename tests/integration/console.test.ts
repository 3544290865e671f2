import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/bot/cli/console.js';
import type { Database } from '../../src/core/db/database.js';
import { commandContext } from '../support/command-context.js';
import { openPgliteTestDatabase } from '../support/test-databases.js';

let database: Database;
let dir: string;

beforeAll(async () => {
  database = await openPgliteTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'tubepilot-console-'));
});

afterAll(async () => {
  await database.close();
});

const PROMPT = 'tubepilot> ';

/** Types keystrokes into an interactive console session and returns everything it drew. */
async function session(keys: string[], historyFile: string): Promise<string> {
  const ctx = await commandContext(database.prisma, { surface: 'console' });
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  const prompts = () => screen.split(PROMPT).length - 1;
  const drawn = (until: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!until()) return;
        output.off('data', check);
        resolve();
      };
      output.on('data', check);
      check();
    });
  output.on('data', (chunk) => {
    screen += chunk;
  });
  const done = runConsole(ctx, { input, output, interactive: true, imageDir: dir, historyFile });
  await drawn(() => prompts() === 1);
  for (const key of keys) {
    // Wait on what the console draws, never on the clock: an answered line ends with the next prompt, any other
    // key with its echo.
    const [before, length] = [prompts(), screen.length];
    input.write(key);
    if (key === 'exit\r') break;
    await drawn(() => (key.endsWith('\r') ? prompts() > before : screen.length > length));
  }
  input.end();
  await done;
  return screen;
}

describe('interactive console', () => {
  it('prompts, answers, and remembers commands across sessions', async () => {
    const historyFile = join(dir, 'history');
    const first = await session(['/help\r', 'exit\r'], historyFile);
    expect(first).toContain('tubepilot> ');
    expect(first).toContain('TubePilot commands');
    expect(await readFile(historyFile, 'utf8')).toBe('/help\n');

    // Up-arrow recalls the previous session's command.
    const second = await session(['\x1b[A', '\r', 'exit\r'], historyFile);
    expect(second.match(/TubePilot commands/g)).toHaveLength(1);
    expect(await readFile(historyFile, 'utf8')).toBe('/help\n/help\n');
  });
});
