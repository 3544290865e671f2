import { randomBytes } from 'node:crypto';
import type { ChatPlatform, ChatPoster } from '../../core/chat/chat-poster.js';
import { UserError } from '../../core/errors.js';
import { completeConnect, YOUTUBE_CALLBACK_PATH } from '../../core/youtube/oauth-connect.js';
import type { ChatDeps } from '../chat-context.js';
import type { Route } from './http-server.js';

// Where Google sends the browser back after /connect: the code is traded for tokens (completeConnect), the
// browser gets a short page, and the room that asked is told the channel is connected.

export function youtubeCallbackRoute(deps: ChatDeps, posters: Partial<Record<ChatPlatform, ChatPoster>>): Route {
  return {
    method: 'GET',
    path: YOUTUBE_CALLBACK_PATH,
    async handle(request, response) {
      const page = (status: number, text: string) =>
        response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
      const url = new URL(request.url ?? '/', 'http://localhost');
      const code = url.searchParams.get('code');
      const state = url.searchParams.get('state') ?? '';
      if (!code) {
        page(
          400,
          `TubePilot was not given access (${url.searchParams.get('error') ?? 'no code'}). You can close this tab.`,
        );
        return;
      }
      try {
        const connected = await completeConnect(deps, {
          state,
          code,
          redirectUri: `${deps.config.PUBLIC_URL ?? ''}${YOUTUBE_CALLBACK_PATH}`,
        });
        page(200, `Connected ${connected.title} to TubePilot as "${connected.channelName}". You can close this tab.`);
        const { platform, roomId } = connected.requestedBy;
        const poster = platform === 'console' ? undefined : posters[platform];
        if (poster && roomId) {
          await poster
            .postToRoom(roomId, {
              kind: 'result',
              title: `YouTube channel connected: ${connected.title}`,
              summary: `It is "${connected.channelName}" here. Its videos come in with the next refresh.`,
              followUps: [{ label: 'Fetch its numbers now', command: `/refresh channel:${connected.channelName}` }],
            })
            .catch((error: unknown) => deps.log.warn({ err: error }, 'could not announce a connected channel'));
        }
      } catch (error) {
        if (error instanceof UserError) {
          page(400, `${error.title}: ${error.message}${error.hint ? ` ${error.hint}` : ''}`);
          return;
        }
        const errorId = randomBytes(4).toString('hex');
        deps.log.error({ err: error, errorId }, 'YouTube connect callback failed');
        page(500, `TubePilot could not finish connecting (error id ${errorId}). You can close this tab.`);
      }
    },
  };
}
