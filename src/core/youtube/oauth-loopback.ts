import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors.js';
import { beginConnect, type ConnectDeps, type ConnectedChannel, completeConnect } from './oauth-connect.js';

// The CLI's connect: Google redirects the browser to a one-shot HTTP server on 127.0.0.1 (the loopback
// flow for installed apps), which hands the code to completeConnect.

const CALLBACK_PATH = '/oauth/callback';
const WAIT_MS = 10 * 60_000;

export async function connectViaLoopback(
  deps: ConnectDeps,
  options: { teamId: number; channelName?: string; onUrl: (url: string) => void; waitMs?: number },
): Promise<ConnectedChannel> {
  let settle: { resolve: (value: ConnectedChannel) => void; reject: (error: unknown) => void } | undefined;
  const done = new Promise<ConnectedChannel>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let redirectUri = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CALLBACK_PATH) {
      response.writeHead(404).end();
      return;
    }
    const state = url.searchParams.get('state') ?? '';
    const code = url.searchParams.get('code');
    const denied = url.searchParams.get('error');
    const finish = (status: number, text: string) =>
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    if (!code) {
      finish(400, 'TubePilot was not given access. You can close this tab.');
      settle?.reject(
        new UserError('Not connected', `Google answered "${denied ?? 'no code'}" instead of an authorization.`),
      );
      return;
    }
    completeConnect(deps, { state, code, redirectUri }).then(
      (channel) => {
        finish(200, `Connected ${channel.title} to TubePilot. You can close this tab.`);
        settle?.resolve(channel);
      },
      (error: unknown) => {
        finish(500, 'TubePilot could not finish connecting; see the terminal. You can close this tab.');
        settle?.reject(error);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}${CALLBACK_PATH}`;
  const timer = setTimeout(
    () => settle?.reject(new UserError('Timed out', 'No answer came from Google in time.', 'Run it again.')),
    options.waitMs ?? WAIT_MS,
  );
  try {
    const { url } = await beginConnect(
      deps.db,
      deps.config,
      { teamId: options.teamId, channelName: options.channelName, platform: 'console', redirectUri },
      deps.now(),
    );
    options.onUrl(url);
    return await done;
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  }
}
