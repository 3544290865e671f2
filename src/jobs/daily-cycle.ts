import { usageOn } from '../core/ai/llm-ledger.js';
import type { LearningSettings } from '../core/analytics/evidence-history.js';
import type { ChartRenderer } from '../core/charts/chart-renderer.js';
import type { ChatPlatform, ChatPoster, PostedMessage } from '../core/chat/chat-poster.js';
import { DISCUSS_ACTION, offerDiscussion } from '../core/chat/discussions.js';
import type { Db } from '../core/db/database.js';
import { buildDigest, type DigestReply } from '../core/digest/build-digest.js';
import {
  claimDigest,
  type DigestClaim,
  markDigestFailed,
  markDigestSent,
  stillClaimed,
} from '../core/digest/digest-runs.js';
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';
import { addDays, dateColumn, localDate, QUOTA_TIMEZONE } from '../core/time/zoned-time.js';
import { runInBackground, type WorkQueue } from '../core/work-queue.js';
import { type DuePolicy, dueDigests, type RunState, type ScheduledDigest, splitUnitBudget } from './digest-plan.js';

// The daily cycle, per channel with a digest due: refresh its stats → analyse → update its strategy → post
// the digest to each of its rooms that is due. Refresh and strategy are injected (YouTube ingestion and the
// AI writer live elsewhere); posting goes through each platform's ChatPoster. In the bot's process each step
// is a background job of the bot's queue: commands waiting go first, and a step lets them in between its parts.

/** The steps other capabilities provide; without them the cycle only builds and posts digests. */
export interface CycleSteps {
  refreshChannel(
    channelId: number,
    unitBudget: number,
  ): Promise<{ status: string; unitsSpent: number; summary: string }>;
  /** `tokenBudget`: LLM tokens this channel may spend in this cycle (its share of what is left today). */
  updateStrategy(channelId: number, tokenBudget: number): Promise<{ summary: string; llmCalls: number }>;
  /** Checks every channel's YouTube access and warns its rooms when it ends soon or ended; once per pass. */
  checkYouTubeAccess?(now: Date): Promise<unknown>;
}

export type ChatPosters = Partial<Record<ChatPlatform, ChatPoster>>;

export interface DailyCycleDeps {
  db: Db;
  log: Logger;
  renderer: ChartRenderer;
  posters: ChatPosters;
  steps?: CycleSteps;
  /** YouTube Data API units per Pacific day for all channels together (the project's quota). */
  dailyUnitBudget: number;
  /** LLM tokens per UTC day for all channels together (the AI writer's budget). */
  dailyTokenBudget: number;
  policy: DuePolicy;
  /** EVIDENCE_HALF_LIFE_VIDEOS and the like: the digest's figures are those the commands show. */
  learning?: LearningSettings;
  /** The bot's queue when the cycle runs in the bot's process: each step waits its turn after the commands. */
  queue?: WorkQueue;
  /**
   * YOUTUBE_STATS_MAX_AGE_HOURS. Set (with `steps`): the ticker also refreshes, hourly, channels with videos due
   * on the age cadence (cadence-refresh.ts).
   */
  refreshMinAgeHours?: number;
}

export interface RoomOutcome {
  bindingId: number;
  platform: string;
  roomId: string;
  date: string;
  outcome: 'sent' | 'failed' | 'lost-claim';
  attempt: number;
  messageRef?: string;
  error?: string;
  /** Insight threads that could not be opened; the digest itself went out. */
  threadErrors?: string[];
}

export interface ChannelOutcome {
  channelId: number;
  name: string;
  /** Units this channel may spend on its refresh in this cycle. */
  unitBudget: number;
  unitsSpent: number;
  llmCalls: number;
  /** What happened to each step, in words ("refreshed: 12 videos", "skipped: no steps provided"). */
  refresh: string;
  strategy: string;
  rooms: RoomOutcome[];
}

export interface CycleReport {
  at: string;
  /** `planned`: each bound channel still to refresh today gets an equal share of the units left. */
  budget: { dailyUnits: number; spentBeforeCycle: number; planned: Record<number, number> };
  /** The same plan for LLM tokens (UTC day), shared among every bound channel. */
  tokens: { daily: number; spentBeforeCycle: number; planned: Record<number, number> };
  channels: ChannelOutcome[];
  /** Digests past their catch-up window: not sent. */
  missed: ScheduledDigest[];
  /** Channels another process holds right now, or whose due rooms it already claimed. */
  skippedChannels: { channelId: number; reason: string }[];
}

