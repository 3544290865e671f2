// /script: a Shorts script that follows the latest strategy, with the analytics engine's pre-publication
// prediction, stored as a draft (draft → approved → published, linked to its video once it appears).

import { figuresTime } from '../analytics/analytics-video.js';
import { learningSettings } from '../analytics/evidence-history.js';
import { latestAnalysis } from '../analytics/latest-analysis.js';
import { loadChannelData } from '../analytics/load-channel-data.js';
import { forecastPlannedVideo } from '../analytics/planned-video-prediction.js';
import { beatKindLosses, scriptedRetention } from '../analytics/retention-beats.js';
import type { ScriptStyle } from '../analytics/style-templates.js';
import { UserError } from '../errors.js';
import { nextVariant, recordAssignment, type VariantAssignment } from '../learning/experiments.js';
import { chooseNextVideo } from '../learning/next-video-plan.js';
import type { ArmChoice, ChoiceReason } from '../learning/thompson-sampling.js';
import type { CalibrationBasis } from '../predictions/interval-calibration.js';
import { recordPrediction, scoreDuePredictions, scoredPrePublishLedger } from '../predictions/prediction-store.js';
import { SeededRandom } from '../random/seeded-random.js';
import type { AiDeps } from './groq-client.js';
import { scriptBeatsByVideo } from './script-beats.js';
import { type ScriptBrief, type ScriptWords, writeScriptWords } from './script-writer.js';
import { latestStrategy, type StoredStrategy } from './strategy-store.js';
import { updateChannelStrategy } from './update-strategy.js';
import type { Written } from './writer.js';

/** Scripts are predicted at the horizon /predict uses by default. */
export const SCRIPT_HORIZON_DAYS = 30;
const RECENT_TITLES = 20;

export interface ScriptPrediction {
  id: number;
  horizonDays: number;
  predicted: number;
  low: number;
  high: number;
  calibration: CalibrationBasis;
  basis: string[];
  notes: string[];
}

export interface GeneratedScriptResult {
  scriptId: number;
  strategy: { id: number; version: number };
  topic: string;
  targetLengthS: number;
  hookStyle: ScriptStyle;
  titleStyle: ScriptStyle;
  /** Local hour (channel timezone) to publish at. */
  postHour: number;
  /** Why this video: each choice as "exploit: …" / "explore: …", and the experiment variant when one runs. */
  choices: string[];
  /** The plan's choices behind `choices` (experiment line aside): dimension, explore or exploit, and why. */
  choiceModes: { dimension: string; mode: ArmChoice['mode']; reason: ChoiceReason }[];
  experiment: VariantAssignment | null;
  words: Written<ScriptWords>;
  /** Or why there is none (too few videos old enough). */
  prediction: ScriptPrediction | { unavailable: string };
  /** The channel's latest reading, which the plan and prediction stand at, and its timezone. */
  figures: { asOf: Date | null; timezone: string };
}

/** The strategy to follow: the latest, written first when the channel has none. */
async function strategyToFollow(deps: AiDeps, channelId: number): Promise<StoredStrategy> {
  const existing = await latestStrategy(deps.db, channelId);
  if (existing) return existing;
  await updateChannelStrategy(deps, channelId);
  const created = await latestStrategy(deps.db, channelId);
  if (!created) throw new Error(`no strategy for channel ${channelId} after writing one`);
  return created;
}

