import type { DbClient } from '../videos/video-store.js';
import { type ChannelData, figuresTime } from './analytics-video.js';
import type { LearningSettings } from './evidence-history.js';
import type { ChannelPatterns } from './pattern-effects.js';
import { channelVideoScores, type VideoScore } from './video-analysis.js';

// Loaded channels kept in memory, per database handle, so a command does not re-read and re-analyse a channel
// nobody wrote to. Validity comes from the database, not from this process: every write to a channel's videos,
// snapshots or retention points bumps Channel.dataVersion in its own transaction (triggers, migration
// channel_data_version), and each read first asks for that number — one indexed single-row query — so a write
// by another process on the same PostgreSQL is seen at the next read. A channel whose version moved is patched,
// not read again: only the videos written since its copy was read are (load-channel-data.ts). Loaded data is
// never written to, so every reader may share one object, and a patched copy shares the unchanged videos.

/** What a channel's cached figures are valid for: its data version and its timezone (which groups by day). */
export interface ChannelVersion {
  dataVersion: number;
  timezone: string;
}

export interface ChannelCacheStats {
  /** Reads answered from memory. */
  hits: number;
  /** Reads that went to the database (concurrent reads of one version share one load and count once). */
  loads: number;
  /** Of those, the ones that re-read only the videos written since the channel was last read. */
  patches: number;
  /** Channels dropped to stay within the memory bound. */
  evictions: number;
  /** Approximate bytes held now, and the bound. */
  bytes: number;
  maxBytes: number;
  entries: number;
}

/** A channel as read, with what a later read needs to re-read only what was written since. */
export interface ChannelRead {
  data: ChannelData;
  /** The database id of each of `data.videos`, in the same order. */
  videoIds: number[];
  /** The database snapshot (pg_current_snapshot) taken before the read: every write it sees is in `data`. */
  snapshot: string;
}

/** Reads a channel: in full, or from an earlier read of it (`since`) by re-reading what changed. */
export type ChannelLoader = (db: DbClient, channelId: number, since: ChannelRead | null) => Promise<ChannelRead>;

/** 256 MiB: about 150,000 videos with a month of daily snapshots each. */
export const DEFAULT_CHANNEL_CACHE_BYTES = 256 * 1_048_576;

/**
 * Approximate bytes one loaded channel holds, with its analysis: strings at two bytes a character, the typed
 * arrays (an array of ratios shared by many curves once: curves on YouTube's 1 % grid share one), and a fixed share
 * per video for the object shells and its scores (measured: about 1.5 KiB a video on the demo channel). An
 * estimate for the bound, not an accounting.
 */
export function approximateBytes(data: ChannelData): number {
  let bytes = 256;
  const ratios = new Set<Float64Array>();
  for (const video of data.videos) {
    bytes += 1_536;
    bytes += 2 * (video.title.length + (video.description?.length ?? 0) + (video.hookLine?.length ?? 0));
    for (const tag of video.tags) bytes += 48 + 2 * tag.length;
    bytes += video.snapshots.atMs.byteLength + video.snapshots.views.byteLength;
    bytes += video.snapshots.engagedViews.byteLength;
    if (!ratios.has(video.retention.ratios)) bytes += video.retention.ratios.byteLength;
    ratios.add(video.retention.ratios);
    bytes += video.retention.watchRatios.byteLength;
  }
  return bytes;
}

/** The version a cached read is checked against; throws as the uncached read does for an unknown channel. */
export async function channelVersion(db: DbClient, channelId: number): Promise<ChannelVersion> {
  return db.channel.findUniqueOrThrow({ where: { id: channelId }, select: { dataVersion: true, timezone: true } });
}

const sameVersion = (a: ChannelVersion, b: ChannelVersion) =>
  a.dataVersion === b.dataVersion && a.timezone === b.timezone;

interface Entry {
  version: ChannelVersion;
  read: ChannelRead;
  bytes: number;
}

/** A least-recently-used map of loaded channels, bounded by their approximate size. */
export class ChannelCache {
  /** In use order: the first entry is the least recently used. */
  private readonly entries = new Map<number, Entry>();
  /** Loads in progress, by channel and version: concurrent readers wait on one load. */
  private readonly pending = new Map<string, Promise<ChannelRead>>();
  /** Each channel's patterns at a version: small, kept apart so the team-wide section survives evictions. */
  /** By channel and evidence half-life (the one learning setting that changes the patterns). */
  private readonly patterns = new Map<string, { version: ChannelVersion; patterns: ChannelPatterns }>();
  private bytes = 0;
  private hits = 0;
  private loads = 0;
  private patches = 0;
  private evictions = 0;

