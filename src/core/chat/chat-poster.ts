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

export interface ChatPoster {
  readonly platform: ChatPlatform;
  /** Posts a Reply (images included) into a room, or into a thread of it when `threadRef` is given. */
  postToRoom(roomId: string, reply: Reply, options?: { threadRef?: string }): Promise<PostedMessage>;
  /** Opens a discussion thread on a posted message and returns the thread's ref. */
  openThread(roomId: string, messageRef: string, name: string): Promise<string>;
}
