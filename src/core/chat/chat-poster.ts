import type { Reply } from '../reply.js';

// The seam between the core and chat platforms (in the spirit of vercel/chat's adapters): the core hands
// over a Reply — data — and a platform adapter under src/bot/<platform>/ renders and sends it. Scheduled
// work (the daily digest) only ever sees this interface.

export type ChatPlatform = 'discord' | 'slack';

export interface PostedMessage {
  /** The platform's id of the top message (Discord message id, Slack `ts`): stored as a digest's proof of sending. */
  messageRef: string;
  /** The thread the message opened or was posted in, when there is one. */
  threadRef?: string;
}

export interface PostOptions {
  threadRef?: string;
  /**
   * Marks the post (its first message) so `findPosted` can find it again, and makes a repeat of it within
   * the platform's window return the first instead of posting twice where the platform can (Discord's
   * nonce). At most 25 characters.
   */
  marker?: string;
}

export interface ChatPoster {
  readonly platform: ChatPlatform;
  /** Posts a Reply (images included) into a room, or into a thread of it when `threadRef` is given. */
  postToRoom(roomId: string, reply: Reply, options?: PostOptions): Promise<PostedMessage>;
  /**
   * The message ref of this bot's post carrying `marker` in the room's recent history (since `since`), if
   * any: how a retry learns that an attempt which died before recording its post did post.
   */
  findPosted(roomId: string, marker: string, since: Date): Promise<string | undefined>;
  /** Opens a discussion thread on a posted message and returns the thread's ref; one per message. */
  openThread(roomId: string, messageRef: string, name: string): Promise<string>;
  /** A key naming the thread uniquely on the platform, under which the core stores what it is about. */
  threadKey(roomId: string, threadRef: string): string;
}
