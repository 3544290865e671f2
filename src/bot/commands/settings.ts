import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

/** A role or user-group id from what chat inserts for a mention: `<@&123>` (Discord), `<!subteam^S1|@devs>` (Slack). */
export function mentionedGroupId(text: string): string | null {
  if (/^(none|off|clear)$/i.test(text)) return null;
  return text.match(/^<@&(\d+)>$/)?.[1] ?? text.match(/^<!subteam\^([A-Z0-9]+)(\|[^>]*)?>$/)?.[1] ?? text;
}

export const settingsCommand = defineCommand({
  name: 'settings',
  description: "Show or change this team's settings: who besides admins may manage TubePilot",
  options: {
    'manage-role': option.string(
      'Discord role or Slack user group (mention or id) whose members may manage; "none" for admins only',
    ),
  },
  scope: 'chat',
  permission: 'manage',
  examples: ['/settings', '/settings manage-role:@YouTube team', '/settings manage-role:none'],
  async run(ctx, { 'manage-role': role }): Promise<Reply> {
    const team =
      role === undefined
        ? await ctx.db.team.findUniqueOrThrow({ where: { id: ctx.team.id }, select: { manageRole: true } })
        : await ctx.db.team.update({
            where: { id: ctx.team.id },
            data: { manageRole: mentionedGroupId(role) },
            select: { manageRole: true },
          });
    const who =
      team.manageRole === null
        ? 'Only server managers (Discord: Manage Server) or workspace admins (Slack).'
        : `Server managers / workspace admins, and members of ${ctx.room?.platform === 'slack' ? `<!subteam^${team.manageRole}>` : ctx.room?.platform === 'discord' ? `<@&${team.manageRole}>` : team.manageRole}.`;
    return {
      kind: 'result',
      title: role === undefined ? 'Settings' : 'Settings changed',
      summary:
        'Reading is open to everyone in the room; binding rooms, connecting channels and refreshing need the manage role.',
      fields: [{ label: 'May manage', value: who }],
      followUps: [{ label: 'Change', command: '/settings manage-role:…' }],
      data: { manageRole: team.manageRole },
    };
  },
});
