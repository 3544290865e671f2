import { PermissionFlagsBits } from 'discord.js';

/**
 * Whether a guild member may run manage commands: Manage Server (or Administrator, which implies it), or
 * the role the team configured. `permissions` is the member's resolved permission bitfield in the channel.
 */
export function discordCanManage(
  permissions: bigint | null,
  roleIds: readonly string[],
  manageRole: string | null,
): boolean {
  const wanted = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;
  if (permissions !== null && (permissions & wanted) !== 0n) return true;
  return manageRole !== null && roleIds.includes(manageRole);
}
