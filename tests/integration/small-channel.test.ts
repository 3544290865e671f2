import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import type { DigestData } from '../../src/core/digest/build-digest.js';
import type { Reply } from '../../src/core/reply.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// A small cooking channel in French, Japanese and Spanish (emoji, hashtags), as its owner would feed it: YouTube
// Studio exports (publish dates without a time of day) downloaded four times at uneven moments and imported with
// --as-of, the newest video read only once; every command asked a week after the last reading.

type Row = [id: string, title: string, published: string, seconds: number, views: (number | null)[]];
const VIDEOS: Row[] = [
  ['sm00000001a', 'La crème brûlée de ma grand-mère 🍮 #recette #shorts', 'Sep 3, 2026', 42, [800, 1500, 2100, 2600]],
  ['sm00000002a', '簡単！絶品ラーメンの作り方🍜', 'Sep 10, 2026', 55, [3000, 5200, 6100, 6900]],
  ['sm00000003a', 'Cómo hacer tacos al pastor en casa 🌮 #shorts', 'Sep 18, 2026', 38, [1200, 1900, 2300, 2500]],
  ['sm00000004a', 'Crème brûlée : les 3 erreurs qui ne pardonnent pas', 'Sep 25, 2026', 50, [500, 900, 1200, 1400]],
  ['sm00000005a', 'ラーメンのスープを一から作る #shorts', 'Oct 2, 2026', 58, [7000, 11000, 13000, 14000]],
  ['sm00000006a', 'Tacos al pastor: el secreto de la salsa 🔥🔥', 'Oct 9, 2026', 33, [900, 1300, 1500, 1650]],
  ['sm00000007a', "Recettes d'été : 5 salades fraîches ☀️ #été", 'Oct 16, 2026', 45, [400, 700, 800, 900]],
  ['sm00000008a', 'ふわふわパンケーキの作り方🥞 #shorts #2026', 'Oct 23, 2026', 40, [2000, 4000, 5000, 5600]],
  ['sm00000009a', 'Churros con chocolate en 15 minutos 🍫', 'Oct 28, 2026', 36, [null, 1100, 1800, 2200]],
  ['sm00000010a', '¿Por qué mi paella no tiene socarrat? #shorts #paella', 'Nov 1, 2026', 47, [null, null, null, 3000]],
];
const DOWNLOADS = ['2026-10-30', '2026-11-03T15:00:00Z', '2026-11-11', '2026-11-19T08:30:00Z'];
const NOW = new Date('2026-11-26T10:00:00Z');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tubepilot-small-'));
});

/** One Studio export per download, holding the videos that had views by then, imported in `order`. */
async function importChannel(ctx: CommandContext, channel: string, rows: readonly Row[], order = [0, 1, 2, 3]) {
  for (const reading of order) {
    const asOf = DOWNLOADS[reading] as string;
    const lines = ['Content,Video title,Video publish time,Duration,Views,Likes,Comments added'];
    for (const [id, title, published, seconds, views] of rows) {
      const count = views[reading];
      if (count === null || count === undefined) continue;
      const likes = Math.round(count / 25);
      lines.push(
        `${id},"${title}","${published}",${seconds},"${count.toLocaleString('en-US')}",${likes},${likes >> 3}`,
      );
    }
    const file = join(dir, `${channel}-${reading}.csv`);
    await writeFile(file, lines.join('\n'));
    const reply = await executeCommand(ctx, 'import', {
      words: ['--channel', channel, '--file', file, '--as-of', asOf],
    });
    expect(reply.kind).toBe('result');
  }
}

const field = (reply: Reply, label: string) => reply.fields?.find((item) => item.label === label)?.value;

/** Every confidence the reply's data carries, wherever it sits. */
function confidences(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(confidences);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === 'confidence' && typeof item === 'string' ? [item] : confidences(item),
  );
}