/** A claimed digest and the room it goes to. */
interface ClaimedRoom {
  claim: DigestClaim;
  platform: 'console' | ChatPlatform;
  roomId: string;
}

/** A channel refreshed this recently is not refreshed again for another room's digest the same day. */
export const REFRESH_MIN_HOURS = 12;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Every active binding and its recent runs, in the shape the planner reads. */
async function loadSchedule(db: Db, now: Date) {
  const bindings = await db.roomBinding.findMany({
    where: { active: true },
    select: {
      id: true,
      teamId: true,
      channelId: true,
      platform: true,
      roomId: true,
      digestTime: true,
      timezone: true,
    },
    orderBy: { id: 'asc' },
  });
  const utcToday = now.toISOString().slice(0, 10);
  const runs = await db.digestRun.findMany({
    where: {
      bindingId: { in: bindings.map((binding) => binding.id) },
      date: { gte: dateColumn(addDays(utcToday, -2)), lte: dateColumn(addDays(utcToday, 2)) },
    },
    select: { bindingId: true, date: true, status: true, attempts: true, claimedAt: true },
  });
  const runStates: RunState[] = runs.map((run) => ({ ...run, date: run.date.toISOString().slice(0, 10) }));
  return { bindings, runStates };
}

/** YouTube Data API units the ledger shows spent in the quota's (Pacific) day of `now`. */
export async function unitsSpentToday(db: Db, now: Date): Promise<number> {
  const { _sum } = await db.quotaEntry.aggregate({
    where: { day: dateColumn(localDate(now, QUOTA_TIMEZONE)) },
    _sum: { units: true },
  });
  return _sum.units ?? 0;
}

/**
 * Claims the channel's due rooms in one transaction holding the channel's row lock (FOR UPDATE SKIP LOCKED):
 * with several processes on one PostgreSQL, one of them takes the channel and the others move on, so its
 * refresh and strategy run once. Null when another process holds the channel.
 */
