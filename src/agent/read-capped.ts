// Reads at most a given number of bytes of a file, for the agent's collectors and CIS checks alike.
import { open } from 'node:fs/promises';

/** A file's text, at most maxBytes of it (a huge or endless file cannot exhaust memory); undefined if unreadable. */
export async function readCapped(path: string, maxBytes: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
    // In chunks to EOF: /proc files report a size of 0.
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < maxBytes) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
