// The page `GET /` answers: what is running here and how to point the AWS CLI and SDKs at it; never a secret.

export interface LandingInfo {
  version: string;
  endpoint: string;
  accountId: string;
  served: readonly string[];
  notImplemented: readonly string[];
  /** Where the first start wrote the root access key (the path only; the key stays in the file). */
  credentialsFile: string;
}

export interface LandingPage {
  contentType: string;
  headers: Record<string, string>;
  body: string;
}

/** Every string goes through this before it is HTML: the endpoint comes from the request's Host header. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page's content as lines of text, each a [label, value] or a command to copy. */
function sections(info: LandingInfo): { title: string; lines: string[] }[] {
  return [
    {
      title: `Warden ${info.version}: a self-hosted, AWS-compatible cloud security control plane`,
      lines: [
        `Endpoint: ${info.endpoint}`,
        `Account: ${info.accountId}`,
        `Services served: ${info.served.join(', ')}`,
        ...(info.notImplemented.length > 0
          ? [`Modelled, answering 501 NotImplemented until built: ${info.notImplemented.join(', ')}`]
          : []),
      ],
    },
    {
      title: 'Point the AWS CLI at it (or set AWS_ENDPOINT_URL for any SDK):',
      lines: [`aws configure set endpoint_url ${info.endpoint}`, `export AWS_ENDPOINT_URL=${info.endpoint}`],
    },
    {
      title: `The first start wrote the root access key to ${info.credentialsFile} (mode 0600):`,
      lines: [`AWS_SHARED_CREDENTIALS_FILE=${info.credentialsFile} aws sts get-caller-identity --region us-east-1`],
    },
    {
      title: 'Operations:',
      lines: ['GET /_warden/health: liveness', 'GET /metrics: Prometheus metrics'],
    },
  ];
}

function text(info: LandingInfo): string {
  return (
    sections(info)
      .map(({ title, lines }) => [title, ...lines.map((l) => `  ${l}`)].join('\n'))
      .join('\n\n') + '\n'
  );
}

function html(info: LandingInfo): string {
  const [head, ...rest] = sections(info);
  const list = (lines: string[]) => `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
  const code = (lines: string[]) => `<pre>${lines.map(escapeHtml).join('\n')}</pre>`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Warden</title>',
    '<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}',
    'pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}</style></head><body>',
    `<h1>${escapeHtml(head.title)}</h1>`,
    list(head.lines),
    ...rest.map(
      ({ title, lines }, i) => `<h2>${escapeHtml(title)}</h2>${i === rest.length - 1 ? list(lines) : code(lines)}`,
    ),
    '</body></html>',
    '',
  ].join('\n');
}

/** The page in HTML when the client accepts it (a browser), else plain text (curl). */
export function landingPage(info: LandingInfo, accept: string | undefined): LandingPage {
  const headers = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
  if (accept?.includes('text/html')) {
    return {
      contentType: 'text/html; charset=utf-8',
      // Nothing on the page runs or loads anything: the policy says so to the browser too.
      headers: { ...headers, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
      body: html(info),
    };
  }
  return { contentType: 'text/plain; charset=utf-8', headers, body: text(info) };
}

/** The endpoint as the client reached it, when its Host header is a plain host[:port]; else the listen address. */
export function endpointFor(protocol: string, host: string | undefined, listenAddress: string): string {
  return host !== undefined && /^[A-Za-z0-9.\-:[\]]{1,261}$/.test(host) ? `${protocol}://${host}` : listenAddress;
}