  constructor(
    private readonly load: ChannelLoader,
    private readonly maxBytes = DEFAULT_CHANNEL_CACHE_BYTES,
  ) {}

  /** The channel's data, from memory when its version is the one stored; one query when it is. */
  async get(db: DbClient, channelId: number): Promise<ChannelData> {
    return this.at(db, channelId, await channelVersion(db, channelId));
  }

  /** The channel's data at `version` (read just before by the caller, e.g. for a whole team in one query). */
  async at(db: DbClient, channelId: number, version: ChannelVersion): Promise<ChannelData> {
    const entry = this.entries.get(channelId);
    if (entry && sameVersion(entry.version, version)) {
      this.hits += 1;
      this.entries.delete(channelId);
      this.entries.set(channelId, entry);
      return entry.read.data;
    }
    const key = `${channelId} ${version.dataVersion} ${version.timezone}`;
    const running = this.pending.get(key);
    if (running) {
      this.hits += 1;
      return (await running).data;
    }
    this.loads += 1;
    // An older copy is patched: a write usually touches a few videos (a refresh, an import of new uploads).
    if (entry) this.patches += 1;
    const loading = this.load(db, channelId, entry?.read ?? null)
      .then((read) => {
        this.store(channelId, version, read);
        return read;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, loading);
    return (await loading).data;
  }

  /** The channel's patterns at `version`: from memory when known, else from its (cached) data's analysis. */
  async patternsAt(
    db: DbClient,
    channelId: number,
    version: ChannelVersion,
    settings: LearningSettings,
  ): Promise<ChannelPatterns> {
    const key = `${channelId} ${settings.evidenceHalfLifeVideos}`;
    const known = this.patterns.get(key);
    if (known && sameVersion(known.version, version)) {
      this.hits += 1;
      return known.patterns;
    }
    // Loaded here: the analysis's modules (the effect model, topics, stop words) are not this cache's to load.
    const { latestAnalysis } = await import('./latest-analysis.js');
    const { patterns } = latestAnalysis(await this.at(db, channelId, version), settings);
    this.patterns.set(key, { version, patterns });
    return patterns;
  }

  stats(): ChannelCacheStats {
    return {
      hits: this.hits,
      loads: this.loads,
      patches: this.patches,
      evictions: this.evictions,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      entries: this.entries.size,
    };
  }

  private store(channelId: number, version: ChannelVersion, read: ChannelRead): void {
    const current = this.entries.get(channelId);
    // A slower load of an older version finishing after a newer one must not replace it.
    if (current && current.version.dataVersion > version.dataVersion) return;
    if (current) this.remove(channelId, current);
    const bytes = approximateBytes(read.data);
    if (bytes > this.maxBytes) return; // larger than the whole bound: served, not kept
    this.entries.set(channelId, { version, read, bytes });
    this.bytes += bytes;
    for (const [id, oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(id, oldest);
      this.evictions += 1;
    }
  }

  private remove(channelId: number, entry: Entry): void {
    this.entries.delete(channelId);
    this.bytes -= entry.bytes;
  }
}

const scoreLists = new WeakMap<ChannelData, VideoScore[]>();

/** Every video's scores at the channel's latest reading, computed once per loaded data (as `latestAnalysis`). */
export function latestScores(data: ChannelData): VideoScore[] {
  const known = scoreLists.get(data);
  if (known !== undefined) return known;
  const scores = channelVideoScores(data, figuresTime(data));
  scoreLists.set(data, scores);
  return scores;
}

/**
 * The scores of the first analysis of `data` (latest-analysis.ts): from then on `latestScores` returns them. Scores
 * do not depend on the learning settings, so any analysis of this data has them.
 */
export function keepScores(data: ChannelData, scores: VideoScore[]): void {
  scoreLists.set(data, scores);
}

const derivedFigures = new WeakMap<ChannelData, Map<string, unknown>>();

/**
 * A figure worked out from the channel's data alone (no clock, no settings), computed once per loaded data as
 * `latestAnalysis`: a cached answer on a 10,000-video channel then costs the version check, not a pass over its
 * videos. `name` tells the figures apart; `compute` must depend on `data` only.
 */
export function figureOf<T>(data: ChannelData, name: string, compute: (data: ChannelData) => T): T {
  let figures = derivedFigures.get(data);
  if (figures === undefined) {
    figures = new Map();
    derivedFigures.set(data, figures);
  }
  if (!figures.has(name)) figures.set(name, compute(data));
  return figures.get(name) as T;
}
