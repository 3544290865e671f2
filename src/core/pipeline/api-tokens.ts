import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';

// A content pipeline reads approved scripts and the strategy over the HTTP API with a token of its team.
// The token is `tp_<keyId>_<secret>`: the key id finds the row, and only the SHA-256 of the 32-byte secret is
// stored, compared in constant time. The full token exists only in the reply that created it.

const TOKEN_PATTERN = /^tp_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Compared against when the key id is unknown, so a miss costs the same work as a wrong secret. */
const NO_HASH = Buffer.alloc(32);

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export interface ApiTokenSummary {
  keyId: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function createApiToken(
  db: Db,
  teamId: number,
  label: string,
  options: { createdBy?: string; now: Date },
): Promise<{ token: string; keyId: string }> {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db.apiToken.create({
    data: {
      teamId,
      keyId,
      secretHash: sha256(secret).toString('hex'),
      label,
      createdBy: options.createdBy ?? null,
      createdAt: options.now,
    },
  });
  return { token: `tp_${keyId}_${secret}`, keyId };
}

/** Revokes one of the team's live tokens by its key id; another team's key id is as unknown as a made-up one. */
export async function revokeApiToken(db: Db, teamId: number, keyId: string, now: Date): Promise<ApiTokenSummary> {
  const wanted = keyId.replace(/^tp_/, '');
  const token = await db.apiToken.findFirst({ where: { teamId, keyId: wanted, revokedAt: null } });
  if (!token) {
    throw new UserError('Unknown token', `This team has no active API token "${keyId}".`, 'See /api-token list.');
  }
  await db.apiToken.update({ where: { id: token.id }, data: { revokedAt: now } });
  return token;
}

export function listApiTokens(db: Db, teamId: number): Promise<ApiTokenSummary[]> {
  return db.apiToken.findMany({
    where: { teamId, revokedAt: null },
    orderBy: { createdAt: 'asc' },
    select: { keyId: true, label: true, createdAt: true, lastUsedAt: true },
  });
}

/** The team a bearer token belongs to, or null when it is malformed, unknown or revoked. */
export async function authenticateApiToken(
  db: Db,
  token: string,
  now: Date,
): Promise<{ teamId: number; keyId: string } | null> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, keyId = '', secret = ''] = match;
  const row = await db.apiToken.findUnique({
    where: { keyId },
    select: { id: true, teamId: true, secretHash: true, revokedAt: true },
  });
  const stored = row ? Buffer.from(row.secretHash, 'hex') : NO_HASH;
  const matches = timingSafeEqual(stored, sha256(secret));
  if (!row || !matches || row.revokedAt !== null) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { teamId: row.teamId, keyId };
}
