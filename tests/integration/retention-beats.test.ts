import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { linkPublishedScripts } from '../../src/core/ai/script-store.js';
import { MIN_GROUP_VIDEOS } from '../../src/core/analytics/effect-model.js';
import { formatFraction } from '../../src/core/format/numbers.js';
import { truncateToWidth } from '../../src/core/format/text-width.js';
import { type FakeGroq, promptData, schemaName, startFakeGroq } from '../fakes/fake-groq.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { goodAnswer, llmConfig } from '../support/groq-writer.js';

// Retention mapped to the script: /analyze of a video made from a /script shows which beat its dip falls in, and
// the next /script's prompt carries which beat kinds the channel's scripted videos lose most viewers in.

const now = new Date('2026-11-23T12:00:00Z');
const published = new Date('2026-11-23T14:00:00Z');
const read = new Date('2026-11-24T14:00:00Z');
const later = new Date('2026-11-25T12:00:00Z');
const LONG_LINE =
  'Here is the usual way everyone in the kitchen cracks an egg every single morning before work, and why it fails.';
const FALL = 0.15;

let fake: FakeGroq;
beforeAll(async () => {
  fake = await startFakeGroq();
  // A well-behaved model whose second beat says more than the reply has room for.
  fake.setDefault((request) => {
    const answer = goodAnswer(request);
    if (schemaName(request) !== 'shorts_script' || !('json' in answer)) return answer;
    const words = answer.json as { beats: { voiceover: string }[] };
    (words.beats[1] as { voiceover: string }).voiceover = LONG_LINE;
    return answer;
  });
});
afterAll(async () => {
  await fake.close();
});

/** The scripted video's curve: a steady 1 point per second, and a FALL over 3 s centred on `fallS`. */
function watchRatio(seconds: number, fallS: number): number {
  return 1 - 0.01 * seconds - FALL * Math.min(1, Math.max(0, (seconds - fallS + 1.5) / 3));
}

