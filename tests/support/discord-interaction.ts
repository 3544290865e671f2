import { PermissionFlagsBits, SnowflakeUtil } from 'discord.js';

// Interactions as Discord sends them, for tests that feed real discord.js objects or signed HTTP requests.

/** The application id the tests' Discord configuration uses. */
export const TEST_DISCORD_APP = '900000000000000001';
const APP = TEST_DISCORD_APP;

export interface Invocation {
  guild?: string | null;
  channel?: string;
  permissions?: bigint;
  roles?: string[];
  options?: { name: string; type: number; value: string | number | boolean; focused?: boolean }[];
  type?: number;
  /** When Discord created the interaction (its id encodes it); now by default. */
  createdAt?: Date;
}

/** An application-command interaction exactly as Discord sends it (gateway INTERACTION_CREATE or HTTP POST). */
export function rawInteraction(name: string, invocation: Invocation = {}) {
  const id = String(SnowflakeUtil.generate({ timestamp: invocation.createdAt ?? new Date() }));
  const channel = invocation.channel ?? `7${id.slice(-15)}`;
  const user = { id: '500000000000000001', username: 'ana', discriminator: '0', avatar: null, global_name: 'Ana' };
  const guild = invocation.guild === undefined ? 'G-default' : invocation.guild;
  return {
    id,
    application_id: APP,
    type: invocation.type ?? 2,
    token: `token-${id}`,
    version: 1,
    channel_id: channel,
    channel: { id: channel, type: 0 },
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: {},
    ...(guild
      ? {
          guild_id: guild,
          guild_locale: 'en-US',
          member: {
            user,
            roles: invocation.roles ?? [],
            permissions: String(invocation.permissions ?? PermissionFlagsBits.SendMessages),
            joined_at: '2025-01-01T00:00:00.000Z',
            deaf: false,
            mute: false,
            flags: 0,
          },
        }
      : { user }),
    data: { id: '600000000000000001', name, type: 1, options: invocation.options ?? [] },
  };
}

/**
 * A click on a message's button (MESSAGE_COMPONENT, type 3) exactly as Discord sends it, by the same member;
 * `message`: the clicked message's id (a new one by default).
 */
export function rawButtonClick(
  customId: string,
  invocation: Omit<Invocation, 'options' | 'type'> & { message?: string } = {},
) {
  const base = rawInteraction('', { ...invocation, type: 3 });
  const message = {
    id:
      invocation.message ??
      String(SnowflakeUtil.generate({ timestamp: (invocation.createdAt ?? new Date()).getTime() - 60_000 })),
    channel_id: base.channel_id,
    type: 0,
    content: '',
    embeds: [],
    attachments: [],
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Button', custom_id: customId }] }],
    author: { id: '42', username: 'TubePilot', discriminator: '0', avatar: null, bot: true, global_name: null },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    flags: 0,
  };
  return { ...base, message, data: { custom_id: customId, component_type: 2 } };
}

/**
 * POSTs `body` to the bot's interactions endpoint as Discord does: Ed25519-signed over timestamp + body with
 * `sign` (a forger's key in the refusal tests), at `timestamp` (now by default, in seconds).
 */
export function postSigned(
  url: string,
  body: string,
  sign: (timestamp: string, body: string) => string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': sign(timestamp, body),
      'x-signature-timestamp': timestamp,
    },
    body,
  });
}
