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
