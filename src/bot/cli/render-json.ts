import type { Reply } from '../../core/reply.js';

/** Keys whose numbers are counts of views, likes, comments, shares or impressions (not rates or ratios). */
const COUNT_KEY = /^(views|likes|comments|shares|impressions)$|(Views|Likes|Comments|Shares|Impressions)$/;

/**
 * A Reply as JSON: images become base64 with their size, bigints become numbers (exact below 2^53, which
 * view counts are), counts whole numbers, and dates ISO strings.
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
  // `channel` is for the chat surfaces' discussion threads; `data` says which channel, by name.
  const { channel: _channel, ...shown } = reply;
  return JSON.stringify(
    { ...shown, ...(images ? { images } : {}), ...(files ? { files } : {}) },
    (key, value) => {
      if (typeof value === 'bigint') return Number(value);
      // Counts come out whole, as the text shows them; means and predictions of a count are fractional
      // only because they are computed.
      return typeof value === 'number' && COUNT_KEY.test(key) ? Math.round(value) : value;
    },
    2,
  );
}
