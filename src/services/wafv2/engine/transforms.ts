// AWS WAF's text transformations, each a pure string → string function, and compiling a rule's list into one chain.
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { TextTransformation } from './types.js';

export type Transform = (input: string) => string;

/** Decoded bytes become text as UTF-8 when they are UTF-8, else one character per byte, so no byte is lost. */
function bytesToText(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

export const compressWhiteSpace: Transform = (s) => s.replace(/[\f\t\n\r\v\u00a0 ]+/g, ' ');

/** Only A–Z change; an ASCII string (the usual header, path or argument) takes toLowerCase, which does just that. */
const NON_ASCII = /[\u0080-\uffff]/;
export const lowercase: Transform = (s) =>
  NON_ASCII.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();
export const uppercase: Transform = (s) => s.replace(/[a-z]+/g, (m) => m.toUpperCase());

export const cmdLine: Transform = (s) =>
  lowercase(
    s
      .replace(/[\\"'^]/g, '')
      .replace(/ +(?=[/(])/g, '')
      .replace(/[,;]/g, ' ')
      .replace(/ {2,}/g, ' '),
  );

const NAMED_ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', nbsp: '\u00a0' };
/**
 * AWS documents the references with their semicolon. Without it, numeric references and &quot &nbsp &lt &gt are
 * decoded too, as ModSecurity's htmlEntityDecode (the transformation AWS's list follows) and browsers' legacy parsing
 * do: `&ltscript&gt` reaches a browser as a tag. `&amp` needs its semicolon (`&ampersand` stays text).
 */
export const htmlEntityDecode: Transform = (s) =>
  s.indexOf('&') < 0
    ? s
    : s.replace(
        /&(?:#[xX]([0-9a-fA-F]{1,6});?|#([0-9]{1,7});?|(quot|amp|lt|gt|nbsp);|(quot|lt|gt|nbsp))/g,
        (m, hex, dec, name, bare) => {
          if (bare !== undefined) return NAMED_ENTITIES[bare as string] ?? m;
          if (name !== undefined) return NAMED_ENTITIES[name as string] ?? m;
          const code = hex !== undefined ? parseInt(hex as string, 16) : parseInt(dec as string, 10);
          return code <= 0x10ffff ? String.fromCodePoint(code) : m;
        },
      );

/**
 * percentDecode for an ASCII input whose decoded bytes are all ASCII too (the usual form field, path or cookie): the
 * same result as the byte-level decoder below, in string space, without its three Buffers and UTF-8 round trip.
 * Answers undefined when it cannot tell (a non-ASCII input or a decoded byte ≥ 0x80): the caller decodes bytes then.
 */
const PLUS_ALL = /\+/g;
function percentDecodeAscii(s: string, unicode: boolean): string | undefined {
  if (NON_ASCII.test(s)) return undefined;
  // A form value's spaces are its only escapes more often than not.
  if (s.indexOf('%') < 0) return s.replace(PLUS_ALL, ' ');
  const n = s.length;
  let out = '';
  let from = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) {
      out += `${s.slice(from, i)} `;
      from = i + 1;
      continue;
    }
    if (c !== 0x25) continue;
    if (unicode && (s.charCodeAt(i + 1) === 0x75 || s.charCodeAt(i + 1) === 0x55) && i + 5 < n) {
      const a = hexValue(s.charCodeAt(i + 2));
      const b = hexValue(s.charCodeAt(i + 3));
      const d = hexValue(s.charCodeAt(i + 4));
      const e = hexValue(s.charCodeAt(i + 5));
      if (a >= 0 && b >= 0 && d >= 0 && e >= 0) {
        const code = (a << 12) | (b << 8) | (d << 4) | e;
        const ascii = code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code;
        if (ascii > 0x7f) return undefined;
        out += s.slice(from, i) + String.fromCharCode(ascii);
        i += 5;
        from = i + 1;
        continue;
      }
    }
    const h = i + 1 < n ? hexValue(s.charCodeAt(i + 1)) : -1;
    const l = i + 2 < n ? hexValue(s.charCodeAt(i + 2)) : -1;
    if (h >= 0 && l >= 0) {
      const byte = (h << 4) | l;
      if (byte > 0x7f) return undefined;
      out += s.slice(from, i) + String.fromCharCode(byte);
      i += 2;
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

function percentDecode(s: string, unicode: boolean): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  return percentDecodeAscii(s, unicode) ?? percentDecodeBytes(s, unicode);
}

/** URL_DECODE(_UNI) on the UTF-8 bytes: `+` and `%XX` (and `%uXXXX`) become the bytes they name. Exported for tests. */
export function percentDecodeBytes(s: string, unicode: boolean): string {
  const src = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  let o = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x2b) {
      out[o++] = 0x20;
      continue;
    }
    if (c === 0x25) {
      if (unicode && (src[i + 1] === 0x75 || src[i + 1] === 0x55) && i + 5 < src.length) {
        const v = [2, 3, 4, 5].map((k) => hexValue(src[i + k]!));
        if (v.every((x) => x >= 0)) {
          const code = (v[0]! << 12) | (v[1]! << 8) | (v[2]! << 4) | v[3]!;
          // Full-width ASCII (FF01–FF5E) maps to its ASCII twin, as IIS-style %u decoders do; else the character.
          const text =
            code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : String.fromCharCode(code);
          o += out.write(text, o, 'utf8');
          i += 5;
          continue;
        }
      }
      const h = hexValue(src[i + 1] ?? 0);
      const l = hexValue(src[i + 2] ?? 0);
      if (h >= 0 && l >= 0) {
        out[o++] = (h << 4) | l;
        i += 2;
        continue;
      }
    }
    out[o++] = c;
  }
  return bytesToText(out.subarray(0, o));
}
export const urlDecode: Transform = (s) => percentDecode(s, false);
export const urlDecodeUni: Transform = (s) => percentDecode(s, true);

export const base64Decode: Transform = (s) => {
  const valid = /^[A-Za-z0-9+/]*={0,2}/.exec(s)![0];
  return bytesToText(Buffer.from(valid, 'base64'));
};
export const base64DecodeExt: Transform = (s) => bytesToText(Buffer.from(s.replace(/[^A-Za-z0-9+/]/g, ''), 'base64'));

export const hexDecode: Transform = (s) => {
  const run = /^(?:[0-9a-fA-F]{2})*/.exec(s)![0];
  return bytesToText(Buffer.from(run, 'hex')) + s.slice(run.length);
};

// The digest is binary; one character per byte so a ByteMatch SearchString given as those bytes compares equal.
const digest =
  (algorithm: string): Transform =>
  (s) =>
    createHash(algorithm).update(s, 'utf8').digest().toString('latin1');
export const md5 = digest('md5');
export const sha256 = digest('sha256');

export const replaceComments: Transform = (s) => (s.indexOf('/*') < 0 ? s : s.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' '));
export const removeCommentsChar: Transform = (s) => s.replace(/\/\*|\*\/|--|#/g, '');

const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '?': '?',
  "'": "'",
  '"': '"',
};
export const escapeSeqDecode: Transform = (s) =>
  s.indexOf('\\') < 0
    ? s
    : s.replace(/\\(?:x([0-9a-fA-F]{1,2})|([0-7]{1,3})|([abfnrtv\\?'"]))/g, (_m, hex, oct, ch) =>
        hex !== undefined
          ? String.fromCharCode(parseInt(hex as string, 16))
          : oct !== undefined
            ? String.fromCharCode(parseInt(oct as string, 8) & 0xff)
            : C_ESCAPES[ch as string]!,
      );

export const sqlHexDecode: Transform = (s) =>
  s.replace(/0x((?:[0-9a-fA-F]{2})+)/g, (_m, hex: string) => bytesToText(Buffer.from(hex, 'hex')));

/** Full-width ASCII keeps its meaning; any other code keeps only its low byte (AWS: "the upper byte is zeroed"). */
const lowByte = (code: number): string =>
  String.fromCharCode(code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code & 0xff);

export const jsDecode: Transform = (s) =>
  s.indexOf('\\') < 0
    ? s
    : s.replace(/\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|([\s\S]))/g, (_m, u, x, oct, ch) => {
        if (u !== undefined) return lowByte(parseInt(u as string, 16));
        if (x !== undefined) return String.fromCharCode(parseInt(x as string, 16));
        if (oct !== undefined) return String.fromCharCode(parseInt(oct as string, 8) & 0xff);
        return C_ESCAPES[ch as string] ?? (ch as string);
      });

export const cssDecode: Transform = (s) =>
  s.indexOf('\\') < 0
    ? s
    : s.replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\r\n|[\n\r\f])|([\s\S]))/g, (_m, hex, _nl, ch) => {
        if (hex !== undefined) return lowByte(parseInt(hex as string, 16));
        return ch !== undefined ? (ch as string) : '';
      });

export const normalizePath: Transform = (s) => {
  if (!/\/\/|\/\.|^\.\.?\//.test(s)) return s;
  const absolute = s.startsWith('/');
  const trailing = /\/\.{0,2}$/.test(s) && s.length > 1;
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    // A back-reference at the start stays: only those "not at the beginning of the input" are resolved.
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  let path = (absolute ? '/' : '') + out.join('/');
  if (trailing && !path.endsWith('/')) path += '/';
  return path;
};
export const normalizePathWin: Transform = (s) => normalizePath(s.replace(/\\/g, '/'));

export const removeNulls: Transform = (s) => (s.indexOf('\0') < 0 ? s : s.replace(/\0/g, ''));
export const replaceNulls: Transform = (s) => (s.indexOf('\0') < 0 ? s : s.replace(/\0/g, ' '));
export const removeWhitespace: Transform = (s) => s.replace(/[\f\t\n\r\v\u00a0 ]+/g, '');
export const trimLeft: Transform = (s) => s.replace(/^[\f\t\n\r\v\u00a0 ]+/, '');
export const trimRight: Transform = (s) => s.replace(/[\f\t\n\r\v\u00a0 ]+$/, '');
export const trim: Transform = (s) => trimRight(trimLeft(s));

export const utf8ToUnicode: Transform = (s) =>
  s.replace(/[\u0080-\u{10ffff}]/gu, (ch) => `%u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);

export const TRANSFORMS: Readonly<Record<string, Transform>> = {
  NONE: (s) => s,
  COMPRESS_WHITE_SPACE: compressWhiteSpace,
  HTML_ENTITY_DECODE: htmlEntityDecode,
  LOWERCASE: lowercase,
  UPPERCASE: uppercase,
  CMD_LINE: cmdLine,
  URL_DECODE: urlDecode,
  URL_DECODE_UNI: urlDecodeUni,
  BASE64_DECODE: base64Decode,
  BASE64_DECODE_EXT: base64DecodeExt,
  HEX_DECODE: hexDecode,
  MD5: md5,
  SHA256: sha256,
  REPLACE_COMMENTS: replaceComments,
  REMOVE_COMMENTS_CHAR: removeCommentsChar,
  ESCAPE_SEQ_DECODE: escapeSeqDecode,
  SQL_HEX_DECODE: sqlHexDecode,
  CSS_DECODE: cssDecode,
  JS_DECODE: jsDecode,
  NORMALIZE_PATH: normalizePath,
  NORMALIZE_PATH_WIN: normalizePathWin,
  REMOVE_NULLS: removeNulls,
  REPLACE_NULLS: replaceNulls,
  REMOVE_WHITESPACE: removeWhitespace,
  TRIM: trim,
  TRIM_LEFT: trimLeft,
  TRIM_RIGHT: trimRight,
  UTF8_TO_UNICODE: utf8ToUnicode,
};

/** A rule's transformations in Priority order, composed once; `key` names the chain for per-request caching. */
export interface TransformChain {
  readonly key: string;
  readonly apply: Transform;
  /** The transformations, in the order they apply. */
  readonly steps: readonly Transform[];
  /** `prefixKeys[k]` names the chain of the first k steps (`prefixKeys[0]` is '', the last is `key`). */
  readonly prefixKeys: readonly string[];
}

export class UnsupportedTransformationError extends Error {}

export function compileTransforms(list: readonly TextTransformation[] | undefined): TransformChain {
  const sorted = [...(list ?? [])].sort((a, b) => a.Priority - b.Priority).filter((t) => t.Type !== 'NONE');
  const fns = sorted.map((t) => {
    const fn = TRANSFORMS[t.Type];
    // CMD_LINE_WIN, CMD_LINE_UNIX and JS_DECODE_EXT are in the model but AWS documents no exact semantics for them yet.
    if (!fn) throw new UnsupportedTransformationError(`Text transformation ${t.Type} is not supported by Warden.`);
    return fn;
  });
  const types = sorted.map((t) => t.Type);
  const key = types.join(',');
  const prefixKeys = types.map((_, k) => types.slice(0, k).join(',')).concat(key);
  if (fns.length === 0) return { key, apply: (s) => s, steps: fns, prefixKeys };
  if (fns.length === 1) return { key, apply: fns[0]!, steps: fns, prefixKeys };
  return {
    key,
    apply: (s) => {
      let v = s;
      for (const fn of fns) v = fn(v);
      return v;
    },
    steps: fns,
    prefixKeys,
  };
}
