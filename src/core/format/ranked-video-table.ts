import { FACT_THRESHOLDS } from '../analytics/video-analysis.js';
import type { ReplyTable } from '../reply.js';
import type { RankedVideo } from '../stats/outlier-ranking.js';
import { formatAge, readAgeNote } from './age.js';
import { formatCount, formatRatio } from './numbers.js';
import { truncateToWidth } from './text-width.js';

/** Videos ranked by outlier score as a table: id, title (cut to `titleWidth`), age, views, outlier score. */
export function rankedVideoTable(videos: readonly RankedVideo[], titleWidth: number): ReplyTable {
  return {
    columns: ['Video', 'Title', 'Age', 'Views', 'Outlier'],
    rows: videos.map((video) => [
      video.id,
      truncateToWidth(video.title, titleWidth),
      ageCell(video),
      formatCount(video.views),
      formatRatio(video.outlierScore),
    ]),
    numeric: [3, 4],
  };
}

/** Its age now, and the age its views and score stand at when that differs ("36 days (read at 12 h)"). */
function ageCell(video: RankedVideo): string {
  const note = readAgeNote(video.ageNowDays, video.ageDays);
  return `${formatAge(video.ageNowDays)}${note === null ? '' : ` (${note})`}`;
}

/** Why videos are missing from a ranking by outlier score (`count` of them), or null when none is. */
export function unrankedNote(count: number): string | null {
  if (count === 0) return null;
  const videos = count === 1 ? '1 video is' : `${count} videos are`;
  return `${videos} not ranked: fewer than ${FACT_THRESHOLDS.minReferenceN} other videos of the same format at the same age to compare with.`;
}