export async function generateScript(
  deps: AiDeps,
  channelId: number,
  askedTopic?: string,
  options: { explore?: boolean } = {},
): Promise<GeneratedScriptResult> {
  const now = deps.now();
  const strategy = await strategyToFollow(deps, channelId);
  const data = await loadChannelData(deps.db, channelId);
  const asOf = figuresTime(data);
  const analysis = latestAnalysis(data, learningSettings(deps.config));
  // One draw per script: seeded by the channel's script count, so a retry of the same request is reproducible.
  const written = await deps.db.generatedScript.count({ where: { channelId } });
  const rng = options.explore === false ? null : new SeededRandom(`script:${channelId}:${written}`);
  const plan = chooseNextVideo(analysis, rng);
  const experiment = await nextVariant(deps.db, channelId);
  const topic = askedTopic ?? plan.topic?.cluster.keywords[0];
  if (topic === undefined) {
    throw new UserError(
      'Which topic?',
      'This channel has too few videos for topics to stand out, so none can be chosen yet.',
      'Name one: /script topic:…',
    );
  }
  const chosenStyle = plan.hookStyle.value as ScriptStyle;
  const hookStyle = experiment?.dimension === 'hook' ? (experiment.style as ScriptStyle) : chosenStyle;
  const titleStyle = experiment?.dimension === 'title' ? (experiment.style as ScriptStyle) : chosenStyle;
  const decisions = [
    ...(askedTopic === undefined && plan.topic ? [plan.topic] : []),
    ...(experiment ? [] : [plan.hookStyle]),
    plan.length,
    plan.postingTime,
  ];
  const choices = [
    ...decisions.map((decision) => decision.description),
    ...(experiment
      ? [
          `experiment #${experiment.experimentId}: variant ${experiment.variant} (${experiment.dimension} ${experiment.style}), pair ${experiment.pair + 1}`,
        ]
      : []),
  ];
  const targetLengthS = plan.length.targetS;
  const brief: ScriptBrief = {
    topic,
    targetLengthS,
    style: strategy.style,
    pacing: strategy.pacing,
    hookTemplates: strategy.hookTemplates,
    recentTitles: data.videos.slice(-RECENT_TITLES).map((video) => video.title),
    hookStyle,
    titleStyle,
    // At the channel's latest reading, like every figure of the plan.
    beatLosses: beatKindLosses(scriptedRetention(data.videos, await scriptBeatsByVideo(deps.db, channelId))),
    languages: analysis.patterns.languages,
  };
  const words = await writeScriptWords(deps, channelId, brief);
  // The style the script is written in (an experiment's variant when one runs): the hook the video will have.
  const planned = { topic, lengthS: targetLengthS, hour: plan.postingTime.hour, hook: hookStyle };
  await scoreDuePredictions(deps.db, channelId, data.videos, now);
  const ledger = await scoredPrePublishLedger(deps.db, channelId, SCRIPT_HORIZON_DAYS);
  const forecast = forecastPlannedVideo(data.videos, analysis.patterns, planned, asOf, SCRIPT_HORIZON_DAYS, {
    ledger,
    channelId,
    at: now,
  });
  const expected = 'insufficient' in forecast.prediction ? null : forecast.prediction;

  return deps.db.$transaction(async (tx) => {
    const script = await tx.generatedScript.create({
      data: {
        channelId,
        strategyId: strategy.id,
        topic,
        hook: words.value.hook,
        body: { targetLengthS, beats: words.value.beats, cta: words.value.cta },
        titleOptions: words.value.title_options,
        predictedViews: expected?.predicted ?? null,
        predictedLow: expected?.low ?? null,
        predictedHigh: expected?.high ?? null,
        writer: words.writer,
        createdAt: now,
      },
      select: { id: true },
    });
    const prediction =
      expected === null
        ? { unavailable: 'insufficient' in forecast.prediction ? forecast.prediction.reason : '' }
        : {
            id: await recordPrediction(tx, {
              channelId,
              kind: 'pre_publish',
              scriptId: script.id,
              horizonDays: SCRIPT_HORIZON_DAYS,
              predicted: expected.predicted,
              low: expected.low,
              high: expected.high,
              madeAt: now,
              inputs: {
                plan: planned,
                basis: expected.basis,
                notes: forecast.notes,
                uncalibrated: { ...expected.uncalibrated },
                calibration: { ...expected.calibration },
              },
            }),
            horizonDays: SCRIPT_HORIZON_DAYS,
            predicted: expected.predicted,
            low: expected.low,
            high: expected.high,
            calibration: expected.calibration,
            basis: expected.basis,
            notes: forecast.notes,
          };
    if (experiment) await recordAssignment(tx, experiment, script.id);
    return {
      scriptId: script.id,
      strategy: { id: strategy.id, version: strategy.version },
      topic,
      targetLengthS,
      hookStyle,
      titleStyle,
      postHour: plan.postingTime.hour,
      choices,
      choiceModes: decisions.map(({ choice }) => ({
        dimension: choice.dimension,
        mode: choice.mode,
        reason: choice.reason,
      })),
      experiment,
      words,
      prediction,
      figures: { asOf: data.asOf, timezone: data.timezone },
    };
  });
}
