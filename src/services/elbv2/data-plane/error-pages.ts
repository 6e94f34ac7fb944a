// The answers the load balancer itself gives (502, 503, 504, 500...): ALB's small HTML page and `Server: awselb/2.0`.
import { STATUS_CODES } from 'node:http';
import type { ServerResponse } from 'node:http';

/** ALB's error page: the status line as title and heading, nothing else (no detail about the target leaks). */
export function errorPage(status: number): string {
  const line = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${line}</title></head>\r\n<body>\r\n<center><h1>${line}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/** Answers with the load balancer's own error page, unless headers already went out (then the connection is cut). */
export function sendError(res: ServerResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errorPage(status);
  res.writeHead(status, {
    Server: 'awselb/2.0',
    'Content-Type': 'text/html',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
