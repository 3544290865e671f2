import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerLine } from '../../src/bot/cli/console.js';
import { renderTerminal } from '../../src/bot/cli/render-terminal.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { ensureLocalTeam } from '../../src/core/channels/teams.js';
import { loadConfig } from '../../src/core/config.js';
import { type Database, openDatabase } from '../../src/core/db/database.js';
import type { ImportReport } from '../../src/core/import/import-csv.js';
import { importCsvFile } from '../../src/core/import/import-csv.js';
import { parseVideoCsv } from '../../src/core/import/parse-video-csv.js';
import type { Reply } from '../../src/core/reply.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { baseEnv, root, start } from '../support/spawned.js';
import { createPostgresTestDatabase, postgresAvailable } from '../support/test-databases.js';

const alex = join(import.meta.dirname, '../fixtures/alex-the-analyst-videos.csv');
const studio = join(import.meta.dirname, '../fixtures/studio-table-data.csv');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tubepilot-import-'));
});

async function writeCsv(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const report = (reply: Reply) => reply.data as ImportReport;

// The 50,000-row imports take 15–30 s on a shared 2-core machine; the default 60 s leaves too little margin.
const LARGE_IMPORT_TIMEOUT_MS = 180_000;
// Killing a CLI import also starts the CLI and opens the store three times: on a loaded machine over 160 s.
const KILLED_IMPORT_TIMEOUT_MS = 400_000;

const SERIES_HEADER = 'video_id,title,published_at,duration_seconds,views,likes,comments,snapshot_at';

/**
 * A TubePilot time series of `videos` × `weeks` rows, week by week as appended exports are, generated here
 * rather than committed. Every 997th video's title is quoted and spans two lines, so physical line numbers
 * drift from record numbers across the reader's chunks. Views of video v in week w: (v + 1) × (w + 1).
 */
function seriesCsv(videos: number, weeks: number) {
  const records = [SERIES_HEADER];
  const lineOf = new Map<string, number>();
  let line = 2;
  for (let week = 0; week < weeks; week++) {
    for (let v = 0; v < videos; v++) {
      const id = `v${String(v).padStart(10, '0')}`;
      const title = v % 997 === 0 ? `"Part ${v}, ""quoted""\nand continued"` : `Video ${v}`;
      const takenAt = `2025-02-${String(week + 1).padStart(2, '0')}T00:00:00Z`;
      records.push(`${id},${title},2025-01-01T00:00:00Z,60,${(v + 1) * (week + 1)},${week},${v % 7},${takenAt}`);
      lineOf.set(`${id}@${week}`, line);
      line += title.includes('\n') ? 2 : 1;
    }
  }
  return { records, lineOf, nextLine: line };
}

describeEachBackend('import', (database) => {
  const importFile = async (ctx: Awaited<ReturnType<typeof commandContext>>, channel: string, file: string) =>
    executeCommand(ctx, 'import', { words: ['--channel', channel, '--file', file] });

  async function tableCounts(channelName: string, teamId: number) {
    const prisma = database().prisma;
    const channel = await prisma.channel.findUnique({ where: { teamId_name: { teamId, name: channelName } } });
    if (!channel) return { videos: 0, snapshots: 0 };
    return {
      videos: await prisma.video.count({ where: { channelId: channel.id } }),
      snapshots: await prisma.videoSnapshot.count({ where: { video: { channelId: channel.id } } }),
    };
  }

  it('imports the real Alex The Analyst CSV as it is, and a second import changes nothing', async () => {
    const ctx = await commandContext(database().prisma);
    const first = await importFile(ctx, 'alex', alex);
    expect(first.kind).toBe('result');
    expect(report(first)).toMatchObject({ format: 'tubepilot', created: 357, updated: 0, unchanged: 0, skipped: [] });
    expect(await tableCounts('alex', ctx.team.id)).toEqual({ videos: 357, snapshots: 357 });

    const video = await database().prisma.video.findFirstOrThrow({
      where: { youtubeId: 'W5CQb7klLCs', channel: { teamId: ctx.team.id } },
    });
    expect(video).toMatchObject({
      title: 'How to Lie with Data | Cherry Picking Data',
      views: 1923n,
      likes: 103n,
      comments: 7n,
      durationS: 252,
      isShort: false,
      shares: null,
    });
    expect(video.tags).toContain('Alex The Analyst');

    const second = await importFile(ctx, 'alex', alex);
    expect(report(second)).toMatchObject({ created: 0, updated: 0, unchanged: 357, snapshotsAdded: 0 });
    expect(await tableCounts('alex', ctx.team.id)).toEqual({ videos: 357, snapshots: 357 });

    const stats = await executeCommand(ctx, 'stats', { words: ['alex'] });
    expect(stats.fields?.find((field) => field.label === 'Videos')?.value).toBe('357');
    expect(stats.fields?.find((field) => field.label === 'Engagement rate')?.value).toMatch(/likes\+comments ÷ views/);
    expect(stats.fields?.find((field) => field.label === 'Average % viewed')?.value).toBe('not in the data');
    // One reading per video: no history covers the last 30 days, which is unknown, not "0 gained, −100%".
    expect(stats.fields?.find((field) => field.label === 'Last 30 days')?.value).toBe(
      'unknown — no view history covers this period (import a later export, or connect YouTube and run /refresh); 0 uploads (before: 0)',
    );
    const digest = await executeCommand(ctx, 'digest', { words: ['now'] });
    expect(digest.summary).toBe(
      'Last 24 hours: unknown — no view history covers this period (import a later export, or connect YouTube and run /refresh). ' +
        'Last 7 days: unknown — no view history covers this period (import a later export, or connect YouTube and run /refresh).',
    );
  });

  it('imports a YouTube Studio export: Total row dropped, leading-space id trimmed, H:MM:SS read', async () => {
    const ctx = await commandContext(database().prisma);
    const reply = await importFile(ctx, 'studio', studio);
    expect(report(reply)).toMatchObject({ format: 'youtube-studio', created: 3, skipped: [] });
    const videos = await database().prisma.video.findMany({
      where: { channel: { teamId: ctx.team.id } },
      orderBy: { youtubeId: 'asc' },
    });
    expect(videos.map((video) => video.youtubeId)).toEqual(['-Zr8pQw2Ex4', 'Ab1Cd2Ef3Gh', 'xQ3b9kLmN0a']);
    expect(videos[2]).toMatchObject({
      views: 812044n,
      engagedViews: 640118n,
      avgViewDurationS: 30,
      ctr: 6.12,
      isShort: true,
    });
    expect(videos[1]?.title).toBe('Fermentation 101 (part 1, "the basics")');
  });

  it('a date-only re-import keeps a publish time of day known from a richer source, and says what has a date alone', async () => {
    const ctx = await commandContext(database().prisma);
    const withTimes = await writeCsv(
      'with-times.csv',
      [
        'video_id,title,published_at,duration_seconds,views,likes,comments',
        'cccccccccc1,Timed,2026-01-05T18:30:00Z,30,100,,',
      ].join('\n'),
    );
    const timed = await importFile(ctx, 'timed', withTimes);
    expect(report(timed).dateOnly).toBe(0);
    expect(timed.fields?.map((field) => field.label)).not.toContain('Date without time');

    const studioExport = await writeCsv(
      'date-only.csv',
      [
        'Content,Video title,Video publish time,Duration,Views',
        'cccccccccc1,Timed,Jan 5 2026,30,"2,500"',
        'cccccccccc2,Dated,Jan 9 2026,31,"1,000"',
      ].join('\n'),
    );
    const reply = await importFile(ctx, 'timed', studioExport);
    expect(report(reply)).toMatchObject({ format: 'youtube-studio', created: 1, updated: 1, dateOnly: 1 });
    expect(reply.fields?.find((field) => field.label === 'Date without time')?.value).toBe(
      '1 videos have a publish date but no time of day (a date-only export): posting-time analyses leave them out',
    );
    const stored = await database().prisma.video.findMany({
      where: { channel: { teamId: ctx.team.id } },
      orderBy: { youtubeId: 'asc' },
      select: { youtubeId: true, publishedAt: true, publishTimeKnown: true, views: true },
    });
    expect(stored).toEqual([
      // The newer views are taken; the time of day is not lost to the export's bare date.
      { youtubeId: 'cccccccccc1', publishedAt: new Date('2026-01-05T18:30:00Z'), publishTimeKnown: true, views: 2500n },
      {
        youtubeId: 'cccccccccc2',
        publishedAt: new Date('2026-01-09T00:00:00Z'),
        publishTimeKnown: false,
        views: 1000n,
      },
    ]);

    // A richer source later gives the time of day of a date-only video.
    const timesLater = await writeCsv(
      'times-later.csv',
      [
        'video_id,title,published_at,duration_seconds,views,likes,comments',
        'cccccccccc2,Dated,2026-01-09T07:15:00Z,31,1000,,',
      ].join('\n'),
    );
    expect(report(await importFile(ctx, 'timed', timesLater)).dateOnly).toBe(0);
    const dated = await database().prisma.video.findFirstOrThrow({
      where: { youtubeId: 'cccccccccc2', channel: { teamId: ctx.team.id } },
    });
    expect(dated).toMatchObject({ publishedAt: new Date('2026-01-09T07:15:00Z'), publishTimeKnown: true });
  });

  it('skips bad rows with their line numbers and keeps the good ones', async () => {
    const ctx = await commandContext(database().prisma);
    const file = await writeCsv(
      'bad-rows.csv',
      [
        'video_id,title,published_at,duration_seconds,views,likes,comments',
        'aaaaaaaaaa1,Good one,2026-01-01T10:00:00Z,30,"1,200",50,4',
        'aaaaaaaaaa2,"Multi',
        'line title",2026-01-02T10:00:00Z,31,12x,5,1',
        'aaaaaaaaaa3,Also good,2026-01-03,29,900,,3',
      ].join('\n'),
    );
    const reply = await importFile(ctx, 'mixed', file);
    expect(report(reply)).toMatchObject({ created: 2, dataRows: 3 });
    expect(report(reply).skipped).toEqual([{ line: 3, reason: expect.stringContaining('"12x"') }]);
    expect(reply.sections?.[0]?.list?.[0]).toMatch(/^line 3: /);
    const unknownLikes = await database().prisma.video.findFirstOrThrow({
      where: { youtubeId: 'aaaaaaaaaa3', channel: { teamId: ctx.team.id } },
    });
    expect(unknownLikes.likes).toBeNull();
  });

  it('stores counts past 32 bits exactly (likes and comments of a viral video) and /stats shows them', async () => {
    const ctx = await commandContext(database().prisma);
    const file = await writeCsv(
      'big-counts.csv',
      [
        SERIES_HEADER,
        'dddddddddd1,Viral,2026-01-01T10:00:00Z,30,90000000000,3000000000,2200000000,2026-01-02T10:00:00Z',
        'dddddddddd1,Viral,2026-01-01T10:00:00Z,30,120000000000,4100000000,2300000000,2026-01-03T10:00:00Z',
      ].join('\n'),
    );
    const reply = await importFile(ctx, 'viral', file);
    expect(report(reply)).toMatchObject({ created: 1, snapshotsAdded: 2, skipped: [] });
    const video = await database().prisma.video.findFirstOrThrow({
      where: { youtubeId: 'dddddddddd1', channel: { teamId: ctx.team.id } },
      include: { snapshots: { orderBy: { takenAt: 'asc' } } },
    });
    expect(video).toMatchObject({ views: 120_000_000_000n, likes: 4_100_000_000n, comments: 2_300_000_000n });
    expect(video.snapshots.map(({ likes, comments }) => [likes, comments])).toEqual([
      [3_000_000_000n, 2_200_000_000n],
      [4_100_000_000n, 2_300_000_000n],
    ]);
    const stats = await executeCommand(ctx, 'stats', { words: ['viral'] });
    expect(stats.fields?.find((field) => field.label === 'Total likes')?.value).toMatch(/^4,100,000,000 /);
  });

  it('refuses a file that is not a CSV and writes nothing', async () => {
    const ctx = await commandContext(database().prisma);
    const binary = await writeCsv('image.png', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR');
    const reply = await importFile(ctx, 'nope', binary);
    expect(reply.kind).toBe('error');
    expect(reply.title).toBe('Not a video CSV');
    expect(await database().prisma.channel.count({ where: { teamId: ctx.team.id } })).toBe(0);

    const header = await writeCsv('other.csv', 'name,age\nann,3\n');
    const wrong = await importFile(ctx, 'nope', header);
    expect(wrong.summary).toMatch(/video_id/);
    const missing = await importFile(ctx, 'nope', join(dir, 'does-not-exist.csv'));
    expect(missing).toMatchObject({ kind: 'error', title: 'Cannot read file' });
    expect(await database().prisma.channel.count({ where: { teamId: ctx.team.id } })).toBe(0);
  });

  it('builds a time series from snapshot rows, and an update never erases a known value', async () => {
    const ctx = await commandContext(database().prisma);
    const series = await writeCsv(
      'series.csv',
      [
        'video_id,title,published_at,duration_seconds,views,likes,comments,snapshot_at',
        'bbbbbbbbbb1,Day by day,2026-03-01T12:00:00Z,25,100,5,1,2026-03-02T12:00:00Z',
        'bbbbbbbbbb1,Day by day,2026-03-01T12:00:00Z,25,900,40,6,2026-03-04T12:00:00Z',
        'bbbbbbbbbb1,Day by day,2026-03-01T12:00:00Z,25,400,20,3,2026-03-03T12:00:00Z',
      ].join('\r\n'),
    );
    const first = await importFile(ctx, 'series', series);
    expect(report(first)).toMatchObject({ created: 1, snapshotsAdded: 3 });
    const video = await database().prisma.video.findFirstOrThrow({
      where: { youtubeId: 'bbbbbbbbbb1', channel: { teamId: ctx.team.id } },
      include: { snapshots: { orderBy: { takenAt: 'asc' } } },
    });
    expect(video.views).toBe(900n);
    expect(video.snapshots.map((snapshot) => Number(snapshot.views))).toEqual([100, 400, 900]);

    const update = await writeCsv(
      'update.csv',
      'video_id,title,published_at,duration_seconds,views,likes,comments\nbbbbbbbbbb1,Day by day,2026-03-01T12:00:00Z,25,1500,,9\n',
    );
    const second = await executeCommand(ctx, 'import', { words: ['--channel', 'series', '--file', update] });
    expect(report(second)).toMatchObject({ updated: 1, snapshotsAdded: 1 });
    const after = await database().prisma.video.findUniqueOrThrow({ where: { id: video.id } });
    expect(after).toMatchObject({ views: 1500n, likes: 40n, comments: 9n });
  });

  it('an export older than the stored figures changes no figure and no wording: its readings join the history', async () => {
    const ctx = await commandContext(database().prisma);
    const newer = await writeCsv(
      'newer.csv',
      `${SERIES_HEADER}\ncccccccccc1,Final title,2026-11-01T12:00:00Z,30,1000,10,1,2026-11-10T00:00:00Z\n`,
    );
    const older = await writeCsv(
      'older.csv',
      'video_id,title,published_at,duration_seconds,views,likes,comments,snapshot_at,description\n' +
        'cccccccccc1,First title,2026-11-01T12:00:00Z,30,500,5,1,2026-11-05T00:00:00Z,Known only to the older export\n',
    );
    await importFile(ctx, 'history', newer);
    const second = await importFile(ctx, 'history', older);
    // The description was unknown: the older export fills it in, and only that.
    expect(report(second)).toMatchObject({ created: 0, updated: 1, unchanged: 0, snapshotsAdded: 1 });
    const video = await database().prisma.video.findFirstOrThrow({
      where: { youtubeId: 'cccccccccc1', channel: { teamId: ctx.team.id } },
      include: { snapshots: { orderBy: { takenAt: 'asc' } } },
    });
    expect(video).toMatchObject({
      title: 'Final title',
      description: 'Known only to the older export',
      views: 1000n,
      likes: 10n,
      statsUpdatedAt: new Date('2026-11-10T00:00:00Z'),
    });
    expect(video.snapshots.map((snapshot) => [snapshot.takenAt.toISOString(), Number(snapshot.views)])).toEqual([
      ['2026-11-05T00:00:00.000Z', 500],
      ['2026-11-10T00:00:00.000Z', 1000],
    ]);
    const stats = renderTerminal(await executeCommand(ctx, 'stats', { words: ['--channel', 'history'] }), {
      color: false,
    });
    expect(stats).toMatch(/Median views +1,000\n/);
  });

  it('refuses a reading dated in the future: it would outrank every refresh until then', async () => {
    const ctx = await commandContext(database().prisma, { now: new Date('2026-11-23T12:00:00Z') });
    const file = await writeCsv(
      'future.csv',
      `${SERIES_HEADER}\ncccccccccc3,Typo year,2026-11-01T12:00:00Z,30,900,9,1,2027-11-09T00:00:00Z\n` +
        'cccccccccc4,Fine,2026-11-01T12:00:00Z,30,900,9,1,2026-11-23T11:59:00Z\n',
    );
    const imported = await importFile(ctx, 'future', file);
    expect(report(imported)).toMatchObject({ created: 1, skippedRows: 1 });
    expect(report(imported).skipped).toEqual([
      { line: 2, reason: 'snapshot_at 2027-11-09T00:00:00.000Z is in the future (now 2026-11-23T12:00:00.000Z)' },
    ]);
  });

  it('a series that only adds earlier readings (a backfill) stores them, though no figure changes', async () => {
    const ctx = await commandContext(database().prisma);
    const latest = `cccccccccc2,Backfilled,2026-11-01T12:00:00Z,30,900,9,1,2026-11-09T00:00:00Z`;
    await importFile(ctx, 'backfill', await writeCsv('latest.csv', `${SERIES_HEADER}\n${latest}\n`));
    const backfill = await writeCsv(
      'backfill.csv',
      `${SERIES_HEADER}\ncccccccccc2,Backfilled,2026-11-01T12:00:00Z,30,300,3,0,2026-11-02T00:00:00Z\n${latest}\n`,
    );
    const second = await importFile(ctx, 'backfill', backfill);
    expect(report(second)).toMatchObject({ created: 0, updated: 0, unchanged: 1, snapshotsAdded: 1 });
    const snapshots = await database().prisma.videoSnapshot.findMany({
      where: { video: { youtubeId: 'cccccccccc2', channel: { teamId: ctx.team.id } } },
      orderBy: { takenAt: 'asc' },
    });
    expect(snapshots.map((snapshot) => Number(snapshot.views))).toEqual([300, 900]);
  });

  it('--as-of dates an export without reading times: ages count from it, and a video published later is refused', async () => {
    const ctx = await commandContext(database().prisma, { now: new Date('2026-12-07T20:00:00Z') });
    const header = 'video_id,title,published_at,duration_seconds,views,likes,comments';
    const file = await writeCsv(
      'downloaded-earlier.csv',
      [
        header,
        'dddddddddd1,Two days before the download,2025-04-15T12:00:00Z,30,1923,103,7',
        'dddddddddd2,A month before,2025-03-17T12:00:00Z,30,40000,900,40',
        'dddddddddd3,After the download,2025-04-18T09:00:00Z,30,10,1,0',
      ].join('\n'),
    );
    const asOf = (value: string, channel = 'dated') =>
      executeCommand(ctx, 'import', { words: ['--channel', channel, '--file', file, '--as-of', value] });

    for (const [value, message] of [
      ['yesterday', /"yesterday" is not a date/],
      ['2026-12-08', /2026-12-08 is in the future/],
      ['2026-12-07T21:00:00Z', /is in the future/],
    ] as const) {
      const refused = await asOf(value, 'refused');
      expect(refused).toMatchObject({ kind: 'error', title: 'Bad --as-of' });
      expect(renderTerminal(refused, { color: false, width: 200 })).toMatch(message);
    }
    expect(await tableCounts('refused', ctx.team.id)).toEqual({ videos: 0, snapshots: 0 });

    // A day alone is its end: the export holds every video published that day.
    const imported = await asOf('2025-04-17');
    expect(report(imported)).toMatchObject({ created: 2, snapshotsAdded: 2, skippedRows: 1, readNow: 0 });
    expect(report(imported).skipped).toEqual([
      {
        line: 4,
        reason: 'published 2025-04-18T09:00:00.000Z, after its figures were read (--as-of 2025-04-17T23:59:59.999Z)',
      },
    ]);
    expect(JSON.stringify(imported)).not.toContain('Read at');
    const video = await database().prisma.video.findFirstOrThrow({
      where: { youtubeId: 'dddddddddd1', channel: { teamId: ctx.team.id } },
      include: { snapshots: true },
    });
    expect(video.statsUpdatedAt).toEqual(new Date('2025-04-17T23:59:59.999Z'));
    expect(video.snapshots.map((snapshot) => snapshot.takenAt)).toEqual([new Date('2025-04-17T23:59:59.999Z')]);
    const analysis = renderTerminal(
      await executeCommand(ctx, 'analyze', { words: ['--channel', 'dated', 'dddddddddd1'] }),
      { color: false, width: 200 },
    );
    expect(analysis).toMatch(/Video +dddddddddd1 · Short · 2\.5 days old/);

    // Without it, the reply says what time the figures were given, and how to give the right one.
    const undated = await executeCommand(ctx, 'import', { words: ['--channel', 'undated', '--file', file] });
    expect(report(undated)).toMatchObject({ created: 3, readNow: 3 });
    expect(renderTerminal(undated, { color: false, width: 200 })).toContain(
      "3 videos' figures carry no reading time: taken as read now (7 Dec 2026 20:00 UTC). For an export downloaded earlier, give its day with --as-of",
    );
  });

  it('will not import into the demo channel', async () => {
    const ctx = await commandContext(database().prisma);
    await executeCommand(ctx, 'demo', { words: [] });
    const reply = await importFile(ctx, 'demo', alex);
    expect(reply).toMatchObject({ kind: 'error', title: 'Demo channel' });
    expect(await tableCounts('demo', ctx.team.id)).toMatchObject({ videos: 140 });
  });

  it('typed with smart quotes (iOS, macOS) the line reads as meant; a hidden character in the name is refused', async () => {
    const ctx = await commandContext(database().prisma);
    const named = await writeCsv('Kitchen data.csv', await readFile(studio, 'utf8'));
    const imported = await answerLine(ctx, `/import channel:“Kitchen Lab” --file ‘${named}’`);
    expect(renderTerminal(imported, { color: false }).split('\n')[0]).toBe('Imported into Kitchen Lab');

    const channels = () =>
      database().prisma.channel.findMany({ where: { teamId: ctx.team.id }, select: { name: true } });
    const before = await channels();
    const counts = await tableCounts('Kitchen Lab', ctx.team.id);
    for (const [name, code] of [
      ['Kitchen\u202ELab', 'U+202E'],
      ['Kitchen Lab\u200B', 'U+200B'],
      ['\u2066Kitchen\u2069', 'U+2066'],
      ['Kit\uFEFFchen', 'U+FEFF'],
    ]) {
      const reply = await answerLine(ctx, `/import channel:“${name}” --file ‘${named}’`);
      const shown = renderTerminal(reply, { color: false });
      expect(shown).toMatch(/^✖ Invalid channel name\nThe name contains an invisible or text-direction character/);
      expect(shown).toContain(`(${code}, character `);
    }
    expect(await channels()).toEqual(before);
    expect(await tableCounts('Kitchen Lab', ctx.team.id)).toEqual(counts);

    const connect = await executeCommand(
      { ...ctx, config: loadConfig({ PUBLIC_URL: 'https://bot.example.com' }) },
      'connect',
      { words: ['kitchen\u200Blab'] },
    );
    expect(connect).toMatchObject({ kind: 'error', title: 'Invalid channel name' });
    expect(await database().prisma.oAuthState.count({ where: { teamId: ctx.team.id } })).toBe(0);
  });

  it(
    'streams a 50,000-row time series: every video and snapshot, bad and repeated rows reported by line',
    async () => {
      const ctx = await commandContext(database().prisma);
      const progress: string[] = [];
      ctx.notify = (line) => progress.push(line);
      const { records, lineOf, nextLine } = seriesCsv(10_000, 5);
      records.push('v9999999999,Broken,2025-01-01T00:00:00Z,60,12x,1,1,2025-02-01T00:00:00Z');
      records.push('v0000000001,Again,2025-01-01T00:00:00Z,60,7,1,1,2025-02-03T00:00:00Z');
      const file = await writeCsv('series-50k.csv', `${records.join('\n')}\n`);

      const reply = await importFile(ctx, 'big', file);
      expect(report(reply)).toMatchObject({
        format: 'tubepilot',
        dataRows: 50_002,
        videosInFile: 10_000,
        created: 10_000,
        snapshotsAdded: 50_000,
        skippedRows: 2,
      });
      expect(report(reply).skipped).toEqual([
        { line: nextLine, reason: 'views "12x" is not a number' },
        {
          line: nextLine + 1,
          reason: `duplicate row for video v0000000001 (first seen on line ${lineOf.get('v0000000001@0')})`,
        },
      ]);
      expect(await tableCounts('big', ctx.team.id)).toEqual({ videos: 10_000, snapshots: 50_000 });
      const last = await database().prisma.video.findFirstOrThrow({
        where: { youtubeId: 'v0000009970', channel: { teamId: ctx.team.id } },
        include: { snapshots: { orderBy: { takenAt: 'asc' } } },
      });
      // The latest week supplies the figures, dated at its snapshot; the quoted two-line title survives.
      expect(last).toMatchObject({ title: 'Part 9970, "quoted"\nand continued', views: 49_855n, likes: 4n });
      expect(last.statsUpdatedAt).toEqual(new Date('2025-02-05T00:00:00Z'));
      expect(last.snapshots.map((snapshot) => Number(snapshot.views))).toEqual([9971, 19_942, 29_913, 39_884, 49_855]);

      // Progress went to the operator's terminal, not into the reply.
      expect(progress.filter((line) => /^import: 50,002 rows read \([\d,]+ rows\/s\)$/.test(line))).toHaveLength(1);
      expect(progress.at(-1)).toBe('import: 10,000 of 10,000 videos written');
      expect(JSON.stringify(reply)).not.toMatch(/rows\/s|videos written/);
    },
    LARGE_IMPORT_TIMEOUT_MS,
  );

  it(
    'leaves stored data exactly as it was when the last row of a large file is malformed',
    async () => {
      const ctx = await commandContext(database().prisma);
      const { records } = seriesCsv(10_000, 5);
      await importFile(ctx, 'kept', await writeCsv('first-rows.csv', `${records.slice(0, 4).join('\n')}\n`));
      const videosBefore = await database().prisma.video.findMany({
        where: { channel: { teamId: ctx.team.id } },
        include: { snapshots: true },
        orderBy: { youtubeId: 'asc' },
      });
      expect(videosBefore.map((video) => video.youtubeId)).toEqual(['v0000000000', 'v0000000001', 'v0000000002']);

      // 50,000 good rows, which also update the three stored videos, then a quote that is never closed.
      const broken = await writeCsv(
        'broken-at-the-end.csv',
        `${[...records, 'v9999999999,"Never closed,2025-01-01T00:00:00Z,60,1,1,1,2025-02-01T00:00:00Z'].join('\n')}\n`,
      );
      const lastLine = seriesCsv(10_000, 5).nextLine;
      const reply = await importFile(ctx, 'kept', broken);
      expect(reply).toMatchObject({ kind: 'error', title: 'Not a video CSV' });
      expect(reply.summary).toContain(
        `the quoted field in the row starting on line ${lastLine} is never closed: a closing " is missing`,
      );
      const videosAfter = await database().prisma.video.findMany({
        where: { channel: { teamId: ctx.team.id } },
        include: { snapshots: true },
        orderBy: { youtubeId: 'asc' },
      });
      expect(videosAfter).toEqual(videosBefore);
      expect(await database().prisma.channel.count({ where: { teamId: ctx.team.id } })).toBe(1);

      // The size cap is a setting: a file over it is refused before anything is read.
      const capped = await executeCommand({ ...ctx, config: { ...ctx.config, IMPORT_MAX_FILE_MIB: 1 } }, 'import', {
        words: ['--channel', 'capped', '--file', broken],
      });
      expect(capped).toMatchObject({ kind: 'error', title: 'File too large' });
      expect(capped.summary).toMatch(/the limit is 1 MiB/);
      expect(await database().prisma.channel.count({ where: { teamId: ctx.team.id } })).toBe(1);
    },
    LARGE_IMPORT_TIMEOUT_MS,
  );

  it('stores tags exactly, whatever characters they hold', async () => {
    const ctx = await commandContext(database().prisma);
    const tags = ['say "hi"', 'back\\slash', 'comma, inside', 'NULL', '{braces}', 'été ☕', ''];
    const cell = `"${JSON.stringify(tags).replaceAll('"', '""')}"`;
    const file = await writeCsv(
      'tags.csv',
      `video_id,title,published_at,duration_seconds,views,likes,comments,tags\ntagged00001,T,,,1,,,${cell}\n`,
    );
    expect(report(await importFile(ctx, 'tags', file))).toMatchObject({ created: 1, skipped: [] });
    const stored = await database().prisma.video.findFirstOrThrow({
      where: { youtubeId: 'tagged00001', channel: { teamId: ctx.team.id } },
    });
    expect(stored.tags).toEqual(tags);
  });

  it('drops repeated rows of a video in the database exactly as parseVideoCsv does', async () => {
    const ctx = await commandContext(database().prisma);
    const text = [
      `${SERIES_HEADER},engaged_views`,
      'id1,T,,,1,,,2024-01-01,',
      'id1,T,,,2,,,2024-01-01T00:00:00Z,',
      'id1,T,,,3,,,,',
      'id2,U,,,1,,,,',
      'id2,U,,,2,,,2024-01-01,',
      'id1,Latest,,,5,,,2024-01-03,4',
      'id1,Middle,,,4,,,2024-01-02,',
    ].join('\n');
    const parsed = parseVideoCsv(text);
    const reply = await importFile(ctx, 'dups', await writeCsv('dups.csv', text));
    expect(report(reply).skipped).toEqual(parsed.skipped);
    expect(report(reply)).toMatchObject({ dataRows: parsed.dataRows, videosInFile: 2, snapshotsAdded: 4 });
    const stored = await database().prisma.video.findMany({
      where: { channel: { teamId: ctx.team.id } },
      include: { snapshots: { orderBy: { takenAt: 'asc' } } },
      orderBy: { youtubeId: 'asc' },
    });
    expect(
      stored.map((video) => ({
        youtubeId: video.youtubeId,
        title: video.title,
        views: Number(video.views),
        engagedViews: video.engagedViews === null ? null : Number(video.engagedViews),
        statsAt: video.statsUpdatedAt,
        snapshots: video.snapshots.map((snapshot) => Number(snapshot.views)),
      })),
    ).toEqual(
      parsed.videos.map((video) => ({
        youtubeId: video.youtubeId,
        title: video.title,
        views: video.stats.views,
        engagedViews: video.stats.engagedViews,
        statsAt: video.statsAt ?? ctx.now(),
        snapshots: video.snapshots.length > 0 ? video.snapshots.map((snapshot) => snapshot.views) : [video.stats.views],
      })),
    );
  });
});

const postgresOk = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('an import killed mid-way [%s]', (backend) => {
  /** An on-disk store the test and the CLI process can both open, one after the other. */
  async function store() {
    const dataDir = await mkdtemp(join(dir, 'killed-'));
    if (backend === 'pglite')
      return {
        dataDir,
        env: {} as Record<string, string>,
        open: () => openDatabase({ dataDir }),
        drop: async () => {},
      };
    const server = await createPostgresTestDatabase();
    return {
      dataDir,
      env: { DATABASE_URL: server.url },
      open: () => openDatabase({ databaseUrl: server.url, dataDir }),
      drop: server.drop,
    };
  }

  const storedVideos = (database: Database) =>
    database.prisma.video.findMany({ include: { snapshots: true, channel: true }, orderBy: { id: 'asc' } });

  it.skipIf(backend === 'postgres' && !postgresOk)(
    'leaves stored data exactly as it was: no partial channel, video or snapshot',
    async () => {
      const target = await store();
      try {
        const { records } = seriesCsv(10_000, 20);
        const seeded = await target.open();
        const team = await ensureLocalTeam(seeded.prisma);
        const first = await writeCsv(`seed-${backend}.csv`, `${records.slice(0, 4).join('\n')}\n`);
        await importCsvFile(seeded.prisma, team.id, 'kept', first, new Date('2025-03-01T00:00:00Z'));
        const before = await storedVideos(seeded);
        await seeded.close();
        expect(before).toHaveLength(3);

        // 200,000 rows that would update the stored videos and add 9,997 more; killed while they are read.
        const big = await writeCsv(`killed-${backend}.csv`, `${records.join('\n')}\n`);
        const cli = start(
          process.execPath,
          ['--import', 'tsx', join(root, 'src/cli.ts'), 'import', '--channel', 'kept', '--file', big],
          { env: baseEnv(target.dataDir, target.env) },
        );
        await cli.waitFor('stderr', /import: [\d,]+ rows read so far/);
        cli.child.kill('SIGKILL');
        expect((await cli.exited).signal).toBe('SIGKILL');

        const after = await target.open();
        try {
          expect(await storedVideos(after)).toEqual(before);
          expect(await after.prisma.channel.findMany({ select: { name: true } })).toEqual([{ name: 'kept' }]);
        } finally {
          await after.close();
        }
      } finally {
        await target.drop();
      }
    },
    KILLED_IMPORT_TIMEOUT_MS,
  );
});
