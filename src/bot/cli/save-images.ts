import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reply } from '../../core/reply.js';

/**
 * Writes the reply's images and files into `dir` and returns their paths by name (terminals cannot show PNGs
 * or take attachments).
 */
export async function saveReplyImages(reply: Reply, dir: string): Promise<Record<string, string>> {
  const outputs = [
    ...(reply.images ?? []).map((image) => ({ name: image.name, data: image.png })),
    ...(reply.files ?? []),
  ];
  if (!outputs.length) return {};
  await mkdir(dir, { recursive: true });
  const paths: Record<string, string> = {};
  for (const output of outputs) {
    const path = join(dir, output.name.replace(/[^\w.-]+/g, '_'));
    await writeFile(path, output.data);
    paths[output.name] = path;
  }
  return paths;
}
