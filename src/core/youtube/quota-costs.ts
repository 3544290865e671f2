// The official Data API v3 cost table (developers.google.com/youtube/data/determine_quota_cost). Every
// request costs its units, including failed ones and each page. The Analytics and Reporting APIs are not
// charged against Data API units; their calls are ledgered at 0 units so the ledger still counts them.

export type YouTubeApi = 'data' | 'analytics' | 'reporting';

export const DATA_API_COSTS = {
  'channels.list': 1,
  'playlistItems.list': 1,
  'videos.list': 1,
  'activities.list': 1,
  'commentThreads.list': 1,
  'captions.list': 50,
  'videos.insert': 1600,
} as const;

export type DataApiMethod = keyof typeof DATA_API_COSTS;

export const DATA_API_BATCH_SIZE = 50;

export function unitsFor(api: YouTubeApi, method: string): number {
  if (api !== 'data') return 0;
  const cost = DATA_API_COSTS[method as DataApiMethod];
  if (cost === undefined) throw new Error(`No quota cost known for Data API method ${method}`);
  return cost;
}

/** The fewest units any client can spend to read N videos' details: channels.list, then N/50 pages and batches. */
export function minimumFullRefreshUnits(videoCount: number): number {
  return 1 + 2 * Math.ceil(videoCount / DATA_API_BATCH_SIZE);
}
