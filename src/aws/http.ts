// The protocol-neutral HTTP request and response the router and codecs work on (the server adapts to these).

export interface HttpRequest {
  method: string;
  /** The path exactly as received (still percent-encoded), without the query string. */
  path: string;
  /** Query-string parameters, decoded; a repeated name gives an array. */
  query: Record<string, string | string[]>;
  /** The raw query string, without the leading '?'. */
  rawQuery: string;
  /** Header names lower-cased; repeated headers joined as they arrived. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}
