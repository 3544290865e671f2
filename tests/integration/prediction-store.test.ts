import { expect, it } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { loadChannelData } from '../../src/core/analytics/load-channel-data.js';
import { viewsAtAge } from '../../src/core/analytics/views-at-age.js';
import {
  recordPrediction,
  scoreDuePredictions,
  scoredPredictions,
  scoredPrePublishLedger,
} from '../../src/core/predictions/prediction-store.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// The prediction store's statements are SQL (so `predict` compiles no Prisma model query): what they write and
// read back must be what Prisma's models wrote and read — dates as Dates, the inputs as JSON, the kind by name.

const now = new Date('2026-11-25T09:00:00.123Z');

describeEachBackend('the prediction store', (database) => {
  it('records, scores and reads back a prediction as Prisma models see it', async () => {
    const ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '3'] });
    const { db } = ctx;
    const { id: channelId } = await db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id } });
    const data = await loadChannelData(db, channelId);
    const video = data.videos.find((candidate) => viewsAtAge(candidate, 30) !== null);
    if (!video) throw new Error('the demo has no video 30 days old');
    const { id: videoId } = await db.video.findFirstOrThrow({ where: { channelId, youtubeId: video.id } });
    const madeAt = new Date('2026-06-01T10:20:30.456Z');
    const uncalibrated = { predicted: 1000.5, low: 500.25, high: 2000.75 };
    const inputs = { uncalibrated, plan: { topic: 'eggs', hook: null }, notes: ['ä "quoted"'] };
    const id = await recordPrediction(db, {
      channelId,
      kind: 'pre_publish',
      videoId,
      horizonDays: 30,
      predicted: 1100,
      low: 600,
      high: 2100,
      inputs,
      madeAt,
    });

    const actual = viewsAtAge(video, 30) as number;
    const scored = await scoreDuePredictions(db, channelId, data.videos, now);
    expect(scored).toEqual([
      { id, youtubeId: video.id, horizonDays: 30, predicted: 1100, low: 600, high: 2100, actual },
    ]);
    expect(await db.prediction.findUniqueOrThrow({ where: { id } })).toEqual({
      id,
      channelId,
      kind: 'pre_publish',
      videoId,
      scriptId: null,
      horizonDays: 30,
      predicted: 1100,
      low: 600,
      high: 2100,
      actual,
      inputs,
      madeAt,
      scoredAt: now,
    });
    expect(await scoreDuePredictions(db, channelId, data.videos, now)).toEqual([]);
    expect(await scoredPredictions(db, channelId)).toEqual([
      { predicted: 1100, low: 600, high: 2100, actual, horizonDays: 30, kind: 'pre_publish' },
    ]);
    // The stored uncalibrated interval, not the shown one, is what calibration measures against.
    expect(await scoredPrePublishLedger(db, channelId, 30)).toEqual([
      { channelId, horizonDays: 30, madeAt, scoredAt: now, raw: uncalibrated, actual },
    ]);
    expect(await scoredPrePublishLedger(db, channelId, 7)).toEqual([]);
  });
});
