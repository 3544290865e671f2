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
 * The list was read once a day but the dataset keeps only the date; the newest video on a day's list was
 * uploaded at 03:44 UTC and videos uploaded shortly before a reading gain ×10–16 by the next one, so each
 * reading is taken as made soon after: 05:00 UTC (midnight US Eastern).
 */
export const TRENDING_READ_AT_UTC = 'T05:00:00Z';

/**
 * US trending videos of 14–19 November 2017 (Kaggle "Trending YouTube Video Statistics", CC0): one reading per
 * day the video was on the list, from the day it joined (usually 1–5 days after upload), so every history
 * starts late and lasts a few days. Each video is one upload of a different channel.
 */
export function usTrendingVideos(): AnalyticsVideo[] {
  const lines = readFileSync(new URL('../fixtures/us-trending-2017-11.csv', import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '');
  const byId = new Map<string, { publishedAt: Date; snapshots: { at: Date; views: number; engagedViews: null }[] }>();
  for (const line of lines) {
    const [id, published, trendingDate, views] = line.split(',') as [string, string, string, string];
    const video = byId.get(id) ?? { publishedAt: new Date(published), snapshots: [] };
    video.snapshots.push({
      at: new Date(`${trendingDate}${TRENDING_READ_AT_UTC}`),
      views: Number(views),
      engagedViews: null,
    });
    byId.set(id, video);
  }
  return [...byId].map(([id, { publishedAt, snapshots }]) =>
    blankVideo({ id, publishedAt, isShort: false, snapshots }),
  );
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
