import type { AnalyticsVideo } from '../analytics/analytics-video.js';
import { OWN_CHANNELS } from '../channels/channel-directory.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { fold } from '../text/fold.js';

/** A YouTube video id: 11 characters of the URL-safe base64 alphabet. */
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

/**
 * The name of the team's own channel that holds the video with this id, for a command given a video and no
 * channel. Undefined when no channel has it and the words may be a title (the usual channel choice then
 * applies); an id no channel of a team with several channels holds is a user error saying so.
 */
export async function channelOfVideo(db: Db, teamId: number, query: string): Promise<string | undefined> {
  const id = query.trim();
  const holders = await db.video.findMany({
    where: { youtubeId: id, channel: { teamId, ...OWN_CHANNELS } },
    select: { channel: { select: { name: true } } },
    orderBy: { channel: { name: 'asc' } },
  });
  if (holders.length === 1) return holders[0]?.channel.name;
  if (holders.length > 1) {
    throw new UserError(
      'Which channel?',
      `${holders.length} channels hold the video ${id}.`,
      `Channels: ${holders.map((holder) => holder.channel.name).join(', ')}. Use channel:NAME.`,
    );
  }
  if (!VIDEO_ID.test(id)) return undefined;
  const channels = await db.channel.findMany({ where: { teamId, ...OWN_CHANNELS }, select: { name: true } });
  if (channels.length <= 1) return undefined;
  throw new UserError(
    'Unknown video',
    `No channel of this team has a video with the id ${id}.`,
    `Check the id (as listed by /stats), or give channel:NAME and words from its title. Channels: ${channels
      .map((channel) => channel.name)
      .sort()
      .join(', ')}.`,
  );
}

/**
 * The titles holding the query, case and accents aside ("creme brulee" finds "Crème brûlée"): as one phrase if any
 * does, else word by word in any order ("creme brulee erreurs" finds "Crème brûlée : les 3 erreurs…").
 */
function titlesMatching(videos: readonly AnalyticsVideo[], query: string): AnalyticsVideo[] {
  const titles = videos.map((video) => fold(video.title));
  const phrase = fold(query.trim());
  const byPhrase = videos.filter((_, index) => (titles[index] as string).includes(phrase));
  if (byPhrase.length > 0) return byPhrase;
  const words = phrase.split(/\s+/);
  return videos.filter((_, index) => words.every((word) => (titles[index] as string).includes(word)));
}

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
  const matches = titlesMatching(videos, query);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) {
    throw new UserError(
      'Unknown video',
      `No video of this channel has the id or a title containing the words "${query}".`,
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
