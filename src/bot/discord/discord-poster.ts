import {
  type APIChannel,
  type APIMessage,
  DiscordAPIError,
  REST,
  RESTJSONErrorCodes,
  type RESTOptions,
  Routes,
  SnowflakeUtil,
} from 'discord.js';
import type { ChatPoster, PostedMessage, PostOptions } from '../../core/chat/chat-poster.js';
import type { Config } from '../../core/config.js';
import { truncate } from '../../core/format/text-width.js';
import type { Reply } from '../../core/reply.js';
import { discordRestAgent } from './discord-dispatcher.js';
import { type DiscordMessagePayload, renderDiscord } from './render-discord.js';

/**
 * REST options: @discordjs/rest waits out 429s (retry-after, per-route buckets) and retries 5xx and
 * timeouts a bounded number of times, then rejects so the caller can log and retry later. Its own agent keeps it
 * off undici's process-global dispatcher (discord-dispatcher.ts).
 */
export function discordRestOptions(config: Config): Partial<RESTOptions> {
  return {
    retries: 3,
    timeout: 15_000,
    agent: discordRestAgent(),
    ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
  };
}

export function createDiscordRest(config: Config): REST {
  const rest = new REST(discordRestOptions(config));
  if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  return rest;
}

/**
 * The client for answering interactions over their webhook (edit the deferred answer, follow-ups). Discord does
 * not count interaction endpoints against the bot's global limit of 50 requests a second, but @discordjs/rest
 * holds every request of one client to it: a burst of 200 commands waited 4 s for their answers. Per-route
 * buckets (per interaction token) and 429s are still obeyed. Unauthenticated: the token in the route is the key.
 */
export function createInteractionRest(config: Config): REST {
  return new REST({ ...discordRestOptions(config), globalRequestsPerSecond: Number.POSITIVE_INFINITY });
}

/** A rendered message as a REST request: embeds in the JSON part, PNGs as multipart files. */
export function messageRequest(message: DiscordMessagePayload, extra: Record<string, unknown> = {}) {
  return {
    body: {
      ...extra,
      embeds: message.embeds,
      ...(message.components ? { components: message.components } : {}),
      attachments: message.files.map((file, index) => ({ id: index, filename: file.name })),
    },
    files: message.files,
  };
}

/** Posts Replies into Discord channels and threads over REST (no gateway needed: the digest uses it too). */
export class DiscordPoster implements ChatPoster {
  readonly platform = 'discord' as const;

  constructor(private readonly rest: REST) {}

  async postToRoom(roomId: string, reply: Reply, options: PostOptions = {}): Promise<PostedMessage> {
    // A Discord thread is a channel of its own: posting into it is posting to its id.
    const target = options.threadRef ?? roomId;
    let messageRef: string | undefined;
    for (const message of renderDiscord(reply)) {
      // The marker goes on the first message: as the nonce Discord enforces for a few minutes (a repeat returns
      // the message already made), and as a line of small text, since fetched messages carry no nonce.
      const marked = messageRef === undefined && options.marker;
      const extra = marked
        ? { content: markerLine(options.marker as string), nonce: options.marker, enforce_nonce: true }
        : {};
      const posted = (await this.rest.post(
        Routes.channelMessages(target),
        messageRequest(message, extra),
      )) as APIMessage;
      messageRef ??= posted.id;
    }
    return { messageRef: messageRef as string, ...(options.threadRef ? { threadRef: options.threadRef } : {}) };
  }

  async findPosted(roomId: string, marker: string, since: Date): Promise<string | undefined> {
    const recent = (await this.rest.get(Routes.channelMessages(roomId), {
      query: new URLSearchParams({ limit: '100' }),
    })) as APIMessage[];
    return recent.find(
      (message) =>
        message.author.bot === true &&
        message.content === markerLine(marker) &&
        SnowflakeUtil.timestampFrom(message.id) >= since.getTime(),
    )?.id;
  }

  /** A Discord thread is a channel with a global id. */
  threadKey(_roomId: string, threadRef: string): string {
    return threadRef;
  }

  async openThread(roomId: string, messageRef: string, name: string): Promise<string> {
    try {
      const thread = (await this.rest.post(Routes.threads(roomId, messageRef), {
        body: { name: truncate(name, 100), auto_archive_duration: 1440 },
      })) as APIChannel;
      return thread.id;
    } catch (error) {
      // Opened by an earlier attempt: a thread started on a message has the message's id.
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage)
        return messageRef;
      throw error;
    }
  }
}

/** The visible form of a post's marker: Discord's small "subtext" line. */
function markerLine(marker: string): string {
  return `-# ref ${marker}`;
}
