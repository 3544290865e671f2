import { webApi } from '@slack/bolt';
import type { ChatPoster, PostedMessage, PostOptions } from '../../core/chat/chat-poster.js';
import type { Config } from '../../core/config.js';
import type { Reply } from '../../core/reply.js';
import { renderSlack } from './render-slack.js';
import { slackFetch } from './slack-fetch.js';

/**
 * Web API options: 429s are waited out (Retry-After) and 5xx/network failures retried a bounded number of
 * times with backoff, then the call rejects so the caller can log it (and the digest retry later). Calls go
 * out over node:http(s) rather than fetch (slack-fetch.ts).
 */
export function slackClientOptions(config: Config): webApi.WebClientOptions {
  return {
    retryConfig: { ...webApi.retryPolicies.fiveRetriesInFiveMinutes, retries: 3 },
    rejectRateLimitedCalls: false,
    fetch: slackFetch(),
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
  };
}

/** The metadata event type of marked posts (PostOptions.marker). */
const MARKER_EVENT = 'tubepilot_post';
const MAX_HISTORY_PAGES = 5;

/** Posts Replies into Slack channels and threads: Block Kit messages, charts uploaded into the thread. */
export class SlackPoster implements ChatPoster {
  readonly platform = 'slack' as const;

  constructor(private readonly client: webApi.WebClient) {}

  async postToRoom(roomId: string, reply: Reply, options: PostOptions = {}): Promise<PostedMessage> {
    const { messages, images } = renderSlack(reply);
    let messageRef: string | undefined;
    for (const message of messages) {
      // The marker rides as message metadata on the first message: invisible, and only an app can set it.
      const marked = messageRef === undefined && options.marker;
      const posted = await this.client.chat.postMessage({
        channel: roomId,
        text: message.text,
        blocks: message.blocks,
        ...(options.threadRef ? { thread_ts: options.threadRef } : {}),
        ...(marked
          ? { metadata: { event_type: MARKER_EVENT, event_payload: { marker: options.marker as string } } }
          : {}),
      });
      messageRef ??= posted.ts;
    }
    // Charts and files go into the message's thread: an image block would need a public URL.
    const uploads = [
      ...images.map((image) => ({
        file: Buffer.from(image.png),
        filename: image.name,
        title: image.alt,
        alt_text: image.alt,
      })),
      ...(reply.files ?? []).map((file) => ({
        file: Buffer.from(file.data),
        filename: file.name,
        title: file.description,
      })),
    ];
    const threadRef = options.threadRef ?? (uploads.length ? messageRef : undefined);
    if (uploads.length) {
      await this.client.filesUploadV2({
        channel_id: roomId,
        ...(threadRef ? { thread_ts: threadRef } : {}),
        file_uploads: uploads,
      });
    }
    return { messageRef: messageRef as string, ...(threadRef ? { threadRef } : {}) };
  }

  async findPosted(roomId: string, marker: string, since: Date): Promise<string | undefined> {
    let cursor: string | undefined;
    // A digest day's messages in a room are a few pages at most; the bound keeps a busy room's scan short.
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const history = await this.client.conversations.history({
        channel: roomId,
        oldest: String(since.getTime() / 1000),
        limit: 200,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      });
      const found = history.messages?.find(
        (message) =>
          message.metadata?.event_type === MARKER_EVENT &&
          (message.metadata.event_payload as { marker?: unknown } | undefined)?.marker === marker,
      );
      if (found?.ts) return found.ts;
      cursor = history.response_metadata?.next_cursor;
      if (!history.has_more || !cursor) return undefined;
    }
    return undefined;
  }

  /** A Slack thread is a message `ts`, unique only within its channel, so the room is part of its key. */
  threadKey(roomId: string, threadRef: string): string {
    return `${roomId}:${threadRef}`;
  }

  /** A Slack thread is the replies to a message: nothing to create, only an invitation to reply there. */
  async openThread(roomId: string, messageRef: string, _name: string): Promise<string> {
    await this.client.chat.postMessage({
      channel: roomId,
      thread_ts: messageRef,
      text: 'Questions about these figures? Reply in this thread and TubePilot answers from them.',
    });
    return messageRef;
  }
}
