import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { figuresTime } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { DEFAULT_LEARNING_SETTINGS } from '../../src/core/analytics/evidence-history.js';
import { channelCacheOf, readChannelData } from '../../src/core/analytics/load-channel-data.js';
import type { Db } from '../../src/core/db/database.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { poolableAt } from '../../src/core/learning/pooled-evidence-store.js';
import { type PoolablePatterns, teamEvidence } from '../../src/core/learning/team-patterns.js';
import { createLogger } from '../../src/core/logger.js';
import { saveVideos } from '../../src/core/videos/video-store.js';
import { keepPooledSharesReady } from '../../src/jobs/pooled-shares.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { postgresAvailable, twoHandlesOnOnePostgres } from '../support/test-databases.js';

// Each channel's share of the team's pooled evidence is stored per version of its data: the team figures from
// stored shares must be the ones worked out from every channel's data from scratch, and a stored share is used
// only for the version it was worked out at.

const endDate = new Date('2026-11-23T00:00:00Z');
const settings = DEFAULT_LEARNING_SETTINGS;

async function teamOf(db: Db, seeds: number[]) {
  const team = await db.team.create({
    data: { platform: 'console', externalId: `pooled-${process.pid}-${Math.random()}`, name: 'pooled' },
  });
  const members = [];
  for (const seed of seeds) {
    const demo = generateDemoChannel({ seed, endDate, videoCount: 60 });
    const channel = await db.channel.create({
      data: { teamId: team.id, name: `c${seed}`, title: demo.title, timezone: demo.timezone, source: 'demo' },
    });
    await saveVideos(db, channel.id, demo.videos, endDate);
    members.push(channel);
  }
  return members;
}

const versionsOf = (db: Db, ids: number[]) =>
  db.channel.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, dataVersion: true, timezone: true },
    orderBy: { id: 'asc' },
  });

async function fromScratch(db: Db, channels: { id: number; name: string }[]) {
  const team = [];
  for (const channel of channels) {
    const data = await readChannelData(db, channel.id);
    team.push({ name: channel.name, patterns: analyzeChannel(data, figuresTime(data), settings).patterns });
  }
  return team;
}

describeEachBackend('pooled evidence kept per data version', (database) => {
  it('gives the team figures worked out from scratch, and analyses only the channels written to since', async () => {
    const db = database().prisma;
    const members = await teamOf(db, [21, 22, 23]);
    const ids = members.map((member) => member.id);
    const cache = channelCacheOf(db);

    let channels = await versionsOf(db, ids);
    const worked = await poolableAt(db, channels, settings);
    const loads = cache.stats().loads;
    const stored = await poolableAt(db, channels, settings); // every share read back from the database
    expect(cache.stats().loads).toBe(loads);
    const named = (shares: PoolablePatterns[]) =>
      channels.map((channel, at) => ({ name: channel.name, patterns: shares[at] as PoolablePatterns }));
    const scratch = await fromScratch(db, channels);
    for (const target of ['c21', 'c23']) {
      const expected = teamEvidence(scratch, target);
      expect(expected.length).toBeGreaterThan(0);
      expect(teamEvidence(named(stored), target)).toEqual(expected);
      expect(teamEvidence(named(worked), target)).toEqual(expected);
    }

    // A write to one channel: its stored share is for an older version, so it alone is analysed again.
    const video = await db.video.findFirstOrThrow({ where: { channelId: ids[1] }, orderBy: { id: 'asc' } });
    await db.video.update({ where: { id: video.id }, data: { unavailable: true } });
    channels = await versionsOf(db, ids);
    const afterWrite = await poolableAt(db, channels, settings);
    expect(cache.stats().loads).toBe(loads + 1);
    expect(teamEvidence(named(afterWrite), 'c21')).toEqual(teamEvidence(await fromScratch(db, channels), 'c21'));
    expect(teamEvidence(named(afterWrite), 'c21')).not.toEqual(teamEvidence(scratch, 'c21'));
  });
});