describeEachBackend('retention by beat', (database) => {
  let ctx: CommandContext;
  let laterCtx: CommandContext;
  let channelId: number;

  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '7'] });
    ctx.config = llmConfig(fake.baseURL);
    laterCtx = { ...ctx, now: () => later };
    channelId = (await ctx.db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id }, select: { id: true } })).id;
  });

  it('/analyze of a video made from a script shows where viewers left, by beat; other videos are unchanged', async () => {
    const written = await executeCommand(ctx, 'script', { words: ['topic:eggs'] });
    const { targetLengthS: durationS, words } = written.data as {
      targetLengthS: number;
      words: { title_options: string[]; beats: { start_s: number; end_s: number; voiceover: string }[] };
    };
    const setup = words.beats[1] as { start_s: number; end_s: number; voiceover: string };
    const fallS = (setup.start_s + setup.end_s) / 2;
    const video = await ctx.db.video.create({
      data: {
        channelId,
        youtubeId: 'scripted-egg',
        title: words.title_options[0] as string,
        tags: [],
        durationS,
        isShort: true,
        publishedAt: published,
        views: 5000n,
        likes: 200,
        comments: 20,
        statsUpdatedAt: read,
        retention: {
          create: Array.from({ length: 100 }, (_, index) => ({
            elapsedRatio: (index + 1) / 100,
            watchRatio: watchRatio(((index + 1) / 100) * durationS, fallS),
          })),
        },
      },
      select: { id: true },
    });
    expect(await linkPublishedScripts(ctx.db, channelId)).toContainEqual({
      scriptId: (written.data as { scriptId: number }).scriptId,
      videoId: video.id,
    });

    const reply = await executeCommand(laterCtx, 'analyze', { words: ['scripted-egg'] });
    const section = reply.sections?.find((candidate) => candidate.heading === 'Where viewers left, by beat');
    // The beat's loss off the curve: its steady decline and the whole fall.
    const lost = formatFraction(watchRatio(setup.start_s, fallS) - watchRatio(setup.end_s, fallS), 0);
    expect(section?.list).toEqual([
      `Beat 2 (setup), ${setup.start_s}–${setup.end_s} s: “${truncateToWidth(LONG_LINE, 60)}” — ${lost} of viewers lost`,
    ]);
    expect(section?.list?.[0]).toContain('…”');
    const overall = formatFraction(watchRatio(0.01 * durationS, fallS) - watchRatio(durationS, fallS), 0);
    expect(section?.text).toBe(`${overall} of viewers lost over the script’s 0–${durationS} s.`);

    const demoVideo = await ctx.db.video.findFirstOrThrow({
      where: { channelId, scripts: { none: {} }, retention: { some: {} } },
      select: { youtubeId: true },
    });
    const unscripted = await executeCommand(laterCtx, 'analyze', { words: [demoVideo.youtubeId] });
    expect(unscripted.kind).toBe('result');
    expect(unscripted.sections?.map((candidate) => candidate.heading)).not.toContain('Where viewers left, by beat');
  });

  it('/analyze of a video whose stored script holds no timed beats shows no beat section, and fails nothing', async () => {
    const video = await ctx.db.video.findFirstOrThrow({
      where: { channelId, scripts: { none: {} }, retention: { some: {} } },
      select: { id: true, youtubeId: true },
      orderBy: { id: 'desc' },
    });
    const body = { targetLengthS: 30, text: 'written before beats were timed' };
    await ctx.db.generatedScript.create({
      data: {
        channelId,
        topic: 'eggs',
        hook: 'Hook',
        body,
        titleOptions: ['Old'],
        status: 'published',
        videoId: video.id,
        writer: 'test',
        createdAt: now,
      },
    });
    const reply = await executeCommand(laterCtx, 'analyze', { words: [video.youtubeId] });
    expect(reply.kind).toBe('result');
    expect(reply.sections?.map((section) => section.heading)).toContain('Retention');
    expect(reply.sections?.map((section) => section.heading)).not.toContain('Where viewers left, by beat');
    expect((await ctx.db.generatedScript.findFirstOrThrow({ where: { videoId: video.id } })).body).toEqual(body);
  });

  it('/script’s prompt carries the mean loss per beat kind of the channel’s scripted videos, with n', async () => {
    // MIN_GROUP_VIDEOS - 1 demo videos made from four-beat scripts, cut at 10 %, 50 % and 90 % of the video.
    const demoVideos = await ctx.db.video.findMany({
      where: { channelId, scripts: { none: {} }, retention: { some: {} }, durationS: { not: null } },
      select: {
        id: true,
        durationS: true,
        retention: { where: { elapsedRatio: { gt: 0 } }, orderBy: { elapsedRatio: 'asc' } },
      },
      orderBy: { id: 'asc' },
      take: MIN_GROUP_VIDEOS - 1,
    });
    expect(demoVideos).toHaveLength(MIN_GROUP_VIDEOS - 1);
    const cuts = [0, 0.1, 0.5, 0.9, 1];
    const losses = { hook: [] as number[], setup: [] as number[], payoff: [] as number[] };
    for (const video of demoVideos) {
      const durationS = video.durationS as number;
      await ctx.db.generatedScript.create({
        data: {
          channelId,
          topic: 'eggs',
          hook: 'Hook',
          body: {
            targetLengthS: durationS,
            beats: cuts.slice(1).map((cut, index) => ({
              start_s: (cuts[index] as number) * durationS,
              end_s: cut * durationS,
              voiceover: `line ${index + 1}`,
              on_screen_text: '',
            })),
            cta: 'Follow.',
          },
          titleOptions: ['A title'],
          status: 'published',
          videoId: video.id,
          writer: 'test',
          createdAt: now,
        },
      });
      // The curve at a cut: the stored sample there (before the first sample, the first one's value).
      const at = (ratio: number) =>
        video.retention.find((point) => Math.abs(point.elapsedRatio - Math.max(0.01, ratio)) < 1e-9)
          ?.watchRatio as number;
      losses.hook.push(at(0) - at(0.1));
      losses.setup.push(at(0.1) - at(0.5));
      losses.payoff.push(at(0.5) - at(0.9));
    }
    // The scripted video of the first test: three beats (hook, setup, payoff), no call to action.
    const scripted = await ctx.db.generatedScript.findFirstOrThrow({
      where: { channelId, video: { youtubeId: 'scripted-egg' } },
      select: { body: true, video: { select: { durationS: true } } },
    });
    type Beat = { start_s: number; end_s: number };
    const [hook, setup, payoff] = (scripted.body as { beats: [Beat, Beat, Beat] }).beats;
    const durationS = scripted.video?.durationS as number;
    const fallS = (setup.start_s + setup.end_s) / 2;
    const w = (seconds: number) => watchRatio(Math.max(0.01 * durationS, seconds), fallS);
    losses.hook.push(w(hook.start_s) - w(hook.end_s));
    losses.setup.push(w(setup.start_s) - w(setup.end_s));
    losses.payoff.push(w(payoff.start_s) - w(payoff.end_s));

    fake.requests.length = 0;
    const reply = await executeCommand(laterCtx, 'script', { words: ['topic:toast'] });
    expect(reply.kind).toBe('result');
    const request = fake.requests.find((recorded) => schemaName(recorded.body) === 'shorts_script');
    const pacing = (promptData(request?.body as never) as { beat_pacing: unknown[] }).beat_pacing;
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const measured = Object.entries(losses)
      .map(([beat, values]) => ({ beat, meanLost: mean(values), n: values.length }))
      .sort((a, b) => b.meanLost - a.meanLost);
    expect(pacing).toEqual([
      ...measured.map(({ beat, meanLost, n }) => ({
        beat,
        mean_viewers_lost: formatFraction(meanLost, 0),
        videos: n,
      })),
      { beat: 'cta', videos: MIN_GROUP_VIDEOS - 1, note: `not enough data yet (n=${MIN_GROUP_VIDEOS - 1})` },
    ]);
    expect(measured.every(({ n }) => n === MIN_GROUP_VIDEOS)).toBe(true);
  });
});
