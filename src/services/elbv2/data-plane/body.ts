// A request body read in two parts: a prefix held for inspection, then the rest streamed on, both under a size cap.
import type { IncomingMessage } from 'node:http';

/** Thrown into the upstream body when the client sends more than the listener's body cap. */
export class BodyTooLarge extends Error {
  constructor() {
    super('request body over the listener limit');
  }
}

/** Reads until `limit` bytes have arrived (or the body ends), then pauses the request. */
export function readPrefix(req: IncomingMessage, limit: number): Promise<{ prefix: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (ended: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (!ended) req.pause();
      resolve({ prefix: Buffer.concat(chunks), ended });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) finish(false);
    };
    const onEnd = () => finish(true);
    const onError = (err: Error) => reject(err);
    const onClose = () => {
      if (!req.complete) reject(new Error('client closed the request'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** The body to send upstream: the prefix already read, then the rest as it arrives; over `cap` bytes it fails. */
export async function* forwardedBody(
  req: IncomingMessage,
  prefix: Buffer,
  ended: boolean,
  cap: number,
): AsyncGenerator<Buffer> {
  let total = prefix.length;
  if (total > cap) throw new BodyTooLarge();
  if (prefix.length > 0) yield prefix;
  if (ended) return;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > cap) throw new BodyTooLarge();
    yield chunk;
  }
}
