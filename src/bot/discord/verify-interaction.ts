import { createPublicKey, verify } from 'node:crypto';

// Discord signs every HTTP interaction with the application's Ed25519 key over timestamp + body. node:crypto
// verifies Ed25519 once the raw 32-byte key is wrapped in its fixed SPKI DER prefix.

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function discordPublicKey(hex: string) {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export function verifyDiscordSignature(
  publicKey: ReturnType<typeof discordPublicKey>,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  body: string,
): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  return verify(null, Buffer.from(timestamp + body), publicKey, Buffer.from(signatureHex, 'hex'));
}
