// Reading a stored web ACL or rule group body: blob members (ByteMatch SearchString) come back as bytes.

/** JSON.stringify wrote each Buffer as {"type":"Buffer","data":[...]}; the serializer and the engine need bytes. */
function reviveBuffers(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const v = value as { type?: unknown; data?: unknown };
  return v.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data as number[]) : value;
}

export function parseStoredBody<T>(body: string): T {
  return JSON.parse(body, reviveBuffers) as T;
}
