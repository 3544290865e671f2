import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { decryptToken, encryptToken, parseEncryptionKey } from '../youtube/token-crypto.js';
import { SCRIPT_VIEW_SELECT, scriptView } from './pipeline-schemas.js';

// When a script is approved, the team's pipeline is told over an outgoing webhook instead of polling. Each
// request is signed (HMAC-SHA256 over "<timestamp>.<body>" with the webhook's own secret) so the receiver can
// refuse forgeries and replays; 5xx answers and timeouts are retried with exponential backoff, a bounded
// number of times, and every delivery is logged with its status and attempts. Delivery runs in the background:
// the approving command has already answered.

export const SIGNATURE_HEADER = 'X-TubePilot-Signature';

export interface WebhookDeps {
  db: Db;
  config: Config;
  log: Logger;
  now(): Date;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, in the style of Stripe's signatures. */
export function signWebhook(secret: string, timestampS: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex');
  return `t=${timestampS},v1=${mac}`;
}

/** For receivers (and tests): the header is valid for this body and secret, and at most `toleranceS` old. */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  now: Date,
  toleranceS = 300,
): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestampS = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!Number.isInteger(timestampS) || Math.abs(now.getTime() / 1000 - timestampS) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, timestampS, body).split('v1=')[1] ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      'Bad webhook URL',
      'That is not a URL.',
      'Give the full address, e.g. https://pipeline.example.com/tubepilot.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError('Bad webhook URL', 'Webhooks are sent over http(s) only.');
  }
  return url.href;
}

/** A webhook for the team's channels (channelId null) or one of them; the secret is returned once. */
export async function addWebhook(
  deps: WebhookDeps,
  teamId: number,
  channelId: number | null,
  url: string,
): Promise<{ id: number; secret: string }> {
  const key = parseEncryptionKey(deps.config.TOKEN_ENCRYPTION_KEY);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const webhook = await deps.db.webhook.create({
    data: { teamId, channelId, url: checkUrl(url), secretEnc: encryptToken(secret, key), createdAt: deps.now() },
    select: { id: true },
  });
  return { id: webhook.id, secret };
}

export async function removeWebhook(db: Db, teamId: number, id: number): Promise<void> {
  const { count } = await db.webhook.deleteMany({ where: { id, teamId } });
  if (count === 0) throw new UserError('Unknown webhook', `This team has no webhook #${id}.`, 'See /webhook list.');
}

export async function listWebhooks(db: Db, teamId: number) {
  const webhooks = await db.webhook.findMany({
    where: { teamId },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      url: true,
      channel: { select: { name: true } },
      deliveries: {
        orderBy: { id: 'desc' },
        take: 1,
        select: { status: true, attempts: true, lastStatusCode: true, createdAt: true },
      },
    },
  });
  return webhooks.map(({ deliveries, ...webhook }) => ({ ...webhook, lastDelivery: deliveries[0] ?? null }));
}

const inFlight = new Set<Promise<void>>();

/** Resolves when every delivery started so far has finished (delivered or given up), retries included. */
export async function webhookDeliveriesSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all(inFlight);
}

/** Announces an approved script to the webhooks that cover its channel, without waiting for them. */
export function announceScriptApproved(deps: WebhookDeps, teamId: number, scriptId: number): void {
  const delivery = deliverScriptApproved(deps, teamId, scriptId).catch((error: unknown) =>
    deps.log.error({ err: error, scriptId }, 'could not send the script-approved webhooks'),
  );
  inFlight.add(delivery);
  void delivery.finally(() => inFlight.delete(delivery));
}

async function deliverScriptApproved(deps: WebhookDeps, teamId: number, scriptId: number): Promise<void> {
  const { db } = deps;
  const script = await db.generatedScript.findFirst({
    where: { id: scriptId, channel: { teamId } },
    select: { ...SCRIPT_VIEW_SELECT, channelId: true },
  });
  if (!script) return;
  const webhooks = await db.webhook.findMany({
    where: { teamId, OR: [{ channelId: null }, { channelId: script.channelId }] },
    select: { id: true, url: true, secretEnc: true },
  });
  await Promise.all(
    webhooks.map(async (webhook) => {
      const delivery = await db.webhookDelivery.create({
        data: { webhookId: webhook.id, event: 'script.approved', payload: {}, createdAt: deps.now() },
        select: { id: true },
      });
      const payload = {
        event: 'script.approved' as const,
        deliveryId: delivery.id,
        occurredAt: deps.now().toISOString(),
        script: scriptView(script),
      };
      await db.webhookDelivery.update({ where: { id: delivery.id }, data: { payload } });
      await deliver(deps, webhook, delivery.id, JSON.stringify(payload));
    }),
  );
}

/** Whether an answer may be worth a retry: the receiver is down or overloaded, not refusing the request. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

async function deliver(
  deps: WebhookDeps,
  webhook: { id: number; url: string; secretEnc: string },
  deliveryId: number,
  body: string,
): Promise<void> {
  const { db, config } = deps;
  const finish = (data: {
    status: 'delivered' | 'failed';
    attempts: number;
    lastStatusCode?: number | null;
    lastError?: string | null;
  }) => db.webhookDelivery.update({ where: { id: deliveryId }, data: { ...data, finishedAt: deps.now() } });
  let secret: string;
  try {
    secret = decryptToken(webhook.secretEnc, parseEncryptionKey(config.TOKEN_ENCRYPTION_KEY));
  } catch {
    await finish({
      status: 'failed',
      attempts: 0,
      lastError: 'signing secret unreadable (TOKEN_ENCRYPTION_KEY changed?)',
    });
    return;
  }
  for (let attempt = 1; attempt <= config.WEBHOOK_MAX_ATTEMPTS; attempt++) {
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const timestampS = Math.floor(deps.now().getTime() / 1000);
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'TubePilot-Webhook/1',
          'x-tubepilot-event': 'script.approved',
          'x-tubepilot-delivery': String(deliveryId),
          [SIGNATURE_HEADER]: signWebhook(secret, timestampS, body),
        },
        body,
        // A redirect could send the signed body elsewhere; the configured URL is the only destination.
        redirect: 'manual',
        signal: AbortSignal.timeout(config.WEBHOOK_TIMEOUT_MS),
      });
      await response.body?.cancel();
      statusCode = response.status;
      if (response.ok) {
        await finish({ status: 'delivered', attempts: attempt, lastStatusCode: statusCode, lastError: null });
        return;
      }
      error = `HTTP ${statusCode}`;
    } catch (caught) {
      // Only the kind of failure is kept: the URL (which may carry credentials) stays out of the log.
      error =
        (caught as Error).name === 'TimeoutError'
          ? 'timeout'
          : `network error (${(caught as { cause?: { code?: string } }).cause?.code ?? 'unknown'})`;
    }
    const again = attempt < config.WEBHOOK_MAX_ATTEMPTS && (statusCode === null || retryable(statusCode));
    if (!again) {
      await finish({ status: 'failed', attempts: attempt, lastStatusCode: statusCode, lastError: error });
      deps.log.warn({ webhookId: webhook.id, deliveryId, attempts: attempt, error }, 'webhook delivery failed');
      return;
    }
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { attempts: attempt, lastStatusCode: statusCode, lastError: error },
    });
    await new Promise((resolve) => setTimeout(resolve, config.WEBHOOK_RETRY_BASE_MS * 2 ** (attempt - 1)));
  }
}
