import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { figuresTime } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { loadChannelData } from '../../src/core/analytics/load-channel-data.js';
import { forecastPlannedVideo, type PlannedVideoForecast } from '../../src/core/analytics/planned-video-prediction.js';
import { viewsAtAge } from '../../src/core/analytics/views-at-age.js';
import { calibrateInterval, normalisedResidual } from '../../src/core/predictions/interval-calibration.js';
import { recordPrediction } from '../../src/core/predictions/prediction-store.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';

// /predict for a planned video once the ledger holds scored pre-publication predictions: the interval is the
// model's own, re-drawn from the normalised residuals of those predictions, and the reply says so.

const now = new Date('2026-11-25T09:00:00Z'); // the demo's last reading is at midnight before
const day = 86_400_000;
const SCORED = 25;

describeEachBackend('calibrated pre-publication predictions', (database) => {
  let ctx: CommandContext;
  let channelId: number;
  const residuals: number[] = [];

  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '3'] });
    ({ id: channelId } = await ctx.db.channel.findFirstOrThrow({
      where: { teamId: ctx.team.id },
      select: { id: true },
    }));
    // Pre-publication predictions of 25 published videos, as /script stores them and linking attaches them to
    // the video, all too low by about half (a channel growing faster than its baseline) and too narrow.
    const data = await loadChannelData(ctx.db, channelId);
    const random = new SeededRandom('ledger');
    const due = data.videos.filter((video) => viewsAtAge(video, 30) !== null).slice(-SCORED);
    expect(due).toHaveLength(SCORED);
    for (const video of due) {
      const actual = viewsAtAge(video, 30) as number;
      const predicted = (actual / 2) * Math.exp(random.normal(0, 0.4));
      const raw = { predicted, low: predicted / 1.3, high: predicted * 1.3 };
      const stored = await ctx.db.video.findFirstOrThrow({ where: { channelId, youtubeId: video.id } });
      await recordPrediction(ctx.db, {
        channelId,
        kind: 'pre_publish',
        videoId: stored.id,
        horizonDays: 30,
        ...raw,
        inputs: { uncalibrated: raw },
        madeAt: new Date((video.publishedAt as Date).getTime() - day),
      });
      residuals.push(normalisedResidual(raw, actual) as number);
    }
  });

  it('/predict scores the ledger, then calibrates the planned video on it and says so', async () => {
    const reply = await executeCommand(ctx, 'predict', { words: ['topic:eggs', 'length:35', 'horizon:30d'] });
    expect(reply.kind).toBe('result');
    expect(reply.fields?.find((field) => field.label === 'Track record')?.value).toMatch(
      new RegExp(`^${SCORED} past predictions: typically off by ×\\d`),
    );
    expect(reply.summary).toMatch(
      new RegExp(
        `80% interval [\\d,]+ – [\\d,]+, calibrated on ${SCORED} scored predictions of this channel, centre \\+\\d+%\\)\\.$`,
      ),
    );

    const { forecast, predictionId } = reply.data as { forecast: PlannedVideoForecast; predictionId: number };
    if ('insufficient' in forecast.prediction) throw new Error(forecast.prediction.reason);
    // The model's own interval is what it says without a ledger…
    const data = await loadChannelData(ctx.db, channelId);
    const asOf = figuresTime(data);
    const plain = forecastPlannedVideo(
      data.videos,
      analyzeChannel(data, asOf).patterns,
      { topic: 'eggs', lengthS: 35 },
      asOf,
      30,
    );
    if ('insufficient' in plain.prediction) throw new Error(plain.prediction.reason);
    expect(forecast.prediction.uncalibrated).toEqual({
      predicted: plain.prediction.predicted,
      low: plain.prediction.low,
      high: plain.prediction.high,
    });
    expect(plain.prediction.calibration.source).toBe('none');
    // …and the shown one is it re-drawn from the planted residuals: moved up for the bias, wider.
    const expected = calibrateInterval(forecast.prediction.uncalibrated, residuals);
    expect(expected).not.toBeNull();
    expect(forecast.prediction.predicted).toBeCloseTo(expected?.predicted as number, 6);
    expect(forecast.prediction.low).toBeCloseTo(expected?.low as number, 6);
    expect(forecast.prediction.high).toBeCloseTo(expected?.high as number, 6);
    expect(forecast.prediction.predicted).toBeGreaterThan(1.5 * plain.prediction.predicted);
    expect(forecast.prediction.calibration).toMatchObject({ source: 'channel', n: SCORED, ownN: SCORED });

    // Stored as shown, with the model's own interval kept for scoring it later.
    const stored = await ctx.db.prediction.findUniqueOrThrow({ where: { id: predictionId } });
    expect(stored).toMatchObject({
      kind: 'pre_publish',
      predicted: forecast.prediction.predicted,
      low: forecast.prediction.low,
      high: forecast.prediction.high,
    });
    expect((stored.inputs as { uncalibrated: unknown }).uncalibrated).toEqual(forecast.prediction.uncalibrated);
  });

  it('/predict at a horizon no prediction has been scored at says it is not calibrated yet', async () => {
    const reply = await executeCommand(ctx, 'predict', { words: ['topic:eggs', 'horizon:7d'] });
    expect(reply.summary).toMatch(
      /80% interval [\d,]+ – [\d,]+, not yet calibrated: 0 scored predictions so far, 9 needed\)\.$/,
    );
  });
});
