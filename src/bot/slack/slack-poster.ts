import { webApi } from '@slack/bolt';
import type { ChatPoster, PostedMessage } from '../../core/chat/chat-poster.js';
import type { Config } from '../../core/config.js';
import type { Reply } from '../../core/reply.js';
import { renderSlack } from './render-slack.js';

/**
 * Web API options: 429s are waited out (Retry-After) and 5xx/network failures retried a bounded number of
 * times with backoff, then the call rejects so the caller can log it (and the digest retry later).
 */
export function slackClientOptions(config: Config): webApi.WebClientOptions {
  return {
    retryConfig: { ...webApi.retryPolicies.fiveRetriesInFiveMinutes, retries: 3 },
    rejectRateLimitedCalls: false,
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
  };
}

/** Posts Replies into Slack channels and threads: Block Kit messages, charts uploaded into the thread. */
export class SlackPoster implements ChatPoster {
  readonly platform = 'slack' as const;

  constructor(private readonly client: webApi.WebClient) {}

  async postToRoom(roomId: string, reply: Reply, options: { threadRef?: string } = {}): Promise<PostedMessage> {
    const { messages, images } = renderSlack(reply);
    let messageRef: string | undefined;
    for (const message of messages) {
      const posted = await this.client.chat.postMessage({
        channel: roomId,
        text: message.text,
        blocks: message.blocks,
        ...(options.threadRef ? { thread_ts: options.threadRef } : {}),
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
