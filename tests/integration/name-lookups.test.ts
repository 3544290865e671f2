import { expect, it } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { autocompleteChoices } from '../../src/bot/discord/discord-autocomplete.js';
import { resolveChannel } from '../../src/core/channels/channel-directory.js';
import { likeLiteral } from '../../src/core/db/like-pattern.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// Names typed by users are looked up in any case, which PostgreSQL does with ILIKE: `_` and `%` in a typed name
// must be the characters themselves, never wildcards that reach another channel.

describeEachBackend('names typed in any case are names, not patterns', (database) => {
  it('resolves each of two channels whose names differ by "_" against "-", and refuses "%"', async () => {
    const db = database().prisma;
    const ctx = await commandContext(db);
    for (const name of ['fr-news', 'fr_news']) {
      await db.channel.create({ data: { teamId: ctx.team.id, name, title: name, source: 'demo' } });
    }
    expect((await resolveChannel(db, ctx.team.id, 'FR_NEWS')).name).toBe('fr_news');
    expect((await resolveChannel(db, ctx.team.id, 'Fr-News')).name).toBe('fr-news');
    await expect(resolveChannel(db, ctx.team.id, '%')).rejects.toThrow('There is no channel named "%"');
    await expect(resolveChannel(db, ctx.team.id, 'fr_new_')).rejects.toThrow('There is no channel named "fr_new_"');

    const typed = (value: string) =>
      autocompleteChoices(db, ctx.team.id, { commandName: 'stats', focused: { name: 'channel', value }, options: [] });
    expect((await typed('_')).map((choice) => choice.value)).toEqual(['fr_news']);
    expect((await typed('R_N')).map((choice) => choice.value)).toEqual(['fr_news']);
    expect((await typed('%')).map((choice) => choice.value)).toEqual([]);
  });

  it('removes the one competitor named, not another its name matches as a pattern', async () => {
    const db = database().prisma;
    const ctx = await commandContext(db);
    for (const name of ['@tech-news', '@tech_news', '@technews1']) {
      await db.channel.create({ data: { teamId: ctx.team.id, name, title: name, source: 'competitor' } });
    }
    const competitors = () =>
      db.channel.findMany({ where: { teamId: ctx.team.id }, select: { name: true }, orderBy: { name: 'asc' } });
    expect(await executeCommand(ctx, 'competitors', { words: ['remove', '--handle', '@TECH_NEWS'] })).toMatchObject({
      kind: 'result',
    });
    expect(await competitors()).toEqual([{ name: '@tech-news' }, { name: '@technews1' }]);
    expect(await executeCommand(ctx, 'competitors', { words: ['remove', '--handle', '@tech%'] })).toMatchObject({
      kind: 'error',
      title: 'Not tracked',
    });
    expect(await competitors()).toEqual([{ name: '@tech-news' }, { name: '@technews1' }]);
  });
});

it('escapes exactly the three characters LIKE gives a meaning', () => {
  expect(likeLiteral('a_b%c\\d')).toBe('a\\_b\\%c\\\\d');
  expect(likeLiteral('plain-name.🎬 été')).toBe('plain-name.🎬 été');
});
