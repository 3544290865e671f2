import { describe, expect, it, vi } from 'vitest';
import { ensureChatTeam, teamManageRole } from '../../src/core/channels/teams.js';
import { describeEachBackend } from '../support/backends.js';
import { openPgliteTestDatabase, postgresAvailable, twoHandlesOnOnePostgres } from '../support/test-databases.js';

// A chat team (Slack workspace, Discord server) is read once per database handle and then answered from memory:
// each workspace and server keeps its own team, each database its own rows, and the manage role, which can
// change, is read where it is checked.

let counter = 0;
const externalId = () => `CT${process.pid}x${++counter}`;

describeEachBackend('Chat teams', (database) => {
  it('keeps every workspace and server apart, and reads each team once', async () => {
    const db = database().prisma;
    const [workspace, other] = [externalId(), externalId()];
    const reads = vi.spyOn(db.team, 'findUnique');
    try {
      const slack = await ensureChatTeam(db, 'slack', workspace, 'Acme');
      const discord = await ensureChatTeam(db, 'discord', workspace, 'Acme on Discord');
      const otherSlack = await ensureChatTeam(db, 'slack', other, 'Other');
      expect(new Set([slack.id, discord.id, otherSlack.id]).size).toBe(3);
      const row = await db.team.findUniqueOrThrow({
        where: { platform_externalId: { platform: 'discord', externalId: workspace } },
      });
      expect(discord).toEqual({ id: row.id, name: 'Acme on Discord' });
      const readsSoFar = reads.mock.calls.length;

      expect(await ensureChatTeam(db, 'slack', workspace, 'renamed')).toEqual(slack);
      expect(await ensureChatTeam(db, 'discord', workspace, 'Acme')).toEqual(discord);
      expect(await ensureChatTeam(db, 'slack', other, 'Other')).toEqual(otherSlack);
      expect(reads.mock.calls.length).toBe(readsSoFar);
    } finally {
      reads.mockRestore();
    }
  });

  it('answers from each database its own team', async () => {
    const workspace = externalId();
    const first = database().prisma;
    const kept = await ensureChatTeam(first, 'slack', workspace, 'Acme');
    const second = await openPgliteTestDatabase();
    try {
      // Another database whose ids run differently: the same workspace is another row there.
      await second.prisma.team.create({ data: { platform: 'console', externalId: 'first', name: 'First' } });
      const there = await ensureChatTeam(second.prisma, 'slack', workspace, 'Acme');
      const row = await second.prisma.team.findUniqueOrThrow({
        where: { platform_externalId: { platform: 'slack', externalId: workspace } },
      });
      expect(there.id).toBe(row.id);
      expect(there.id).not.toBe(kept.id);
    } finally {
      await second.close();
    }
  });
});

describe.skipIf(!(await postgresAvailable()))('chat teams, two processes on one PostgreSQL', () => {
  const handles = twoHandlesOnOnePostgres();

  it('sees a manage role set through the other process at its next check', async () => {
    const [first, second] = handles();
    const workspace = externalId();
    const team = await ensureChatTeam(second.prisma, 'slack', workspace, 'Acme');
    expect(await teamManageRole(second.prisma, team.id)).toBeNull();
    await first.prisma.team.update({
      where: { platform_externalId: { platform: 'slack', externalId: workspace } },
      data: { manageRole: 'S42' },
    });
    expect(await ensureChatTeam(second.prisma, 'slack', workspace, 'Acme')).toEqual(team);
    expect(await teamManageRole(second.prisma, team.id)).toBe('S42');
  });
});
