import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

// Refresh tokens are stored only as AES-256-GCM ciphertext: "v1.<iv>.<tag>.<ciphertext>", base64url parts.

const VERSION = 'v1';
const IV_BYTES = 12;

/** The 32-byte key from TOKEN_ENCRYPTION_KEY (base64 or hex). Never echoes the value it got. */
export function parseEncryptionKey(text: string | undefined): Buffer {
  if (text === undefined) {
    throw new UserError(
      'No encryption key',
      'TubePilot stores YouTube tokens only encrypted, and TOKEN_ENCRYPTION_KEY is not set.',
      'Set TOKEN_ENCRYPTION_KEY to 32 random bytes, e.g. the output of `openssl rand -base64 32`, and restart.',
    );
  }
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw new UserError(
      'Bad encryption key',
      `TOKEN_ENCRYPTION_KEY must be 32 bytes as base64 or hex; it decodes to ${key.length} bytes.`,
      'Generate one with `openssl rand -base64 32`.',
    );
  }
  return key;
}

export function encryptToken(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The stored token; a changed key or tampered ciphertext is a UserError (the channel must be re-connected). */
export function decryptToken(stored: string, key: Buffer): string {
  const [version, iv, tag, ciphertext] = stored.split('.');
  try {
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('unknown format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new UserError(
      'Cannot read the stored token',
      'The stored YouTube token does not decrypt with the current TOKEN_ENCRYPTION_KEY.',
      'Restore the key it was stored with, or re-connect the channel (`tubepilot auth youtube`).',
    );
  }
}
