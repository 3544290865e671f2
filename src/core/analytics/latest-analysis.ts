import { inTurns } from '../work-queue.js';
import { type ChannelData, figuresTime } from './analytics-video.js';
import { analysisSteps, analyzeChannel, type ChannelAnalysis } from './channel-analysis.js';
import { keepScores } from './channel-cache.js';
import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from './evidence-history.js';

// A loaded channel's analysis, kept as long as its data (channel-cache.ts). A module apart from the cache: the
// analysis loads the effect model, topic discovery and stop words, which a command that only reads figures
// (`stats`: ~0.04 s CPU of its start) does not need.

/** Per loaded data, by evidence half-life. */
const analyses = new WeakMap<ChannelData, Map<number, ChannelAnalysis>>();

/**
 * The channel's analysis at its latest reading (`figuresTime`), computed once per loaded data: a cached channel
 * is one object until its version changes, so its analysis lives exactly as long as it does.
 */
export function latestAnalysis(
  data: ChannelData,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): ChannelAnalysis {
  const kept = analysesOf(data);
  let analysis = kept.get(settings.evidenceHalfLifeVideos);
  if (analysis === undefined) {
    analysis = analyzeChannel(data, figuresTime(data), settings);
    keep(data, kept, settings, analysis);
  }
  return analysis;
}

/**
 * `latestAnalysis` computed in turns of the event loop (`inTurns`), for a background job: requests are let in while
 * it runs instead of waiting for the whole analysis (150–380 ms of one turn).
 */
export async function latestAnalysisInTurns(
  data: ChannelData,
  settings: LearningSettings = DEFAULT_LEARNING_SETTINGS,
): Promise<ChannelAnalysis> {
  const known = analysesOf(data).get(settings.evidenceHalfLifeVideos);
  if (known !== undefined) return known;
  const analysis = await inTurns(analysisSteps(data, figuresTime(data), settings));
  // A command let in meanwhile may have analysed the same data: the one kept first stays (the same figures).
  const kept = analysesOf(data);
  const first = kept.get(settings.evidenceHalfLifeVideos);
  if (first !== undefined) return first;
  keep(data, kept, settings, analysis);
  return analysis;
}

function analysesOf(data: ChannelData): Map<number, ChannelAnalysis> {
  let bySetting = analyses.get(data);
  if (bySetting === undefined) {
    bySetting = new Map();
    analyses.set(data, bySetting);
  }
  return bySetting;
}

/** The data's first analysis also gives its scores (`latestScores`), whatever its settings. */
function keep(
  data: ChannelData,
  kept: Map<number, ChannelAnalysis>,
  settings: LearningSettings,
  analysis: ChannelAnalysis,
): void {
  if (kept.size === 0) keepScores(data, analysis.scores);
  kept.set(settings.evidenceHalfLifeVideos, analysis);
}
