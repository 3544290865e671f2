import type { ChatPlatform, ChatPoster, PostedMessage } from '../../src/core/chat/chat-poster.js';
import type { Reply } from '../../src/core/reply.js';

// A ChatPoster that keeps what it is asked to post: the platform boundary of the daily cycle, where the real
// Discord and Slack adapters plug in. Rooms can be made to fail, as a deleted channel would.

export interface RecordedPost {
  roomId: string;
  reply: Reply;
  threadRef?: string;
  marker?: string;
  messageRef: string;
}

export interface RecordingPoster extends ChatPoster {
  posts: RecordedPost[];
  threads: { roomId: string; messageRef: string; name: string; threadRef: string }[];
  /** Rooms whose posts throw this message. */
  failingRooms: Map<string, string>;
}

let counter = 0;

export function recordingPoster(platform: ChatPlatform = 'discord'): RecordingPoster {
  const poster: RecordingPoster = {
    platform,
    posts: [],
    threads: [],
    failingRooms: new Map(),
    async postToRoom(roomId, reply, options): Promise<PostedMessage> {
      const failure = poster.failingRooms.get(roomId);
      if (failure) throw new Error(failure);
      const messageRef = `${platform}-msg-${++counter}`;
      poster.posts.push({
        roomId,
        reply,
        messageRef,
        ...(options?.threadRef ? { threadRef: options.threadRef } : {}),
        ...(options?.marker ? { marker: options.marker } : {}),
      });
      return { messageRef };
    },
    async findPosted(roomId, marker) {
      return poster.posts.find((post) => post.roomId === roomId && post.marker === marker)?.messageRef;
    },
    threadKey: (roomId, threadRef) => (platform === 'slack' ? `${roomId}:${threadRef}` : threadRef),
    async openThread(roomId, messageRef, name) {
      const threadRef = `${platform}-thread-${++counter}`;
      poster.threads.push({ roomId, messageRef, name, threadRef });
      return threadRef;
    },
  };
  return poster;
}

/** The digests posted to a room (a digest's insights are posts of their own, each with its thread). */
export function digestPosts(poster: RecordingPoster, roomId: string): RecordedPost[] {
  return poster.posts.filter((post) => post.roomId === roomId && !post.threadRef && isDigest(post.reply));
}

function isDigest(reply: Reply): boolean {
  return typeof reply.data === 'object' && reply.data !== null && 'threads' in reply.data;
}
