import { MAX_GAP_PERIODS, type PeriodTrend, TREND_MIN_VIDEOS } from '../stats/period-trend.js';
import { formatChange } from './numbers.js';

// The words /stats and the digest give a period trend, so both say the same of the same figures.

function videos(count: number): string {
  return `${count} video${count === 1 ? '' : 's'}`;
}

/** A period whose views are unknown, and why: no history reaches it, or readings too far apart at its ends. */
export function unknownPeriod(trend: PeriodTrend): string {
  const sparse = trend.readTooSparsely;
  if (sparse === 0) {
    return 'unknown — no view history covers this period (import a later export, or connect YouTube and run /refresh)';
  }
  return (
    `unknown — ${videos(sparse)} ${sparse === 1 ? 'was' : 'were'} read across these periods, but more than ` +
    `${Number((trend.days * MAX_GAP_PERIODS).toFixed(1))} days apart at their ends: too far apart to measure them (import exports or refresh more often)`
  );
}

/** The change against the period before (`before`, e.g. "the 30 days before"), or why none is given. */
export function trendChange(trend: PeriodTrend, before: string): string {
  if (trend.change !== null) return `${formatChange(trend.change)} vs ${before}`;
  const measured = trend.previous.videosCovered;
  if (measured >= TREND_MIN_VIDEOS) return `nothing gained in ${before} to compare with`;
  const sparse = trend.readTooSparsely === 0 ? '' : `; ${trend.readTooSparsely} more read too far apart`;
  if (measured === 0) return `not compared: no video measures ${before}${sparse}`;
  return `not compared with ${before}: ${videos(measured)} measure${measured === 1 ? 's' : ''} it, ${TREND_MIN_VIDEOS} needed${sparse}`;
}
