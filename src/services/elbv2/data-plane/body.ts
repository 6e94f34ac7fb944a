// A request body read in two parts: a prefix held for inspection, then the rest streamed on, both under a size cap.
import type { IncomingMessage } from 'node:http';

/** Thrown into the upstream body when the client sends more than the listener's body cap. */
export class BodyTooLarge extends Error {
  constructor() {
    super('request body over the listener limit');
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * The whole body, when Node's parser has already put all of it in the request's buffer: a small body usually comes
 * in the packet of its headers and is parsed before the handler's first await resumes (the request is marked complete
 * a little later, but a buffer holding every declared byte is the whole body). One read() then takes it, with no
 * listeners, promise or copy. Undefined when the body is not all there yet or is over `limit`.
 */
export function bufferedBody(req: IncomingMessage, limit: number): Buffer | undefined {
  if (req.readableFlowing === true) return undefined;
  const buffered = req.readableLength;
  if (buffered > limit) return undefined;
  if (!req.complete) {
    if (req.headers['transfer-encoding'] !== undefined) return undefined;
    if (buffered !== Number(req.headers['content-length'])) return undefined;
  }
  return (req.read() as Buffer | null) ?? EMPTY;
}

/** Reads until `limit` bytes have arrived (or the body ends), then pauses the request. */
export function readPrefix(req: IncomingMessage, limit: number): Promise<{ prefix: Buffer; ended: boolean }> {
  const whole = bufferedBody(req, limit);
  if (whole !== undefined) return Promise.resolve({ prefix: whole, ended: true });
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
