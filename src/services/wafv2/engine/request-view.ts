// One request as the engine inspects it: components parsed lazily, once, and the labels and caches of this evaluation.
import type { InspectedRequest } from '../../../core/traffic.js';
import { readJsonTokens, type JsonTokens } from './json-tokens.js';

/** AWS inspects at most the first 8 KB and 200 of the headers, and of the cookies; past that is oversize. */
export const HEADER_INSPECTION_BYTES = 8192;
export const HEADER_INSPECTION_COUNT = 200;

export interface Inspected<T> {
  readonly items: T;
  readonly oversize: boolean;
}

export class RequestView {
  /** Labels added so far, fully qualified, in order; `labelSet` mirrors it for lookups. */
  readonly labels: string[] = [];
  readonly labelSet = new Set<string>();
  /** Field values by InspectionSlots number (a field after some transformations), so rules sharing them do the work once. */
  readonly values: (readonly string[] | undefined)[] = [];
  /** Per injection probe (by index): 1 when libinjection found an attack. Filled on first use. */
  injectionResults: Uint8Array | undefined;
  private headerMap?: Map<string, string[]>;
  private inspectedHeaders?: Inspected<readonly (readonly [string, string])[]>;
  private cookieList?: Inspected<readonly (readonly [string, string])[]>;
  private queryArgs?: readonly (readonly [string, string])[];
  private bodyString?: string;
  private json?: JsonTokens;

  constructor(readonly request: InspectedRequest) {}

  addLabel(label: string): void {
    if (this.labelSet.has(label)) return;
    this.labelSet.add(label);
    this.labels.push(label);
  }

  /** Values of every header with this (lower-case) name, in order. */
  header(lowerName: string): readonly string[] {
    if (!this.headerMap) {
      const map = new Map<string, string[]>();
      for (const [name, value] of this.request.headers) {
        const key = name.toLowerCase();
        const list = map.get(key);
        if (list) list.push(value);
        else map.set(key, [value]);
      }
      this.headerMap = map;
    }
    return this.headerMap.get(lowerName) ?? [];
  }

  /** The headers within AWS's inspection limits, and whether there were more. */
  headers(): Inspected<readonly (readonly [string, string])[]> {
    if (!this.inspectedHeaders) {
      const all = this.request.headers;
      let bytes = 0;
      let count = 0;
      for (const [name, value] of all) {
        const size = name.length + value.length + 4;
        if (count >= HEADER_INSPECTION_COUNT || bytes + size > HEADER_INSPECTION_BYTES) break;
        bytes += size;
        count++;
      }
      this.inspectedHeaders = { items: count === all.length ? all : all.slice(0, count), oversize: count < all.length };
    }
    return this.inspectedHeaders;
  }

  cookies(): Inspected<readonly (readonly [string, string])[]> {
    if (!this.cookieList) {
      const out: [string, string][] = [];
      let bytes = 0;
      let oversize = false;
      for (const line of this.header('cookie')) {
        for (const part of line.split(';')) {
          const trimmed = part.trim();
          if (trimmed === '') continue;
          if (out.length >= HEADER_INSPECTION_COUNT || bytes + trimmed.length > HEADER_INSPECTION_BYTES) {
            oversize = true;
            break;
          }
          bytes += trimmed.length;
          const eq = trimmed.indexOf('=');
          out.push(eq < 0 ? [trimmed, ''] : [trimmed.slice(0, eq), trimmed.slice(eq + 1)]);
        }
      }
      this.cookieList = { items: out, oversize };
    }
    return this.cookieList;
  }

  /** Query arguments as sent (not decoded: decoding is a text transformation's job). */
  queryArguments(): readonly (readonly [string, string])[] {
    if (!this.queryArgs) {
      const out: [string, string][] = [];
      if (this.request.query !== '') {
        for (const part of this.request.query.split('&')) {
          if (part === '') continue;
          const eq = part.indexOf('=');
          out.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
        }
      }
      this.queryArgs = out;
    }
    return this.queryArgs;
  }

  body(): string {
    this.bodyString ??= this.request.body.toString('utf8');
    return this.bodyString;
  }

  jsonBody(): JsonTokens {
    this.json ??= readJsonTokens(this.body());
    return this.json;
  }
}
