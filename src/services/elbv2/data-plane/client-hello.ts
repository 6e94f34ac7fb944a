// A TLS ClientHello read from a connection's first bytes, and its JA3 and JA4 fingerprints (as WAF's JA3Fingerprint/JA4Fingerprint).
import { createHash } from 'node:crypto';

/** What a ClientHello says that the fingerprints use; numbers as on the wire, GREASE included. */
export interface ClientHello {
  /** legacy_version (e.g. 0x0303). */
  readonly version: number;
  readonly cipherSuites: readonly number[];
  /** Extension types in the order sent. */
  readonly extensions: readonly number[];
  /** supported_groups (JA3's "elliptic curves"). */
  readonly groups: readonly number[];
  readonly pointFormats: readonly number[];
  readonly signatureAlgorithms: readonly number[];
  readonly supportedVersions: readonly number[];
  /** The first ALPN protocol name, raw; undefined without ALPN. */
  readonly firstAlpn: Buffer | undefined;
  readonly hasServerName: boolean;
}

export interface TlsFingerprints {
  /** MD5 (hex) of the JA3 string. */
  readonly ja3: string;
  readonly ja4: string;
}

/**
 * A ClientHello this large, or records carrying it beyond this many bytes, is not fingerprinted: real ones are a few
 * hundred bytes to a few KiB (post-quantum key shares included), and the listener must not buffer without bound.
 */
export const MAX_HELLO_BYTES = 32 * 1024;
/** Records a hello may span: real clients use one or two; tiny fragments only make the reassembly work longer. */
const MAX_HELLO_RECORDS = 8;
/** TLSPlaintext.length's limit (RFC 8446 §5.1). */
const MAX_RECORD_BYTES = 16 * 1024;
const HANDSHAKE_RECORD = 22;
const CLIENT_HELLO = 1;

/** GREASE values (RFC 8701): 0x?a?a with both bytes equal. */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

class Truncated extends Error {}

/** Bounds-checked big-endian reads over one buffer; any overrun throws Truncated. */
class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}
  get remaining(): number {
    return this.buf.length - this.offset;
  }
  u8(): number {
    if (this.remaining < 1) throw new Truncated();
    return this.buf[this.offset++]!;
  }
  u16(): number {
    if (this.remaining < 2) throw new Truncated();
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  bytes(n: number): Buffer {
    if (this.remaining < n) throw new Truncated();
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  rest(): Buffer {
    return this.bytes(this.remaining);
  }
  /** A vector whose length prefix is `prefixBytes` (1 or 2) long. */
  vector(prefixBytes: 1 | 2): Reader {
    return new Reader(this.bytes(prefixBytes === 1 ? this.u8() : this.u16()));
  }
  u16List(): number[] {
    if (this.remaining % 2 !== 0) throw new Truncated();
    const out: number[] = [];
    while (this.remaining > 0) out.push(this.u16());
    return out;
  }
}

export type HelloOutcome =
  | { readonly state: 'complete'; readonly hello: ClientHello }
  /** `need`: the byte count before which reading again cannot get further. */
  | { readonly state: 'incomplete'; readonly need: number }
  | { readonly state: 'invalid' };

/**
 * The ClientHello at the start of `bytes` (the connection's first bytes, TLS records), reassembled across records.
 * `incomplete`: more bytes could complete it; `invalid`: they cannot (not TLS, malformed, or over MAX_HELLO_BYTES).
 */
export function readClientHello(bytes: Buffer): HelloOutcome {
  const fragments: Buffer[] = [];
  let handshakeBytes = 0;
  let offset = 0;
  for (;;) {
    if (handshakeBytes >= 4) {
      const body = Buffer.concat(fragments, handshakeBytes);
      if (body[0] !== CLIENT_HELLO) return { state: 'invalid' };
      const length = body.readUIntBE(1, 3);
      if (length > MAX_HELLO_BYTES) return { state: 'invalid' };
      if (handshakeBytes >= 4 + length) {
        const hello = parseClientHelloBody(body.subarray(4, 4 + length));
        return hello === undefined ? { state: 'invalid' } : { state: 'complete', hello };
      }
    }
    if (fragments.length === MAX_HELLO_RECORDS || offset >= MAX_HELLO_BYTES) return { state: 'invalid' };
    if (bytes.length - offset < 5) {
      if (bytes.length > offset && bytes[offset] !== HANDSHAKE_RECORD) return { state: 'invalid' };
      return { state: 'incomplete', need: offset + 5 };
    }
    if (bytes[offset] !== HANDSHAKE_RECORD) return { state: 'invalid' };
    const length = bytes.readUInt16BE(offset + 3);
    if (length === 0 || length > MAX_RECORD_BYTES) return { state: 'invalid' };
    if (bytes.length - offset - 5 < length) {
      return offset + 5 + length > MAX_HELLO_BYTES
        ? { state: 'invalid' }
        : { state: 'incomplete', need: offset + 5 + length };
    }
    fragments.push(bytes.subarray(offset + 5, offset + 5 + length));
    handshakeBytes += length;
    offset += 5 + length;
  }
}

/** The ClientHello message's body (after the 4-byte handshake header); undefined when malformed. */
export function parseClientHelloBody(body: Buffer): ClientHello | undefined {
  try {
    const r = new Reader(body);
    const version = r.u16();
    r.bytes(32); // random
    const sessionId = r.vector(1);
    if (sessionId.remaining > 32) return undefined;
    const cipherSuites = r.vector(2).u16List();
    r.vector(1); // compression methods
    const hello: MutableHello = {
      version,
      cipherSuites,
      extensions: [],
      groups: [],
      pointFormats: [],
      signatureAlgorithms: [],
      supportedVersions: [],
      firstAlpn: undefined,
      hasServerName: false,
    };
    // SSL 3.0-style hellos end here: no extensions.
    if (r.remaining === 0) return hello;
    const extensions = r.vector(2);
    if (r.remaining !== 0) return undefined;
    while (extensions.remaining > 0) {
      const type = extensions.u16();
      const data = extensions.vector(2);
      hello.extensions.push(type);
      readExtension(type, data, hello);
    }
    return hello;
  } catch (err) {
    if (err instanceof Truncated) return undefined;
    throw err;
  }
}

type MutableHello = {
  -readonly [K in keyof ClientHello]: ClientHello[K] extends readonly number[] ? number[] : ClientHello[K];
};

function readExtension(type: number, data: Reader, hello: MutableHello): void {
  switch (type) {
    case 0x0000:
      hello.hasServerName = true;
      break;
    case 0x000a:
      hello.groups = data.vector(2).u16List();
      break;
    case 0x000b: {
      const formats = data.vector(1);
      while (formats.remaining > 0) hello.pointFormats.push(formats.u8());
      break;
    }
    case 0x000d:
      hello.signatureAlgorithms = data.vector(2).u16List();
      break;
    case 0x0010: {
      const names = data.vector(2);
      if (names.remaining > 0) hello.firstAlpn = names.vector(1).rest();
      break;
    }
    case 0x002b:
      hello.supportedVersions = data.vector(1).u16List();
      break;
    default:
      break;
  }
}

const dashed = (values: readonly number[]): string => values.filter((v) => !isGrease(v)).join('-');

/** The JA3 string: version,ciphers,extensions,groups,point formats — decimal, dash-separated, GREASE removed. */
export function ja3String(hello: ClientHello): string {
  return [
    String(hello.version),
    dashed(hello.cipherSuites),
    dashed(hello.extensions),
    dashed(hello.groups),
    hello.pointFormats.join('-'),
  ].join(',');
}

const TLS_VERSIONS: ReadonlyMap<number, string> = new Map([
  [0x0304, '13'],
  [0x0303, '12'],
  [0x0302, '11'],
  [0x0301, '10'],
  [0x0300, 's3'],
  [0x0002, 's2'],
]);

const hex4 = (v: number): string => v.toString(16).padStart(4, '0');
const count2 = (n: number): string => String(Math.min(n, 99)).padStart(2, '0');
const sha12 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);
const isAlnum = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