describeEachBackend('the team-wide section of /trends follows the team', (database) => {
  it('pools again after a write, a new timezone or a new channel elsewhere in the team, and only then', async () => {
    const db = database().prisma;
    const members = await teamOf(db, [51, 52, 53]);
    const [first, second, third] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]];
    const team = await db.team.findUniqueOrThrow({ where: { id: first.teamId } });
    const ctx = await commandContext(db, { now: new Date('2026-11-24T09:00:00Z'), team });
    const cache = channelCacheOf(db);
    const section = async () => {
      const reply = await executeCommand(ctx, 'trends', { words: ['c51'] });
      return reply.sections?.find((part) => part.heading === 'Team-wide vs this channel');
    };
    const pooledOnce = await section();
    expect(pooledOnce?.text).toContain("team's 3 channels");
    // Nothing written: the pooled rows are kept, no other channel is read or analysed.
    const loads = cache.stats().loads;
    expect(await section()).toEqual(pooledOnce);
    expect(cache.stats().loads).toBe(loads);

    // Each change below makes another channel's stored share stale, so pooling again analyses that channel.
    const video = await db.video.findFirstOrThrow({ where: { channelId: second.id }, orderBy: { id: 'asc' } });
    await db.video.update({ where: { id: video.id }, data: { unavailable: true } });
    await section();
    expect(cache.stats().loads).toBe(loads + 1);
    await db.channel.update({ where: { id: third.id }, data: { timezone: 'Asia/Tokyo' } });
    await section();
    expect(cache.stats().loads).toBe(loads + 2);

    const [fourth] = await teamOf(db, [54]);
    await db.channel.update({ where: { id: fourth?.id as number }, data: { teamId: team.id } });
    expect((await section())?.text).toContain("team's 4 channels");
  });
});

describeEachBackend('pooled shares kept ready by the cycle', (database) => {
  it('stores the share of every channel in a team of several once its data changed, and nothing for a team of one', async () => {
    const db = database().prisma;
    const log = createLogger('silent');
    await keepPooledSharesReady({ db, log }); // whatever earlier tests left
    const members = await teamOf(db, [41, 42, 43]);
    const [alone] = await teamOf(db, [44]);
    const ids = members.map((member) => member.id);

    expect(await keepPooledSharesReady({ db, log })).toBe(3);
    const stored = await db.pooledEvidence.findMany({
      where: { channelId: { in: [...ids, alone?.id as number] } },
      select: { channelId: true, dataVersion: true },
      orderBy: { channelId: 'asc' },
    });
    const versions = await versionsOf(db, ids);
    expect(stored).toEqual(versions.map(({ id, dataVersion }) => ({ channelId: id, dataVersion })));
    expect(await keepPooledSharesReady({ db, log })).toBe(0);

    // A write makes that channel's share stale: the next pass works out that one alone.
    const video = await db.video.findFirstOrThrow({ where: { channelId: ids[2] }, orderBy: { id: 'asc' } });
    await db.video.update({ where: { id: video.id }, data: { unavailable: true } });
    expect(await keepPooledSharesReady({ db, log })).toBe(1);
    const shares = await poolableAt(db, await versionsOf(db, ids), settings);
    const loads = channelCacheOf(db).stats().loads;
    expect(await poolableAt(db, await versionsOf(db, ids), settings)).toEqual(shares);
    expect(channelCacheOf(db).stats().loads).toBe(loads); // all read back, none analysed
  });
});

describe.skipIf(!(await postgresAvailable()))('pooled evidence across processes', () => {
  const handles = twoHandlesOnOnePostgres();

  it('a new process answers /trends with the team-wide section from the stored shares, analysing one channel', async () => {
    const [first, second] = handles();
    const members = await teamOf(first.prisma, [31, 32, 33, 34]);
    const team = await first.prisma.team.findUniqueOrThrow({ where: { id: members[0]?.teamId } });
    const now = new Date('2026-11-24T09:00:00Z');
    const trends = async (db: Db) => {
      const reply = await executeCommand(await commandContext(db, { now, team }), 'trends', { words: ['c31'] });
      return reply.sections?.find((section) => section.heading === 'Team-wide vs this channel');
    };
    const section = await trends(first.prisma);
    expect(section?.table?.rows.length).toBeGreaterThan(0);
    expect(await trends(second.prisma)).toEqual(section);
    expect(channelCacheOf(second.prisma).stats().loads).toBe(1); // c31 itself, for its own sections
  });
});
