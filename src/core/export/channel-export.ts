import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from '../analytics/evidence-history.js';
import { latestAnalysis } from '../analytics/latest-analysis.js';
import { loadChannelData } from '../analytics/load-channel-data.js';
import type { DimensionEffects } from '../analytics/pattern-effects.js';
import type { Db } from '../db/database.js';
import { toCsv } from './csv.js';

// A channel's analysis as three CSV tables a team can take into a spreadsheet: every video with its scores,
// every effect of the one effect model with its interval, and every stored prediction with its outcome.

export interface ChannelExport {
  videos: { csv: string; rows: number };
  effects: { csv: string; rows: number };
  predictions: { csv: string; rows: number };
}

const round = (value: number | null, digits = 4) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** At the channel's latest reading, like every other figure (the export of the same data is the same file). */
export async function exportChannel(
  db: Db,
  channelId: number,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): Promise<ChannelExport> {
  const data = await loadChannelData(db, channelId);
  const { scores, patterns } = latestAnalysis(data, settings);
  const byId = new Map(data.videos.map((video) => [video.id, video]));

  const videoRows = scores.map((score) => {
    const video = byId.get(score.id);
    return [
      score.id,
      video?.title,
      video?.publishedAt ?? null,
      video?.isShort ?? null,
      round(score.ageDays, 2),
      score.views,
      round(score.baselineMedian, 1),
      score.baselineN,
      round(score.outlierScore),
      round(score.successScore, 1),
      video?.likes ?? null,
      video?.comments ?? null,
      video?.shares ?? null,
      video?.avgViewPct ?? null,
      video?.ctr ?? null,
    ];
  });

  const dimensions: DimensionEffects[] = [
    patterns.topics,
    patterns.length,
    patterns.postingTime,
    patterns.hook,
    ...Object.values(patterns.title),
  ];
  const effectRows = dimensions.flatMap((dimension) =>
    dimension.effects.map((effect) => [
      effect.dimension,
      effect.group,
      effect.n,
      round(effect.rawEffect),
      round(effect.effect),
      round(effect.low),
      round(effect.high),
      round(effect.multiplier),
      round(Math.exp(effect.low)),
      round(Math.exp(effect.high)),
      effect.confidence,
    ]),
  );

  const predictions = await db.prediction.findMany({
    where: { channelId },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      kind: true,
      scriptId: true,
      horizonDays: true,
      madeAt: true,
      predicted: true,
      low: true,
      high: true,
      actual: true,
      scoredAt: true,
      video: { select: { youtubeId: true } },
    },
  });
  const predictionRows = predictions.map((prediction) => {
    const { actual } = prediction;
    return [
      prediction.id,
      prediction.kind,
      prediction.video?.youtubeId ?? null,
      prediction.scriptId,
      prediction.horizonDays,
      prediction.madeAt,
      round(prediction.predicted, 1),
      round(prediction.low, 1),
      round(prediction.high, 1),
      actual,
      prediction.scoredAt,
      actual === null ? null : actual >= prediction.low && actual <= prediction.high,
      actual === null || actual <= 0 || prediction.predicted <= 0
        ? null
        : round(Math.abs(Math.log10(actual / prediction.predicted))),
    ];
  });

  return {
    videos: {
      rows: videoRows.length,
      csv: toCsv(
        [
          'youtube_id',
          'title',
          'published_at',
          'is_short',
          'age_days',
          'views',
          'baseline_median_views',
          'baseline_n',
          'outlier_score',
          'success_score',
          'likes',
          'comments',
          'shares',
          'avg_view_pct',
          'ctr_pct',
        ],
        videoRows,
      ),
    },
    effects: {
      rows: effectRows.length,
      csv: toCsv(
        [
          'dimension',
          'group',
          'n',
          'raw_effect_log',
          'effect_log',
          'low_log',
          'high_log',
          'multiplier',
          'low_multiplier',
          'high_multiplier',
          'confidence',
        ],
        effectRows,
      ),
    },
    predictions: {
      rows: predictionRows.length,
      csv: toCsv(
        [
          'id',
          'kind',
          'youtube_id',
          'script_id',
          'horizon_days',
          'made_at',
          'predicted_views',
          'low',
          'high',
          'actual_views',
          'scored_at',
          'actual_within_interval',
          'abs_log10_error',
        ],
        predictionRows,
      ),
    },
  };
}
