import { expect, it, vi } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { localCommandContext } from '../../src/bot/session.js';
import { ensureLocalTeam } from '../../src/core/channels/teams.js';
import { loadConfig } from '../../src/core/config.js';
import { describeEachBackend } from '../support/backends.js';
import { memoryLog } from '../support/command-context.js';

// The local team, a channel named on the command line, the channel list and the predictions are read (and the
// predictions written) in SQL, not through Prisma's models: a CLI `stats`, `channels` or `predict` then runs no
// model query, so Prisma's query compiler never compiles one (its first compile cost the command ~0.05 s CPU of ~0.8).

describeEachBackend('the local team and a channel by name', (database) => {
  it('is created once, by the first of several sessions starting at once, then found', async () => {
    const db = database().prisma;
    const [first, ...others] = await Promise.all(Array.from({ length: 4 }, () => ensureLocalTeam(db)));
    expect(first).toEqual({ id: expect.any(Number), name: 'Local' });
    expect(others).toEqual([first, first, first]);
    expect(await ensureLocalTeam(db)).toEqual(first);
    expect(await db.team.count({ where: { platform: 'console', externalId: 'local' } })).toBe(1);
  });

  it('lets a local session answer `stats --channel NAME` (any case), `channels` and `predict` without a model query', async () => {
    const db = database().prisma;
    const context = () =>
      localCommandContext(db, { config: loadConfig({}), log: memoryLog().log, surface: 'cli', notify: () => {} });
    await executeCommand(await context(), 'demo', { words: ['--seed', '3'] });
    const models = ['team', 'channel', 'video', 'prediction'] as const;
    const methods = ['upsert', 'findFirst', 'findUnique', 'findMany', 'findUniqueOrThrow', 'create', 'update'] as const;
    const spies = models.flatMap((model) =>
      methods.flatMap((method) =>
        method in db[model] ? [vi.spyOn(db[model] as unknown as Record<string, () => unknown>, method)] : [],
      ),
    );
    try {
      const ctx = await context();
      const reply = await executeCommand(ctx, 'stats', { words: ['--channel', 'DeMo'] });
      expect(reply).toMatchObject({ kind: 'result', channel: { name: 'demo' } });
      expect(await executeCommand(ctx, 'stats', { words: ['--channel', 'nothing'] })).toMatchObject({
        kind: 'error',
        title: 'Unknown channel',
      });
      const listed = await executeCommand(ctx, 'channels', { words: [] });
      expect(listed).toMatchObject({ kind: 'result', title: 'Channels' });
      expect(JSON.stringify(listed)).toContain('140');
      const predicted = await executeCommand(ctx, 'predict', {
        words: ['--channel', 'demo', 'topic:eggs', 'length:35'],
      });
      expect(predicted).toMatchObject({ kind: 'result', title: 'Planned video: views at 30 days' });
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
