import type { Reply } from '../../core/reply.js';

/**
 * A Reply as JSON: images become base64 with their size, bigints become numbers (exact below 2^53, which
 * view counts are) and dates ISO strings.
 */
export function renderJson(reply: Reply): string {
  const images = reply.images?.map((image) => ({
    name: image.name,
    alt: image.alt,
    mimeType: 'image/png',
    bytes: image.png.byteLength,
    base64: Buffer.from(image.png).toString('base64'),
  }));
  const files = reply.files?.map((file) => ({
    name: file.name,
    description: file.description,
    mimeType: file.contentType,
    bytes: file.data.byteLength,
    base64: Buffer.from(file.data).toString('base64'),
  }));
  return JSON.stringify(
    { ...reply, ...(images ? { images } : {}), ...(files ? { files } : {}) },
    (_key, value) => (typeof value === 'bigint' ? Number(value) : value),
    2,
  );
}
