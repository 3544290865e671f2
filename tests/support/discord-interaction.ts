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
