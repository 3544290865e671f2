import { createApiToken, listApiTokens, revokeApiToken } from '../../core/pipeline/api-tokens.js';
import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const apiTokenCommand = defineCommand({
  name: 'api-token',
  description: "Tokens for the pipeline API (this team's scripts and strategy over HTTP): create, revoke, list",
  options: {
    action: option.choice('What to do', ['create', 'revoke', 'list'] as const, { required: true }),
    label: option.string('create: what the token is for, e.g. "video pipeline"'),
    key: option.string('revoke: the key id shown by list'),
  },
  positional: 'action',
  scope: 'chat',
  permission: 'manage',
  examples: ['/api-token create label:video pipeline', '/api-token list', '/api-token revoke key:3f2a…'],
  async run(ctx, { action, label, key }): Promise<Reply> {
    if (action === 'create') {
      const created = await createApiToken(ctx.db, ctx.team.id, label ?? 'pipeline', {
        createdBy: ctx.user?.id,
        now: ctx.now(),
      });
      return {
        kind: 'result',
        private: true,
        title: 'API token created',
        summary:
          'Copy it now: TubePilot keeps only a hash and cannot show it again. Send it as `Authorization: Bearer <token>`; it reads and updates this team’s channels only.',
        fields: [
          { label: 'Token', value: created.token },
          { label: 'Key id', value: created.keyId },
          { label: 'API description', value: '/api/v1/openapi.json on the bot’s HTTP address' },
        ],
        followUps: [{ label: 'Revoke it', command: `/api-token revoke key:${created.keyId}` }],
      };
    }
    if (action === 'revoke') {
      const revoked = await revokeApiToken(ctx.db, ctx.team.id, key ?? '', ctx.now());
      return {
        kind: 'result',
        title: 'API token revoked',
        summary: `Token ${revoked.keyId} ("${revoked.label}") no longer works.`,
      };
    }
    const tokens = await listApiTokens(ctx.db, ctx.team.id);
    return {
      kind: 'result',
      title: 'API tokens',
      summary: tokens.length === 0 ? 'This team has no API tokens.' : `${tokens.length} active.`,
      sections: tokens.length
        ? [
            {
              heading: 'Active tokens',
              table: {
                columns: ['Key id', 'Label', 'Created', 'Last used'],
                rows: tokens.map((token) => [
                  token.keyId,
                  token.label,
                  utc(token.createdAt),
                  token.lastUsedAt ? utc(token.lastUsedAt) : 'never',
                ]),
              },
            },
          ]
        : [],
      followUps: [{ label: 'Create one', command: '/api-token create label:…' }],
      data: { tokens },
    };
  },
});
