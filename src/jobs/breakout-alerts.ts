import {
  type AlertClaim,
  type AlertClaimPolicy,
  alertMarker,
  claimAlert,
  markAlertFailed,
  markAlertSent,
  sentLevels,
  stillClaimed,
} from '../core/alerts/alert-events.js';
import { alertReply, sharedStrengths } from '../core/alerts/alert-reply.js';
import {
  ALERT_WINDOW_HOURS,
  type AlertLevel,
  alertToPost,
  type Breakout,
  breakoutOf,
} from '../core/alerts/breakout-bands.js';
import { inQuietHours, quietHoursOf } from '../core/alerts/quiet-hours.js';
import { figuresTime } from '../core/analytics/analytics-video.js';
import type { LearningSettings } from '../core/analytics/evidence-history.js';
import { latestAnalysis } from '../core/analytics/latest-analysis.js';
import { loadChannelData } from '../core/analytics/load-channel-data.js';
import { predictVideo } from '../core/analytics/post-publish-prediction.js';
import { bandChart } from '../core/charts/band-chart.js';
import { type ChartRenderer, renderChartImages } from '../core/charts/chart-renderer.js';
import { openDiscussion } from '../core/chat/discussions.js';
import type { Db } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';
import { runInBackground, type WorkQueue } from '../core/work-queue.js';
import { type ChatPosters, postOnce } from './daily-cycle.js';

// Breakout alerts, run from the cycle's ticker after the hourly refresh: each young video of a channel with
// alert rooms is judged against its age-matched bands at its latest reading (core/alerts/breakout-bands.ts),
// and a crossing not yet alerted in a room is posted there once — claimed in the database first, like a
// digest, so several processes and a crash in between never post it twice. In a room's quiet hours nothing
// is posted; the next pass after them posts what the video's latest reading still warrants.

const HOUR_MS = 3_600_000;
/** Videos published this long ago or less are looked at: the 48-hour window plus a night of quiet hours. */
const LOOK_BACK_HOURS = ALERT_WINDOW_HOURS + 24;

export interface BreakoutAlertDeps {
  db: Db;
  log: Logger;
  renderer: ChartRenderer;
  posters: ChatPosters;
  policy: AlertClaimPolicy;
  learning?: LearningSettings;
  queue?: WorkQueue;
}

