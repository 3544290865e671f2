import { describe, expect, it } from 'vitest';
import { processCommands } from '../../src/bot/cli/process-commands.js';
import { renderTerminal } from '../../src/bot/cli/render-terminal.js';
import { defineCommand, option } from '../../src/bot/commands/command.js';
import { readArguments, splitWords, UsageError, validateOptions } from '../../src/bot/commands/command-input.js';
import { helpReply } from '../../src/bot/commands/help-reply.js';
import { allCommands } from '../../src/bot/commands/registry.js';
import { formatUsage } from '../../src/bot/commands/usage.js';
import { displayWidth } from '../../src/core/format/text-width.js';

const sample = defineCommand({
  name: 'sample',
  description: 'A command with every kind of option',
  options: {
    channel: option.string('Channel', { autocomplete: 'channel' }),
    days: option.integer('Days', { min: 1, max: 90 }),
    format: option.choice('Format', ['short', 'long']),
    verbose: option.boolean('More detail'),
    file: option.path('A file'),
  },
  positional: 'channel',
  scope: 'operator',
  run: async () => ({ kind: 'result', title: 'ok' }),
});

describe('command input', () => {
  it('reads slash style, CLI style and a positional word alike', () => {
    expect(readArguments(sample, ['demo', 'days:7', '--format=long', '--verbose', '--file', 'a b.csv'])).toEqual({
      channel: 'demo',
      days: '7',
      format: 'long',
      verbose: true,
      file: 'a b.csv',
    });
  });

  it('splits a console line on spaces but keeps quoted text', () => {
    expect(splitWords(`/import channel:"my channel" --file 'Table data.csv'`)).toEqual([
      '/import',
      'channel:my channel',
      '--file',
      'Table data.csv',
    ]);
    expect(() => splitWords('/stats "open')).toThrow(/unclosed " quote/);
  });

  it('reads smart quotes and guillemets as quotes, and an apostrophe inside a word as a letter', () => {
    expect(splitWords('/import channel:“my channel” --file ‘Table data.csv’')).toEqual([
      '/import',
      'channel:my channel',
      '--file',
      'Table data.csv',
    ]);
    expect(splitWords('title:„Erste Schritte“ name:« ma\u00A0chaîne\u202F» x:”as iOS types it”')).toEqual([
      'title:Erste Schritte',
      'name:ma\u00A0chaîne',
      'x:as iOS types it',
    ]);
    expect(splitWords("topic:don’t stop, it's “rock ’n’ roll” ‘don’t panic’")).toEqual([
      'topic:don’t',
      'stop,',
      "it's",
      'rock ’n’ roll',
      'don’t panic',
    ]);
    expect(() => splitWords('/stats “open')).toThrow(/unclosed “ quote/);
  });

  it('converts and validates values, reporting every problem at once', () => {
    expect(validateOptions(sample, { days: '30', file: 'x.csv', verbose: 'yes' })).toEqual({
      channel: undefined,
      days: 30,
      format: undefined,
      verbose: true,
      file: 'x.csv',
    });
    const error = (() => {
      try {
        validateOptions(sample, { days: '0', format: 'medium' });
      } catch (caught) {
        return caught as UsageError;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error?.message.split('\n')).toEqual([
      'option "days" must be at least 1',
      'option "format" must be one of short, long; got "medium"',
      'missing required option "file" (A file)',
    ]);
  });

  it('reads durations as days', () => {
    const timed = defineCommand({
      name: 'timed',
      description: 'Takes a duration',
      options: { horizon: option.duration('Horizon') },
      scope: 'chat',
      run: async () => ({ kind: 'result', title: 'ok' }),
    });
    expect(validateOptions(timed, { horizon: '30d' })).toEqual({ horizon: 30 });
    expect(validateOptions(timed, { horizon: '12h' })).toEqual({ horizon: 0.5 });
    expect(validateOptions(timed, { horizon: '7' })).toEqual({ horizon: 7 });
    expect(() => validateOptions(timed, { horizon: 'soon' })).toThrow(
      'option "horizon" expects a duration such as 30d, 12h or 7',
    );
    expect(() => validateOptions(timed, { horizon: '0d' })).toThrow('option "horizon" must be longer than zero');
    expect(formatUsage(timed, 'cli')).toBe('tubepilot timed [--horizon <30d|12h>]');
  });

  it('rejects unknown and repeated options by name', () => {
    expect(() => readArguments(sample, ['--colour', 'red'])).toThrow(
      'unknown option "colour"; known options: channel, days, format, verbose, file',
    );
    expect(() => readArguments(sample, ['--chanel', 'demo'])).toThrow(
      'unknown option "chanel" (did you mean "channel"?); known options: channel, days, format, verbose, file',
    );
    expect(() => validateOptions(sample, { file: 'a.csv', dayz: '3' })).toThrow(
      'unknown option "dayz" (did you mean "days"?)',
    );
    expect(() => readArguments(sample, ['days:1', '--days', '2'])).toThrow('option "days" was given twice');
    expect(() => readArguments(sample, ['--days'])).toThrow('option "--days" needs a value');
  });

  it('lists every command compactly, names only, and suggests the closest to a mistyped one', () => {
    const list = helpReply(allCommands, 'cli');
    const items = list.sections?.[0]?.list ?? [];
    expect(items.map((item) => item.split(' — ')[0])).toEqual([
      ...allCommands.map((command) => `tubepilot ${command.name}`),
      ...processCommands.map((command) => `tubepilot ${command.usage}`),
    ]);
    expect(items.join('\n')).toContain('tubepilot worker');
    for (const line of renderTerminal(list, { color: false }).split('\n'))
      expect(displayWidth(line)).toBeLessThanOrEqual(100);
    const typo = helpReply(allCommands, 'slash', 'strats');
    expect(typo.kind).toBe('error');
    expect(typo.summary).toContain('Did you mean /stats?');
  });

  it('prints usage for both surfaces from the one declaration', () => {
    expect(formatUsage(sample, 'slash')).toBe(
      '/sample [channel:<channel>] [days:<n>] [format:short|long] [verbose:true|false] file:<path>',
    );
    expect(formatUsage(sample, 'cli')).toBe(
      'tubepilot sample [--channel <channel>] [--days <n>] [--format short|long] [--verbose] --file <path>',
    );
  });

  it('keeps every registered command within Discord’s limits', () => {
    const names = allCommands.map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
    for (const command of allCommands) {
      expect(command.name).toMatch(/^[a-z][a-z0-9-]{0,31}$/);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const [name, spec] of Object.entries(command.options)) {
        expect(name).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
        expect(spec.description.length).toBeLessThanOrEqual(100);
      }
    }
  });
});
