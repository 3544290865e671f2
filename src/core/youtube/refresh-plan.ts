import { DATA_API_BATCH_SIZE } from './quota-costs.js';

// Which videos a refresh fetches, in what order, and what it defers: pure functions of what is stored.
// Young videos move fast and are re-read often; old ones barely change and are re-read rarely.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Hours between refreshes by video age (upper bound of age in days, exclusive). */
export const CADENCE: readonly { maxAgeDays: number; everyHours: number }[] = [
  { maxAgeDays: 2, everyHours: 6 },
  { maxAgeDays: 7, everyHours: 12 },
  { maxAgeDays: 30, everyHours: 24 },
  { maxAgeDays: 90, everyHours: 72 },
  { maxAgeDays: 365, everyHours: 168 },
  { maxAgeDays: Number.POSITIVE_INFINITY, everyHours: 720 },
];

export interface RefreshCandidate {
  youtubeId: string;
  publishedAt: Date | null;
  /** When its stats were last read; null: never (a video just found in the uploads playlist). */
  statsUpdatedAt: Date | null;
  /** Recent views per day from its snapshots, when known: how fast it is moving. */
  viewsPerDay: number | null;
}

function ageDays(candidate: RefreshCandidate, now: Date): number {
  return candidate.publishedAt === null ? 0 : Math.max(0, (now.getTime() - candidate.publishedAt.getTime()) / DAY_MS);
}

function tierOf(candidate: RefreshCandidate, now: Date): number {
  const age = ageDays(candidate, now);
  return CADENCE.findIndex((tier) => age < tier.maxAgeDays);
}

export function refreshIntervalHours(ageInDays: number): number {
  return (CADENCE.find((tier) => ageInDays < tier.maxAgeDays) ?? CADENCE[CADENCE.length - 1])?.everyHours ?? 720;
}

/**
 * On a channel with breakout alerts set up, videos under this age are re-read hourly (below the configured
 * floor too): an alert needs their first 48 hours reading by reading.
 */
export const ALERT_CADENCE = { maxAgeDays: 2, everyHours: 1 } as const;

/** `alerts`: the channel has breakout alerts set up (ALERT_CADENCE applies). */
export interface CadenceOptions {
  alerts?: boolean;
}

/** Due when never read, or when its stats are older than both the configured floor and its age's cadence. */
export function isDue(
  candidate: RefreshCandidate,
  now: Date,
  minAgeHours: number,
  options: CadenceOptions = {},
): boolean {
  if (candidate.statsUpdatedAt === null) return true;
  const staleHours = (now.getTime() - candidate.statsUpdatedAt.getTime()) / HOUR_MS;
  const age = ageDays(candidate, now);
  if (options.alerts && age < ALERT_CADENCE.maxAgeDays) return staleHours >= ALERT_CADENCE.everyHours;
  return staleHours >= Math.max(minAgeHours, refreshIntervalHours(age));
}

/** Most valuable first: never-read videos, then younger age tiers, then the fastest moving, then the newest. */
export function byRefreshValue(now: Date): (a: RefreshCandidate, b: RefreshCandidate) => number {
  return (a, b) =>
    Number(a.statsUpdatedAt !== null) - Number(b.statsUpdatedAt !== null) ||
    tierOf(a, now) - tierOf(b, now) ||
    (b.viewsPerDay ?? 0) - (a.viewsPerDay ?? 0) ||
    (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0) ||
    a.youtubeId.localeCompare(b.youtubeId);
}

export interface BatchPlan {
  /** videos.list calls to make, ≤ 50 ids each, most valuable first. */
  batches: string[][];
  /** Due but left for a later refresh because the budget ran out. */
  deferred: string[];
}

/** The due videos, most valuable first, cut into batches that fit in `units` (1 unit per videos.list call). */
export function planBatches(
  candidates: readonly RefreshCandidate[],
  now: Date,
  minAgeHours: number,
  units: number,
  options: CadenceOptions = {},
): BatchPlan {
  const due = candidates
    .filter((candidate) => isDue(candidate, now, minAgeHours, options))
    .sort(byRefreshValue(now))
    .map(({ youtubeId }) => youtubeId);
  const affordable = Math.max(0, Math.floor(units)) * DATA_API_BATCH_SIZE;
  const batches: string[][] = [];
  for (let start = 0; start < Math.min(due.length, affordable); start += DATA_API_BATCH_SIZE) {
    batches.push(due.slice(start, Math.min(start + DATA_API_BATCH_SIZE, affordable)));
  }
  return { batches, deferred: due.slice(affordable) };
}

/**
 * Splits what is left of the day's units fairly across channels: an equal share each, and the remainder to
 * the first channels, so together they never exceed the day's budget.
 */
export function planDailyBudget(remainingUnits: number, channelIds: readonly number[]): Map<number, number> {
  const remaining = Math.max(0, Math.floor(remainingUnits));
  const share = channelIds.length === 0 ? 0 : Math.floor(remaining / channelIds.length);
  const extra = remaining - share * channelIds.length;
  return new Map(channelIds.map((id, index) => [id, share + (index < extra ? 1 : 0)]));
}

/**
 * The units one hourly refresh pass may spend: what is left of the day spread evenly over the hours left in it
 * (the quota resets at Pacific midnight), so passes through the day never spend more than the day's budget and
 * the last hours are not left with nothing.
 */
export function hourlyUnitShare(remainingUnits: number, hoursLeftInDay: number): number {
  return Math.floor(Math.max(0, remainingUnits) / Math.max(1, Math.ceil(hoursLeftInDay)));
}