async function claimChannel(
  db: Db,
  channelId: number,
  digests: readonly ScheduledDigest[],
  now: Date,
  policy: DuePolicy,
): Promise<DigestClaim[] | null> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM "Channel" WHERE id = ${channelId} FOR UPDATE SKIP LOCKED`;
    if (locked.length === 0) return null;
    const claims: DigestClaim[] = [];
    for (const digest of digests) {
      const claim = await claimDigest(tx, digest.bindingId, digest.date, now, policy);
      if (claim) claims.push(claim);
    }
    return claims;
  });
}

/**
 * One pass of the cycle at `now`: plans which rooms are due and the units each channel may spend, then
 * works channel by channel. A failing step, digest or room is recorded and the cycle carries on.
 */
export async function runDailyCycle(deps: DailyCycleDeps, now: Date): Promise<CycleReport> {
  const { db, log, policy } = deps;
  // Not tied to a due digest: access can end between two digests, and the warning is what lets the team act.
  const accessCheck = deps.steps?.checkYouTubeAccess;
  if (accessCheck) {
    await runInBackground(deps.queue, () => accessCheck(now)).catch((error: unknown) =>
      log.warn({ err: errorText(error) }, 'YouTube access check failed'),
    );
  }
  // Each read below in its own turn, requests let in first: awaiting the embedded database never turns the
  // event loop, and together (the first time, with the client planning each query) they held it ~0.3 s.
  const inTurn = <T>(read: () => Promise<T>) => runInBackground(deps.queue, read);
  const { bindings, runStates } = await inTurn(() => loadSchedule(db, now));
  const { due, missed } = dueDigests(bindings, runStates, now, policy);
  const bindingById = new Map(bindings.map((binding) => [binding.id, binding]));
  const byChannel = new Map<number, ScheduledDigest[]>();
  for (const digest of due) byChannel.set(digest.channelId, [...(byChannel.get(digest.channelId) ?? []), digest]);

  // Every bound channel, due now or later today: the day's units are shared among all still to refresh.
  const boundChannels = await inTurn(() =>
    db.channel.findMany({
      where: { id: { in: [...new Set(bindings.map((binding) => binding.channelId))] } },
      select: { id: true, name: true, teamId: true, source: true, lastRefreshAt: true },
      orderBy: { id: 'asc' },
    }),
  );
  const channels = boundChannels.filter((channel) => byChannel.has(channel.id));
  const needsRefresh = (channel: (typeof boundChannels)[number]) =>
    deps.steps !== undefined &&
    channel.source === 'youtube' &&
    (channel.lastRefreshAt === null ||
      now.getTime() - channel.lastRefreshAt.getTime() >= REFRESH_MIN_HOURS * 3_600_000);
  const spentToday = await inTurn(() => unitsSpentToday(db, now));
  const budgets = splitUnitBudget(
    deps.dailyUnitBudget,
    spentToday,
    boundChannels.filter(needsRefresh).map((channel) => channel.id),
  );

  // Tokens are planned the same way, over every bound channel: each runs the strategy step once a day.
  const llmToday = await inTurn(() => usageOn(db, now));
  const tokensSpent = llmToday.promptTokens + llmToday.completionTokens;
  const tokenBudgets = splitUnitBudget(
    deps.dailyTokenBudget,
    tokensSpent,
    boundChannels.map((channel) => channel.id),
  );

  const report: CycleReport = {
    at: now.toISOString(),
    budget: { dailyUnits: deps.dailyUnitBudget, spentBeforeCycle: spentToday, planned: Object.fromEntries(budgets) },
    tokens: { daily: deps.dailyTokenBudget, spentBeforeCycle: tokensSpent, planned: Object.fromEntries(tokenBudgets) },
    channels: [],
    missed,
    skippedChannels: [],
  };
  if (missed.length) log.debug({ missed: missed.length }, 'digests past their catch-up window were not sent');

  for (const channel of channels) {
    const claims = await runInBackground(deps.queue, () =>
      claimChannel(db, channel.id, byChannel.get(channel.id) ?? [], now, policy),
    );
    if (claims === null || claims.length === 0) {
      report.skippedChannels.push({
        channelId: channel.id,
        reason: claims === null ? 'held by another process' : 'its due rooms were claimed elsewhere',
      });
      continue;
    }
    const rooms = claims.map((claim) => {
      const { platform, roomId } = bindingById.get(claim.bindingId) as (typeof bindings)[number];
      return { claim, platform, roomId };
    });
    const outcome = await runChannel(
      deps,
      channel,
      needsRefresh(channel),
      budgets.get(channel.id) ?? 0,
      tokenBudgets.get(channel.id) ?? 0,
      rooms,
      now,
    );
    report.channels.push(outcome);
    log.info(
      {
        channelId: channel.id,
        refresh: outcome.refresh,
        strategy: outcome.strategy,
        rooms: outcome.rooms.map(({ roomId, outcome: result, error }) => ({ roomId, result, error })),
      },
      'daily cycle: channel done',
    );
  }
  return report;
}

async function runChannel(
  deps: DailyCycleDeps,
  channel: { id: number; name: string; teamId: number; source: string },
  refresh: boolean,
  unitBudget: number,
  tokenBudget: number,
  rooms: ClaimedRoom[],
  now: Date,
): Promise<ChannelOutcome> {
  const { db, steps, log } = deps;
  const outcome: ChannelOutcome = {
    channelId: channel.id,
    name: channel.name,
    unitBudget,
    unitsSpent: 0,
    llmCalls: 0,
    refresh: '',
    strategy: '',
    rooms: [],
  };
  const notes: string[] = [];
  if (!steps) {
    outcome.refresh = 'skipped: no refresh step in this process';
    outcome.strategy = 'skipped: no strategy step in this process';
  } else {
    if (!refresh) {
      outcome.refresh =
        channel.source === 'youtube'
          ? `skipped: refreshed within the last ${REFRESH_MIN_HOURS} hours`
          : `skipped: a ${channel.source} channel has no YouTube connection to refresh from`;
    } else {
      try {
        const result = await runInBackground(deps.queue, () => steps.refreshChannel(channel.id, unitBudget));
        outcome.unitsSpent = result.unitsSpent;
        outcome.refresh = `${result.status}: ${result.summary}`;
      } catch (error) {
        outcome.refresh = `failed: ${errorText(error)}`;
        notes.push(`The stats could not be refreshed (${errorText(error)}); figures are from the last refresh.`);
        log.warn({ channelId: channel.id, err: errorText(error) }, 'daily cycle: refresh failed');
      }
    }
    try {
      const result = await runInBackground(deps.queue, () => steps.updateStrategy(channel.id, tokenBudget));
      outcome.llmCalls = result.llmCalls;
      outcome.strategy = result.summary;
    } catch (error) {
      outcome.strategy = `failed: ${errorText(error)}`;
      notes.push(`The strategy could not be updated (${errorText(error)}); the one shown is the previous.`);
      log.warn({ channelId: channel.id, err: errorText(error) }, 'daily cycle: strategy failed');
    }
  }

  let digest: DigestReply;
  try {
    digest = await runInBackground(deps.queue, () =>
      buildDigest(db, { channelId: channel.id, now, renderer: deps.renderer, notes, learning: deps.learning }),
    );
  } catch (error) {
    log.error({ channelId: channel.id, err: errorText(error) }, 'daily cycle: digest could not be built');
    for (const room of rooms) {
      await markDigestFailed(db, room.claim, `digest could not be built: ${errorText(error)}`);
      outcome.rooms.push(roomOutcome(room, { outcome: 'failed', error: errorText(error) }));
    }
    return outcome;
  }
  for (const room of rooms)
    outcome.rooms.push(await runInBackground(deps.queue, () => postToRoom(deps, channel, room, digest, now)));
  return outcome;
}

function roomOutcome(
  { claim, platform, roomId }: ClaimedRoom,
  result: Pick<RoomOutcome, 'outcome' | 'error' | 'messageRef' | 'threadErrors'>,
): RoomOutcome {
  return { bindingId: claim.bindingId, platform, roomId, date: claim.date, attempt: claim.attempt, ...result };
}

async function postToRoom(
  deps: DailyCycleDeps,
  channel: { id: number; teamId: number },
  room: ClaimedRoom,
  digest: DigestReply,
  now: Date,
): Promise<RoomOutcome> {
  const { db, log } = deps;
  const { claim, platform, roomId } = room;
  const poster = platform === 'console' ? undefined : deps.posters[platform];
  const fail = async (error: string) => {
    await markDigestFailed(db, claim, error);
    log.warn({ bindingId: claim.bindingId, roomId, err: error }, 'daily cycle: digest not posted');
    return roomOutcome(room, { outcome: 'failed', error });
  };
  if (!poster) return fail(`no ${platform} connection in this process`);
  if (!(await stillClaimed(db, claim))) return roomOutcome(room, { outcome: 'lost-claim' });
  // An earlier attempt may have died after the platform took its post and before it was recorded: a retry
  // looks for that post before posting. The first attempt has nothing to look for.
  const lookBack = claim.attempt > 1 ? { since: new Date(dateColumn(claim.date).getTime() - DAY_MS) } : undefined;
  let posted: PostedMessage;
  try {
    posted = await postOnce(poster, roomId, digest, digestMarker(claim.runId), lookBack);
  } catch (error) {
    return fail(errorText(error));
  }
  await markDigestSent(db, claim, posted.messageRef, now);
  const threadErrors = await postInsights(db, poster, channel, room, digest, lookBack);
  return roomOutcome(room, {
    outcome: 'sent',
    messageRef: posted.messageRef,
    ...(threadErrors.length ? { threadErrors } : {}),
  });
}

const DAY_MS = 86_400_000;

/** The marker of a digest run's post, and of its n-th insight's (n ≥ 1): at most 25 characters. */
export function digestMarker(runId: number, insight?: number): string {
  return `tp-digest-${runId}${insight === undefined ? '' : `.${insight}`}`;
}

/** Posts `reply` marked with `marker`, unless `lookBack` is given and the room already has that post. */
export async function postOnce(
  poster: ChatPoster,
  roomId: string,
  reply: Reply,
  marker: string,
  lookBack: { since: Date } | undefined,
): Promise<PostedMessage> {
  const existing = lookBack ? await poster.findPosted(roomId, marker, lookBack.since) : undefined;
  return existing ? { messageRef: existing } : poster.postToRoom(roomId, reply, { marker });
}

/**
 * Each new insight as a message of its own with a Discuss button: a click opens its discussion thread (a
 * platform allows one thread per message), remembered so follow-ups in it have their context. Marked like
 * the digest, so a retry finds what an earlier attempt posted.
 */
async function postInsights(
  db: Db,
  poster: ChatPoster,
  channel: { id: number; teamId: number },
  { claim, roomId }: ClaimedRoom,
  digest: DigestReply,
  lookBack: { since: Date } | undefined,
): Promise<string[]> {
  const errors: string[] = [];
  for (const [index, thread] of digest.data.threads.entries()) {
    try {
      const { messageRef } = await postOnce(
        poster,
        roomId,
        { ...thread.reply, actions: [DISCUSS_ACTION] },
        digestMarker(claim.runId, index + 1),
        lookBack,
      );
      await offerDiscussion(db, poster, {
        teamId: channel.teamId,
        channelId: channel.id,
        roomId,
        messageRef,
        name: thread.name,
        context: thread.context,
      });
    } catch (error) {
      errors.push(`${thread.name}: ${errorText(error)}`);
    }
  }
  return errors;
}
