// Real view histories from tests/fixtures (see its README for sources and licences), as the analytics engine
// reads them; shared by the tests and the post-publication benchmark.

import { readFileSync } from 'node:fs';
import { type AnalyticsVideo, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { blankVideo } from './analytics-videos.js';

interface AdeleLine {
  id: string;
  snippet: { title: string };
  insights: { startDate: string; dailyView: number[] };
}

/**
 * Each Adele video as published at the start of its daily series (for two of the six the series starts days
 * after the real upload); dailyView[i] is the views on day i, so the running sum is known at age i + 1.
 */
export function adeleVideos(): AnalyticsVideo[] {
  const lines = readFileSync(new URL('../fixtures/adele-daily-views.jsonl', import.meta.url), 'utf8').split('\n');
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { id, snippet, insights } = JSON.parse(line) as AdeleLine;
      const publishedAt = new Date(`${insights.startDate}T00:00:00Z`);
      let views = 0;
      const snapshots = insights.dailyView.map((dailyViews, day) => {
        views += dailyViews;
        return { at: new Date(publishedAt.getTime() + (day + 1) * DAY_MS), views, engagedViews: null };
      });
      return blankVideo({ id, title: snippet.title, publishedAt, isShort: false, snapshots });
    });
}

/**
 * The same histories as periodic exports would hold them: one reading every `everyDays` days, video k's first
 * on day 1 + (k mod everyDays), so no two videos are read at the same ages.
 */
export function asPeriodicSnapshots(videos: readonly AnalyticsVideo[], everyDays: number): AnalyticsVideo[] {
  return videos.map((video, index) => {
    const keep: number[] = [];
    for (let reading = index % everyDays; reading < video.snapshots.atMs.length; reading += everyDays) {
      keep.push(reading);
    }
    const column = (values: Float64Array) => Float64Array.from(keep, (reading) => values[reading] as number);
    const { atMs, views, engagedViews } = video.snapshots;
    return { ...video, snapshots: { atMs: column(atMs), views: column(views), engagedViews: column(engagedViews) } };
  });
}