function alpnMark(alpn: Buffer | undefined): string {
  if (alpn === undefined || alpn.length === 0) return '00';
  const first = alpn[0]!;
  const last = alpn[alpn.length - 1]!;
  if (isAlnum(first) && isAlnum(last)) return String.fromCharCode(first, last);
  // Not printable as such: the first and last characters of the value's hex form.
  const hex = alpn.toString('hex');
  return hex[0]! + hex[hex.length - 1]!;
}

/** JA4 (FoxIO): t<version><d|i><ciphers><extensions><alpn>_<sorted ciphers hash>_<sorted extensions+sigalgs hash>. */
export function ja4String(hello: ClientHello): string {
  const ciphers = hello.cipherSuites.filter((v) => !isGrease(v));
  const extensions = hello.extensions.filter((v) => !isGrease(v));
  const offered = hello.supportedVersions.filter((v) => !isGrease(v));
  const version = offered.length > 0 ? Math.max(...offered) : hello.version;
  const a = `t${TLS_VERSIONS.get(version) ?? '00'}${hello.hasServerName ? 'd' : 'i'}${count2(ciphers.length)}${count2(extensions.length)}${alpnMark(hello.firstAlpn)}`;
  const b = ciphers.length === 0 ? '000000000000' : sha12(ciphers.map(hex4).sort().join(','));
  // SNI and ALPN are already in part a; the hash covers the rest, sorted, then the signature algorithms as sent.
  const hashed = extensions
    .filter((v) => v !== 0x0000 && v !== 0x0010)
    .map(hex4)
    .sort()
    .join(',');
  const sigAlgs = hello.signatureAlgorithms
    .filter((v) => !isGrease(v))
    .map(hex4)
    .join(',');
  const c = extensions.length === 0 ? '000000000000' : sha12(sigAlgs === '' ? hashed : `${hashed}_${sigAlgs}`);
  return `${a}_${b}_${c}`;
}

export function fingerprints(hello: ClientHello): TlsFingerprints {
  return { ja3: createHash('md5').update(ja3String(hello)).digest('hex'), ja4: ja4String(hello) };
}
