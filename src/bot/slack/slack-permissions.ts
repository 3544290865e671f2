import type { webApi } from '@slack/bolt';

/**
 * Whether a Slack user may run manage commands: workspace admins and owners (users.info, scope users:read),
 * or members of the team's configured user group (usergroups.users.list, scope usergroups:read).
 */
export async function slackCanManage(
  client: webApi.WebClient,
  userId: string,
  manageGroup: string | null,
): Promise<boolean> {
  const { user } = await client.users.info({ user: userId });
  if (user?.is_admin || user?.is_owner) return true;
  if (!manageGroup) return false;
  const group = await client.usergroups.users.list({ usergroup: manageGroup });
  return group.users?.includes(userId) ?? false;
}
