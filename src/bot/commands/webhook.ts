import { resolveChannel } from '../../core/channels/channel-directory.js';
import { UserError } from '../../core/errors.js';
import { addWebhook, listWebhooks, removeWebhook, SIGNATURE_HEADER } from '../../core/pipeline/webhooks.js';
import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

export const webhookCommand = defineCommand({
  name: 'webhook',
  description: 'Tell your pipeline when a script is approved: a signed POST to your URL (add, remove, list)',
  options: {
    action: option.choice('What to do', ['add', 'remove', 'list'] as const, { required: true }),
    url: option.string('add: the https URL to POST to'),
    channel: option.string('add: only this channel’s scripts (default: all channels)', { autocomplete: 'channel' }),
    id: option.integer('remove: the webhook number shown by list', { min: 1 }),
  },
  positional: 'action',
  scope: 'chat',
  permission: 'manage',
  examples: ['/webhook add url:https://pipeline.example.com/tubepilot', '/webhook list', '/webhook remove id:2'],
  async run(ctx, { action, url, channel: name, id }): Promise<Reply> {
    if (action === 'add') {
      if (!url) throw new UserError('Which URL?', 'Give the address to POST to with url:….');
      const channel = name === undefined ? null : await resolveChannel(ctx.db, ctx.team.id, name);
      const created = await addWebhook(ctx, ctx.team.id, channel?.id ?? null, url);
      return {
        kind: 'result',
        private: true,
        title: `Webhook #${created.id} added`,
        summary: `Approved scripts of ${channel ? channel.name : 'every channel'} are POSTed there as JSON (event script.approved). Copy the signing secret now: it is not shown again.`,
        fields: [
          { label: 'Signing secret', value: created.secret },
          {
            label: 'Verify',
            value: `${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>; refuse old t.`,
          },
        ],
      };
    }
    if (action === 'remove') {
      if (id === undefined) throw new UserError('Which webhook?', 'Give its number with id:… (see /webhook list).');
      await removeWebhook(ctx.db, ctx.team.id, id);
      return { kind: 'result', title: `Webhook #${id} removed` };
    }
    const webhooks = await listWebhooks(ctx.db, ctx.team.id);
    return {
      kind: 'result',
      title: 'Webhooks',
      summary: webhooks.length === 0 ? 'This team has no webhooks.' : `${webhooks.length} configured.`,
      sections: webhooks.length
        ? [
            {
              heading: 'Webhooks',
              table: {
                columns: ['#', 'URL', 'Channel', 'Last delivery'],
                rows: webhooks.map((webhook) => [
                  String(webhook.id),
                  webhook.url,
                  webhook.channel?.name ?? 'all',
                  webhook.lastDelivery
                    ? `${webhook.lastDelivery.status} after ${webhook.lastDelivery.attempts} attempt(s)${webhook.lastDelivery.lastStatusCode ? `, HTTP ${webhook.lastDelivery.lastStatusCode}` : ''}`
                    : 'none yet',
                ]),
              },
            },
          ]
        : [],
      data: { webhooks },
    };
  },
});
