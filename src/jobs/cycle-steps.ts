import { usageOn } from '../core/ai/llm-ledger.js';
import { linkPublishedScripts } from '../core/ai/script-store.js';
import { updateChannelStrategy } from '../core/ai/update-strategy.js';
import { learningSettings } from '../core/analytics/evidence-history.js';
import { latestAnalysisInTurns } from '../core/analytics/latest-analysis.js';
import { loadChannelData } from '../core/analytics/load-channel-data.js';
import { chartRendererFor } from '../core/charts/choose-renderer.js';
import type { ChatPoster } from '../core/chat/chat-poster.js';
import type { Config } from '../core/config.js';
import type { Db } from '../core/db/database.js';
import { formatLogEffect } from '../core/format/numbers.js';
import { evaluateExperiment } from '../core/learning/experiments.js';
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';
import { letRequestsIn, type WorkQueue } from '../core/work-queue.js';
import { refreshChannel } from '../core/youtube/refresh-channel.js';
import { warnAboutYouTubeAccess } from '../core/youtube/token-health.js';
import { duePolicyFrom } from './cycle-scheduler.js';
import type { ChatPosters, CycleSteps, DailyCycleDeps } from './daily-cycle.js';

// The daily cycle's steps as the product runs them: refresh from YouTube (then link scripts to the videos they
// became), and the learning step — re-write the strategy if its basis changed, re-validate insights, and
// evaluate a running experiment, posting its result where it was started.

export interface CycleStepDeps {
  db: Db;
  config: Config;
  log: Logger;
  now: () => Date;
  posters: ChatPosters;
}

function experimentResultReply(experiment: {
  id: number;
  dimension: string;
  variantA: string;
  variantB: string;
  decision: string | null;
  pairs: number;
  meanDifference: number | null;
  pValue: number | null;
}): Reply {
  const change =
    experiment.meanDifference === null ? '' : ` B vs A: ${formatLogEffect(experiment.meanDifference)} views.`;
  return {
    kind: 'result',
    title: `Experiment #${experiment.id} decided: ${experiment.decision}`,
    summary: `${experiment.dimension} ${experiment.variantA} (A) vs ${experiment.variantB} (B), ${experiment.pairs} pairs.${change} Always-valid p = ${(experiment.pValue ?? 1).toFixed(3)}.`,
    followUps: [{ label: 'Details', command: '/experiment status' }],
  };
}

/** The daily cycle as a bot or a worker runs it: the product's steps, the configured budgets and digest rules. */
export function productCycle(deps: CycleStepDeps, queue?: WorkQueue): DailyCycleDeps {
  return {
    db: deps.db,
    log: deps.log,
    renderer: chartRendererFor(deps.config),
    posters: deps.posters,
    steps: productCycleSteps(deps),
    dailyUnitBudget: deps.config.YOUTUBE_DAILY_QUOTA,
    dailyTokenBudget: deps.config.LLM_DAILY_TOKEN_BUDGET,
    policy: duePolicyFrom(deps.config),
    refreshMinAgeHours: deps.config.YOUTUBE_STATS_MAX_AGE_HOURS,
    learning: learningSettings(deps.config),
    ...(queue ? { queue } : {}),
  };
}

export function productCycleSteps(deps: CycleStepDeps): CycleSteps {
  return {
    checkYouTubeAccess: (now) => warnAboutYouTubeAccess(deps, now),
    async refreshChannel(channelId, unitBudget) {
      const report = await refreshChannel(deps, channelId, { unitBudget });
      if (report.status === 'needs_reconnect') {
        // Thrown so the cycle states it in the room's digest, where the team will see it.
        throw new Error(`YouTube access for ${report.channelName} was revoked or expired; reconnect it with /connect`);
      }
      const linked = await linkPublishedScripts(deps.db, channelId);
      return {
        status: report.status,
        unitsSpent: report.unitsSpent,
        summary: `${report.created} new, ${report.updated} updated, ${report.unitsSpent} units, ${linked.length} scripts linked (${report.status})`,
      };
    },
    async updateStrategy(channelId, tokenBudget) {
      // The writer stops asking the LLM once today's spend reaches its limit: this channel's share on top of
      // what is spent now. Past it, the offline writer answers.
      const today = await usageOn(deps.db, deps.now());
      const limit = today.promptTokens + today.completionTokens + tokenBudget;
      const capped = {
        ...deps,
        config: { ...deps.config, LLM_DAILY_TOKEN_BUDGET: Math.min(limit, deps.config.LLM_DAILY_TOKEN_BUDGET) },
      };
      // The channel read in a turn of its own, then analysed in turns of at most TURN_SLICE_MS, requests let in
      // between them: the strategy then finds both kept. Awaiting the embedded database never turns the event
      // loop, so in one turn they held it for the whole step.
      const data = await loadChannelData(deps.db, channelId);
      await letRequestsIn();
      const { languages } = (await latestAnalysisInTurns(data, learningSettings(deps.config))).patterns;
      await letRequestsIn();
      const update = await updateChannelStrategy(capped, channelId);
      // Commands waiting go first between the two halves: each is an analysis of the channel.
      await letRequestsIn();
      // The styles read in the languages of the analysis just made: a write let in since may have added videos,
      // not changed what language the channel writes in, and a second analysis here would cost a whole one.
      const evaluation = await evaluateExperiment(
        deps.db,
        channelId,
        await loadChannelData(deps.db, channelId),
        languages,
        deps.now(),
      );
      if (evaluation?.finished) await postExperimentResult(deps, evaluation.experimentId);
      const insightsNew = update.insights.filter((insight) => insight.isNew).length;
      return {
        llmCalls: update.llmCalls,
        summary: `strategy v${update.version} ${update.created ? 'written' : 'unchanged'}, ${update.insights.length} insights (${insightsNew} new)${evaluation?.finished ? `, experiment #${evaluation.experimentId} decided` : ''}`,
      };
    },
  };
}

/** Posts a decided experiment into the room (and thread) it was started from; a failure is logged, not fatal. */
async function postExperimentResult(deps: CycleStepDeps, experimentId: number): Promise<void> {
  const experiment = await deps.db.experiment.findUniqueOrThrow({ where: { id: experimentId } });
  if (experiment.platform === null || experiment.platform === 'console' || experiment.roomId === null) return;
  const poster: ChatPoster | undefined = deps.posters[experiment.platform];
  if (!poster) return;
  try {
    await poster.postToRoom(experiment.roomId, experimentResultReply(experiment), {
      threadRef: experiment.threadRef ?? undefined,
    });
  } catch (error) {
    deps.log.warn({ err: error, experimentId }, 'could not post an experiment result');
  }
}
