// A redirect action's Location: AWS's #{protocol}/#{host}/#{port}/#{path}/#{query} keywords filled from the request.
import type { ActionConfig } from './config.js';

type Redirect = Extract<ActionConfig, { type: 'redirect' }>;

/** The parts of the original URL the keywords stand for, as AWS defines them. */
export interface OriginalUrl {
  /** The listener's protocol, `http` or `https`. */
  readonly protocol: 'http' | 'https';
  /** The Host header without its port. */
  readonly host: string;
  /** The listener's port. */
  readonly port: number;
  /** The path as sent, with its leading `/`. */
  readonly path: string;
  /** The query string as sent, without `?`. */
  readonly query: string;
}

/** Replaces every keyword in a component; each keyword's value is the original's (#{path} without its leading `/`). */
function fill(template: string, url: OriginalUrl): string {
  return template.replace(/#\{(protocol|host|port|path|query)\}/g, (_, key: string) => {
    switch (key) {
      case 'protocol':
        return url.protocol;
      case 'host':
        return url.host;
      case 'port':
        return String(url.port);
      case 'path':
        return url.path.replace(/^\//, '');
      default:
        return url.query;
    }
  });
}

/** The Location header and status for a redirect action. */
export function redirectLocation(action: Redirect, url: OriginalUrl): { status: 301 | 302; location: string } {
  const protocol = fill(action.protocol, url).toLowerCase();
  const host = fill(action.host, url);
  const port = fill(action.port, url);
  let path = fill(action.path, url);
  if (!path.startsWith('/')) path = `/${path}`;
  const query = fill(action.query, url);
  // The protocol's default port is left out of the URL, as browsers and ALB write it.
  const defaultPort = (protocol === 'https' && port === '443') || (protocol === 'http' && port === '80');
  const authority = defaultPort ? host : `${host}:${port}`;
  return {
    status: action.statusCode === 'HTTP_301' ? 301 : 302,
    location: `${protocol}://${authority}${path}${query === '' ? '' : `?${query}`}`,
  };
}