describeEachBackend('a small multilingual channel', (database) => {
  it('/trends on 10 videos claims nothing: with a dozen dimensions the effects cannot also measure the noise', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'petit', VIDEOS);
    const trends = await executeCommand(ctx, 'trends', { words: ['petit'] });
    expect(trends.kind).toBe('result');
    const found = confidences(trends.data);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((confidence) => confidence === 'medium' || confidence === 'high')).toEqual([]);
  });

  it('/strategy never suggests making more of "other", the videos no topic or hook style fits', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'autre', VIDEOS);
    const strategy = await executeCommand(ctx, 'strategy', { words: ['autre'] });
    const section = strategy.sections?.find((item) => item.heading === 'What to test next');
    expect(section?.list?.length).toBeGreaterThan(0);
    expect(section?.list?.filter((line) => line.includes('"other"'))).toEqual([]);
  });

  it('/strategy makes hook templates of titles without the hashtags that tag them', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'crochets', VIDEOS);
    const strategy = await executeCommand(ctx, 'strategy', { words: ['crochets'] });
    const templates = strategy.sections?.find((item) => item.heading === 'Hook templates (from the best hooks)')?.list;
    // The best five by outlier score, as titled but for "#shorts #2026" and the like.
    expect(templates).toEqual([
      'ラーメンのスープを一から作る',
      'ふわふわパンケーキの作り方🥞',
      '簡単！絶品ラーメンの作り方🍜',
      '¿Por qué mi paella no tiene socarrat?',
      'Churros con chocolate en {N} minutos 🍫',
    ]);
  });

  it('/strategy puts {subject} for a topic written with accents or in Japanese', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    const rows: Row[] = [
      ['cb00000001a', 'La crème brûlée de ma grand-mère 🍮', 'Sep 3, 2026', 42, [9000, 9500, 9800, 9900]],
      ['ra00000002a', '東京で一番おいしいラーメン', 'Sep 10, 2026', 55, [8000, 8200, 8300, 8400]],
      ['cb00000003a', 'Ma crème brûlée à la vanille, pas à pas', 'Sep 18, 2026', 38, [300, 400, 450, 500]],
      ['ra00000004a', '家で作る本格ラーメン', 'Sep 25, 2026', 50, [300, 350, 380, 400]],
      ['cb00000005a', 'Crème brûlée : les erreurs qui ne pardonnent pas', 'Oct 2, 2026', 58, [200, 300, 320, 340]],
      ['ra00000006a', 'ラーメンのスープを一から作る', 'Oct 9, 2026', 33, [250, 300, 330, 350]],
    ];
    await importChannel(ctx, 'sujets', rows);
    const trends = await executeCommand(ctx, 'trends', { words: ['sujets'] });
    const clusters = (trends.data as { patterns: { topics: { clusters: { keywords: string[] }[] } } }).patterns.topics
      .clusters;
    expect(clusters.map((cluster) => cluster.keywords[0])).toEqual(['crème brûlée', 'ラーメン']);
    const strategy = await executeCommand(ctx, 'strategy', { words: ['sujets'] });
    const templates = strategy.sections?.find((item) => item.heading === 'Hook templates (from the best hooks)')?.list;
    // Every video is on one of the two topics, so every template has the slot instead of the topic's words.
    expect(templates?.length).toBeGreaterThan(2);
    expect(
      templates?.filter((template) => !template.includes('{subject}') || /ラーメン|crème/i.test(template)),
    ).toEqual([]);
    expect(templates).toContain('東京で一番おいしい{subject}');
  });

  it('/predict names a topic as /trends does', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'noms', VIDEOS);
    const trends = await executeCommand(ctx, 'trends', { words: ['noms'] });
    const topics = (trends.data as { patterns: { topics: { clusters: { id: string; label: string }[] } } }).patterns
      .topics.clusters;
    const label = topics.find((cluster) => cluster.id === 'crème-brûlée')?.label;
    expect(label).toBe('crème brûlée / recette');
    expect(JSON.stringify(trends)).not.toContain('crème-brûlée:');
    const planned = await executeCommand(ctx, 'predict', {
      words: ['--channel', 'noms', 'topic:creme brulee', 'length:40', 'hook:question'],
    });
    const basis = planned.sections?.find((section) => section.heading === 'Basis')?.list ?? [];
    expect(basis.filter((line) => line.startsWith('topic'))).toEqual([
      expect.stringMatching(/^topic = crème brûlée \/ recette: /),
    ]);
  });

  it('the digest draws no topic chart of "other" alone, the videos no topic fits', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'graphe', VIDEOS);
    const digest = await executeCommand(ctx, 'digest', { words: ['now', '--channel', 'graphe'] });
    expect(digest.images?.map((image) => image.name)).not.toContain('topics.png');
    expect(digest.sections?.find((section) => section.heading === 'Notes')?.list).toContain(
      'No chart of topics: no topic has enough videos yet.',
    );
  });

  it('the four exports imported in another order give the same answers', async () => {
    const answers = [];
    for (const [name, order] of [
      ['ordre', [0, 1, 2, 3]],
      ['desordre', [3, 0, 2, 1]],
    ] as const) {
      const ctx = await commandContext(database().prisma, { now: NOW });
      await importChannel(ctx, name, VIDEOS, [...order]);
      const replies = [];
      for (const command of ['stats', 'trends', 'export'])
        replies.push(await executeCommand(ctx, command, { words: [name] }));
      answers.push(
        JSON.stringify(replies)
          .replaceAll(name, 'NAME')
          .replace(/"channel":\{"id":\d+/g, ''),
      );
    }
    expect(answers[1]).toBe(answers[0]);
  });

  it('/trends in words names no "other" as the best or worst topic or hook style', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'mots-cles', VIDEOS);
    const trends = await executeCommand(ctx, 'trends', { words: ['mots-cles'] });
    const words = trends.sections?.find((section) => section.heading === 'In words')?.text ?? '';
    expect(words).toMatch(/^Title features: /);
    expect(words).not.toContain('"other"');
  });

  it('/script gives its topic the name /trends and its own prediction basis give it', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'script', VIDEOS);
    const script = await executeCommand(ctx, 'script', { words: ['--channel', 'script', 'best:true'] });
    const why = script.sections?.find((section) => section.heading === 'Why this video')?.list ?? [];
    const basis = script.sections?.find((section) => section.heading === 'Prediction basis')?.list ?? [];
    expect(why.filter((line) => line.includes('topic'))).toEqual([
      expect.stringMatching(/^exploit: topic pastor \/ tacos, /),
    ]);
    expect(basis.filter((line) => line.startsWith('topic ='))).toEqual([
      expect.stringMatching(/^topic = pastor \/ tacos: /),
    ]);
  });

  it('/strategy on 3 videos says how many scored videos its recent performance is the median of', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'trois', VIDEOS.slice(0, 3));
    const strategy = await executeCommand(ctx, 'strategy', { words: ['trois'] });
    // The oldest video has no earlier one to be compared with, so no success score: the other two are scored.
    const scores = [];
    for (const [id] of VIDEOS.slice(0, 3)) {
      const analysis = await executeCommand(ctx, 'analyze', { words: ['--channel', 'trois', id] });
      scores.push((analysis.data as { analysis: { success: { score: number | null } } }).analysis.success.score);
    }
    expect(scores[0]).toBeNull();
    const median = Math.round(((scores[1] as number) + (scores[2] as number)) / 2);
    expect(field(strategy, 'Recent performance')).toBe(
      `median success score ${median}/100 over 2 of the 3 newest videos (those with a score)`,
    );
  });

  it('/analyze calls no video "typical" from fewer comparison videos than a strength needs', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'deux', VIDEOS.slice(0, 3));
    const second = await executeCommand(ctx, 'analyze', { words: ['--channel', 'deux', 'sm00000002a'] });
    expect(field(second, 'Outlier score')).toMatch(/^3\.3× \(views ÷ median [\d,]+ of 1 videos at the same age\)$/);
    expect(second.sections?.find((section) => section.heading === 'Strengths')?.list).toEqual([
      'none that stand out from the channel median',
    ]);
    expect(second.summary).toBe(
      '3.3× the median views of 1 earlier Short at the same age: too few to compare with yet (5 needed).',
    );
    const third = await executeCommand(ctx, 'analyze', { words: ['--channel', 'deux', 'sm00000003a'] });
    expect(third.summary).toBe(
      '0.66× the median views of 2 earlier Shorts at the same age: too few to compare with yet (5 needed).',
    );
  });

  it('/stats and the digest rank no video by an outlier score against fewer than 5 comparison videos', async () => {
    // Ten Shorts: the nth is compared with the n − 1 before it. The fifth (14,000 views, 8.8× the median of four)
    // topped /stats, the second (3.3× one video's) came third; /analyze calls both too few to compare with.
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'classement', VIDEOS);
    const stats = await executeCommand(ctx, 'stats', { words: ['classement'] });
    const ranked = (heading: string) =>
      stats.sections?.find((section) => section.heading === heading)?.table?.rows.map((row) => [row[0], row[4]]);
    expect(ranked('Best videos by outlier score')).toEqual([
      ['sm00000008a', '4.8×'],
      ['sm00000010a', '2.6×'],
      ['sm00000009a', '2.1×'],
      ['sm00000006a', '1.4×'],
      ['sm00000007a', '0.67×'],
    ]);
    expect(ranked('Weakest videos by outlier score')).toBeUndefined();
    const reason =
      '5 videos are not ranked: fewer than 5 other videos of the same format at the same age to compare with.';
    expect(stats.sections?.find((section) => section.heading === 'Not ranked')?.text).toBe(reason);
    const fifth = await executeCommand(ctx, 'analyze', { words: ['--channel', 'classement', 'sm00000005a'] });
    expect(fifth.summary).toMatch(/^8\.8× the median views of 4 earlier Shorts at the same age: too few to compare/);

    // The last five alone: the three of the last 28 days are compared with 2, 3 and 4 videos, so none is ranked.
    const recent = await commandContext(database().prisma, { now: NOW });
    await importChannel(recent, 'recents', VIDEOS.slice(5));
    const digest = await executeCommand(recent, 'digest', { words: ['now', '--channel', 'recents'] });
    expect(digest.sections?.find((section) => section.heading === 'Recent videos')?.text).toBe(
      'No video of the last 28 days is ranked by outlier score yet. ' +
        '3 videos are not ranked: fewer than 5 other videos of the same format at the same age to compare with.',
    );
    const [best, worst] = [(digest.data as DigestData).figures.best, (digest.data as DigestData).figures.worst];
    expect([best, worst]).toEqual([[], []]);
  });

  it('exports 4 to 8 days apart measure the week, not the day: the digest says so instead of a day drawn across them', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'exports', VIDEOS);
    const digest = await executeCommand(ctx, 'digest', { words: ['now', '--channel', 'exports'] });
    // Was "Last 24 hours: 523 views (−1% vs the period before)", a straight line between exports 8.4 days apart.
    expect(digest.summary).toBe(
      'Last 24 hours: unknown — 9 videos were read across these periods, but more than 1.5 days apart at their ends: ' +
        'too far apart to measure them (import exports or refresh more often). ' +
        'Last 7 days: 3,753 views (−26% vs the period before), 0 new videos.',
    );
    // The exports start 20 days before the last: nothing measures the 30 days before, so no change is made up.
    const stats = await executeCommand(ctx, 'stats', { words: ['exports'] });
    expect(field(stats, 'Last 30 days')).toBe(
      '10,800 views gained (not compared: no video measures the 30 days before), 3 uploads (before: 4); from 3 videos with history',
    );
  });

  it('/analyze and /predict find a video from words of its title typed without accents, in any order', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'mots', VIDEOS);
    const analysis = await executeCommand(ctx, 'analyze', { words: ['--channel', 'mots', 'creme brulee erreurs'] });
    expect(analysis.title).toBe('Analysis: Crème brûlée : les 3 erreurs qui ne pardonnent pas');
    const prediction = await executeCommand(ctx, 'predict', { words: ['--channel', 'mots', 'video:por que PAELLA'] });
    expect(JSON.stringify(prediction)).toContain('¿Por qué mi paella no tiene socarrat? #shorts #paella');
    // Both crème brûlée videos have the words: which one is asked, not guessed.
    const both = await executeCommand(ctx, 'analyze', { words: ['--channel', 'mots', 'Creme Brulee'] });
    expect(both).toMatchObject({ kind: 'error', title: 'Which video?' });
  });

  it('a 3-video channel a week after its last reading: every command counts 3 videos as of that reading, none claims', async () => {
    const ctx = await commandContext(database().prisma, { now: NOW });
    await importChannel(ctx, 'trois', VIDEOS.slice(0, 3));
    const asOf = 'as of 19 Nov 2026 08:30 UTC (7 days ago — run /refresh or import a newer export)';
    const stats = await executeCommand(ctx, 'stats', { words: ['trois'] });
    expect([field(stats, 'Figures'), field(stats, 'Videos'), field(stats, 'Median views')]).toEqual([
      asOf,
      '3',
      '2,600',
    ]);
    const trends = await executeCommand(ctx, 'trends', { words: ['trois'] });
    expect(field(trends, 'Figures')).toBe(asOf);
    expect(trends.summary).toContain('from 3 videos');
    expect(confidences(trends.data)).toEqual([]);
    expect(JSON.stringify(trends.data)).toContain('not enough data yet (n=3)');
    const strategy = await executeCommand(ctx, 'strategy', { words: ['trois'] });
    expect([field(strategy, 'Figures'), field(strategy, 'Based on')]).toEqual([
      asOf,
      '3 videos published 2026-09-03 – 2026-09-18',
    ]);
    expect(strategy.sections?.find((section) => section.heading === 'Recommended topics')?.text).toMatch(/^No topic/);
    const planned = await executeCommand(ctx, 'predict', { words: ['--channel', 'trois', 'topic:tacos', 'length:40'] });
    expect(planned).toMatchObject({ kind: 'error', title: 'Cannot predict yet' });
    // Ages count from the reading, a date alone from its midnight: 19 Nov 08:30 − 3 Sep 00:00 = 77.35 days.
    const exported = await executeCommand(ctx, 'export', { words: ['trois'] });
    const rows = new TextDecoder().decode(exported.files?.[0]?.data).trim().split('\n').slice(1);
    expect(rows.map((row) => row.split(',').slice(4, 6))).toEqual([
      ['77.35', '2600'],
      ['70.35', '6900'],
      ['62.35', '2500'],
    ]);
  });
});
