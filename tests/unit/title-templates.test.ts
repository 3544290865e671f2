import { describe, expect, it } from 'vitest';
import { STYLE_TEMPLATES } from '../../src/core/analytics/style-templates.js';
import { titleSubject } from '../../src/core/analytics/title-templates.js';
import { discoverTopics } from '../../src/core/analytics/topic-clusters.js';

const TOPICS = ['espresso', 'sourdough', 'ramen', 'kitchen knives'];
const ownTitles = TOPICS.flatMap((topic) =>
  Object.values(STYLE_TEMPLATES).flatMap(({ titles }) => titles.map((title) => title.replaceAll('{topic}', topic))),
);

describe("titles written from TubePilot's own templates", () => {
  it('are read by their topic, repeats marked "(part N)" too', () => {
    for (const title of ownTitles) expect(TOPICS).toContain(titleSubject(title));
    expect(titleSubject('3 kitchen knives mistakes almost everyone makes (part 4)')).toBe('kitchen knives');
    expect(titleSubject('pov: a pro watches you make ramen')).toBe('ramen');
  });

  it('leave every other title as it is', () => {
    for (const title of [
      'Power BI dashboards for beginners',
      'My sourdough diary',
      '3 sourdough mistakes beginners make',
    ]) {
      expect(titleSubject(title)).toBe(title);
    }
  });

  it('give topic clusters named after topics, not template words', () => {
    const videos = ownTitles.map((title, index) => ({
      id: `v${String(index).padStart(3, '0')}`,
      title,
      tags: [],
      description: null,
    }));
    const topicOf = (id: string) =>
      TOPICS.find((topic) => videos.find((video) => video.id === id)?.title.includes(topic));
    const named = discoverTopics(videos).clusters.filter((cluster) => cluster.id !== 'other');
    expect(named).toHaveLength(TOPICS.length);
    for (const cluster of named) {
      expect(TOPICS.some((topic) => topic.includes(cluster.keywords[0] as string))).toBe(true);
      expect(new Set(cluster.videoIds.map(topicOf)).size).toBe(1);
    }
  });
});
