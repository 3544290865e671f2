// The Node flags `npm start` gives the bot, read from package.json: the benches run the bot's code as a user's
// `npm start` runs it (its young generation above all: docs/architecture.md, "Memory: V8's flags per kind of
// process").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';

const packageJson = join(import.meta.dirname, '..', 'package.json');

/** The flags of an npm script's `node` command, e.g. `--max-semi-space-size=32`. */
export function nodeFlagsOf(script: 'start' | 'worker' | 'bench'): string[] {
  const { scripts } = JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts: Record<string, string> };
  const words = (scripts[script] ?? '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((word) => word.startsWith('--max-'));
}

/** What this process runs with, for a bench's notes: the young generation's size now. */
export function youngGenerationNote(): string {
  const space = getHeapSpaceStatistics().find((entry) => entry.space_name === 'new_space');
  const flags = process.execArgv.filter((arg) => arg.startsWith('--max-'));
  return `Node heap flags of this process: ${flags.join(' ') || 'none'} (npm start: ${nodeFlagsOf('start').join(' ') || 'none'}); young generation now ${((space?.space_size ?? 0) / 2 ** 20).toFixed(0)} MiB.`;
}
