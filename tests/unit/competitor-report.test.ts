import { describe, expect, it } from 'vitest';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { competitorReport } from '../../src/core/competitors/competitor-report.js';
import { demoChannelData } from '../support/analytics-videos.js';

const END = new Date('2026-11-23T00:00:00Z');
const EGGS = /egg|yolk|omelet/i;

describe('competitor report', () => {
  const competitor = demoChannelData(11, END);
  const own = demoChannelData(12, END).channel;
  const withoutEggs = {
    ...own,
    videos: own.videos.filter((video) => !EGGS.test(`${video.title} ${video.tags.join(' ')}`)),
  };

  it('finds the topic that wins for the competitor and that this channel never made', () => {
    const report = competitorReport(withoutEggs, [{ name: 'rival', data: competitor.channel }]);
    const eggs = report.gaps.find((gap) => EGGS.test(gap.keywords.join(' ')));
    expect(eggs).toBeDefined();
    expect(eggs?.low).toBeGreaterThan(1);
    expect(eggs?.examples.length).toBeGreaterThan(0);
    expect(report.gaps.every((gap) => gap.low > 1 && gap.competitor === 'rival')).toBe(true);
  });

  it('is no gap once the channel has made videos on it', () => {
    const report = competitorReport(own, [{ name: 'rival', data: competitor.channel }]);
    expect(report.gaps.some((gap) => EGGS.test(gap.keywords.join(' ')))).toBe(false);
  });

  it('lists the competitor’s breakouts as its outliers, highest first', () => {
    const report = competitorReport(own, [{ name: 'rival', data: competitor.channel }], { maxOutliers: 50 });
    const breakouts = new Set(competitor.demo.truth.breakoutVideoIds);
    expect(report.outliers.length).toBeGreaterThan(0);
    expect(report.outliers.filter((outlier) => breakouts.has(outlier.videoId)).length).toBeGreaterThanOrEqual(
      Math.min(2, breakouts.size),
    );
    const scores = report.outliers.map((outlier) => outlier.outlierScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((score) => score >= 2)).toBe(true);
  });

  it('handles a competitor without videos', () => {
    expect(competitorReport(own, [{ name: 'empty', data: channelData('UTC', []) }])).toEqual({
      outliers: [],
      gaps: [],
    });
  });
});
