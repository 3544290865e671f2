import { formatCount, formatRatio } from '../../core/format/numbers.js';
import { truncateToWidth } from '../../core/format/text-width.js';
import type { ReplyTable } from '../../core/reply.js';
import type { RankedVideo } from '../../core/stats/outlier-ranking.js';
import { formatAge } from './format-age.js';

/** Videos ranked by outlier score as a table: id, title (cut to `titleWidth`), age, views, outlier score. */
export function rankedVideoTable(videos: readonly RankedVideo[], titleWidth: number): ReplyTable {
  return {
    columns: ['Video', 'Title', 'Age', 'Views', 'Outlier'],
    rows: videos.map((video) => [
      video.id,
      truncateToWidth(video.title, titleWidth),
      formatAge(video.ageDays),
      formatCount(video.views),
      formatRatio(video.outlierScore),
    ]),
    numeric: [3, 4],
  };
}
