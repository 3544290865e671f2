import type { AnalyticsVideo } from '../analytics/analytics-video.js';
import { UserError } from '../errors.js';

/**
 * The video a user means: an exact id, else the only title containing the words given, else the channel's
 * newest video when nothing was given. Unknown or ambiguous input is a user error naming candidates.
 */
export function findVideo(videos: readonly AnalyticsVideo[], query: string | undefined): AnalyticsVideo {
  const published = videos.filter((video) => video.publishedAt !== null);
  if (query === undefined) {
    const newest = published.at(-1) ?? videos.at(-1);
    if (!newest) throw new UserError('No videos yet', 'This channel has no videos to analyse.');
    return newest;
  }
  const byId = videos.find((video) => video.id === query.trim());
  if (byId) return byId;
  const wanted = query.trim().toLowerCase();
  const matches = videos.filter((video) => video.title.toLowerCase().includes(wanted));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) {
    throw new UserError(
      'Unknown video',
      `No video of this channel has the id or a title containing "${query}".`,
      'Give a video id (as in /stats) or words from its title.',
    );
  }
  const listed = matches.slice(0, 5).map((video) => `${video.id} “${video.title}”`);
  throw new UserError(
    'Which video?',
    `${matches.length} videos match "${query}".`,
    `Give the id of one: ${listed.join('; ')}${matches.length > 5 ? '; …' : ''}.`,
  );
}