export interface AlertOutcome {
  roomId: string;
  videoId: string;
  level: AlertLevel;
  outcome: 'sent' | 'failed' | 'quiet' | 'lost-claim';
  messageRef?: string;
  threadRef?: string;
  error?: string;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

type AlertRoomRow = Awaited<ReturnType<typeof loadRooms>>[number];

function loadRooms(db: Db) {
  return db.alertRoom.findMany({
    where: { enabled: true },
    include: { channel: { select: { id: true, name: true, title: true } } },
    orderBy: { id: 'asc' },
  });
}

/** One pass at `now` (the wall clock decides only quiet hours and which videos are young enough to look at). */
export async function runBreakoutAlerts(deps: BreakoutAlertDeps, now: Date): Promise<AlertOutcome[]> {
  const { db } = deps;
  const rooms = await loadRooms(db);
  const byChannel = new Map<number, AlertRoomRow[]>();
  for (const room of rooms) byChannel.set(room.channelId, [...(byChannel.get(room.channelId) ?? []), room]);
  const outcomes: AlertOutcome[] = [];
  for (const [channelId, channelRooms] of byChannel) {
    const young = await db.video.findMany({
      where: {
        channelId,
        unavailable: false,
        publishedAt: { gte: new Date(now.getTime() - LOOK_BACK_HOURS * HOUR_MS) },
      },
      select: { id: true, youtubeId: true, title: true },
    });
    if (young.length === 0) continue;
    const data = await runInBackground(deps.queue, () => loadChannelData(db, channelId));
    for (const video of young) {
      const breakout = breakoutOf(data, video.youtubeId);
      if (!breakout || breakout.level === 0) continue;
      let reply: Promise<Reply> | undefined;
      const replyFor = (level: Exclude<AlertLevel, 0>) => {
        reply ??= runInBackground(deps.queue, () =>
          buildAlert(deps, data, channelRooms[0] as AlertRoomRow, video, breakout, level),
        );
        return reply;
      };
      for (const room of channelRooms) {
        const outcome = await alertRoom(deps, room, video, breakout, replyFor, now);
        if (outcome) outcomes.push(outcome);
      }
    }
  }
  // Waiting out quiet hours is said each minute in the outcomes, not in the log.
  const acted = outcomes.filter((outcome) => outcome.outcome !== 'quiet');
  if (acted.length > 0) deps.log.info({ alerts: acted }, 'breakout alerts');
  return outcomes;
}

async function alertRoom(
  deps: BreakoutAlertDeps,
  room: AlertRoomRow,
  video: { id: number; youtubeId: string },
  breakout: Breakout,
  replyFor: (level: Exclude<AlertLevel, 0>) => Promise<Reply>,
  now: Date,
): Promise<AlertOutcome | null> {
  const { db } = deps;
  const sent = (await sentLevels(db, room.id, [video.id])).get(video.id) ?? [];
  const level = alertToPost(breakout.level, sent);
  if (level === null || level === 0) return null;
  const base = { roomId: room.roomId, videoId: video.youtubeId, level };
  if (inQuietHours(quietHoursOf(room), now, room.timezone)) return { ...base, outcome: 'quiet' };
  const claim = await claimAlert(
    db,
    { alertRoomId: room.id, videoId: video.id, level, ageHours: breakout.ageDays * 24, views: breakout.views },
    now,
    deps.policy,
  );
  if (!claim) return null;
  const fail = async (error: string): Promise<AlertOutcome> => {
    await markAlertFailed(db, claim, error);
    deps.log.warn({ alertRoomId: room.id, videoId: video.youtubeId, err: error }, 'breakout alert not posted');
    return { ...base, outcome: 'failed', error };
  };
  const poster = room.platform === 'console' ? undefined : deps.posters[room.platform];
  if (!poster) return fail(`no ${room.platform} connection in this process`);
  let reply: Reply;
  try {
    reply = await replyFor(level);
  } catch (error) {
    return fail(`alert could not be built: ${errorText(error)}`);
  }
  if (!(await stillClaimed(db, claim))) return { ...base, outcome: 'lost-claim' };
  let messageRef: string;
  try {
    messageRef = (await postOnce(poster, room.roomId, reply, alertMarker(claim.eventId), lookBack(claim))).messageRef;
  } catch (error) {
    return fail(errorText(error));
  }
  await markAlertSent(db, claim, messageRef, now);
  try {
    const threadRef = await openDiscussion(
      db,
      poster,
      { teamId: room.teamId, roomId: room.roomId, messageRef, channelId: room.channelId },
      reply,
    );
    return { ...base, outcome: 'sent', messageRef, threadRef };
  } catch (error) {
    deps.log.warn({ alertRoomId: room.id, err: errorText(error) }, 'could not open the alert’s discussion thread');
    return { ...base, outcome: 'sent', messageRef, error: `no thread: ${errorText(error)}` };
  }
}

/** A retry looks for the post an earlier attempt may have made before dying; the first attempt has none. */
function lookBack(claim: AlertClaim): { since: Date } | undefined {
  return claim.attempt > 1 ? { since: new Date(claim.claimedAt.getTime() - 24 * HOUR_MS) } : undefined;
}

async function buildAlert(
  deps: BreakoutAlertDeps,
  data: Awaited<ReturnType<typeof loadChannelData>>,
  room: AlertRoomRow,
  video: { youtubeId: string; title: string },
  breakout: Breakout,
  level: Exclude<AlertLevel, 0>,
): Promise<Reply> {
  const target = data.videos.find((candidate) => candidate.id === video.youtubeId);
  if (!target) throw new Error(`video ${video.youtubeId} is not in the channel's data`);
  // The figure /predict shows: the same model at the channel's latest reading.
  const prediction = predictVideo(data, video.youtubeId, figuresTime(data), 7);
  const { patterns } = latestAnalysis(data, deps.learning);
  const spec = bandChart({ videoTitle: video.title, points: breakout.byHour });
  const rendered = spec ? await renderChartImages(deps.renderer, [spec]) : { images: [], failures: [] };
  return alertReply({
    channel: room.channel,
    video: { id: video.youtubeId, title: video.title },
    breakout,
    level,
    prediction,
    strengths: sharedStrengths(patterns, target),
    chart: rendered.images[0] ?? null,
    ...(rendered.failures[0] ? { chartFailure: rendered.failures[0] } : {}),
  });
}
