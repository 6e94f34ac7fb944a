// The request log: one line per AWS API request, named only by model names and what Warden answered; never a secret.
import type { Logger } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import type { ModelName } from './aws/model.js';
import { labelsFrom } from './metrics.js';
import type { HandledRequest } from './pipeline.js';

/** The message of every request line (what a collector filters on). */
export const REQUEST_MESSAGE = 'request';

/**
 * One request's line. Every field is Warden's own or bounded: the service and operation are model names (any other
 * name a client asked for is `unknown`, as in the metrics), the status and error code Warden answered, the principal
 * an ARN authentication resolved, the access key id only when it has an access key id's shape. No header, body,
 * secret or session token is ever handed to the logger.
 */
export interface RequestLine {
  requestId: string;
  service: string;
  operation: string;
  status: number;
  errorCode?: string;
  durationMs: number;
  principal?: string;
  accessKeyId?: string;
  sourceIp: string;
}

/** IAM's AccessKeyId shape ([\w]+, 16 to 128 characters): what a failed caller sent otherwise is not repeated. */
const ACCESS_KEY_ID = /^\w{16,128}$/;

/** Writes request lines at info; `services`: the model names that may name a request (the runtime's services). */
export function createRequestLog(
  log: Logger,
  services: Iterable<ModelName>,
): (handled: HandledRequest, sourceIp: string, durationMs: number) => void {
  const labels = labelsFrom(services);
  return (handled, sourceIp, durationMs) => {
    const [service, operation] = labels(handled.service, handled.operation);
    const line: RequestLine = {
      requestId: handled.requestId,
      service,
      operation,
      status: handled.response.status,
      errorCode: handled.errorCode,
      durationMs: Math.round(durationMs * 100) / 100,
      principal: handled.principal,
      accessKeyId:
        handled.accessKeyId !== undefined && ACCESS_KEY_ID.test(handled.accessKeyId) ? handled.accessKeyId : undefined,
      sourceIp,
    };
    log.info(line, REQUEST_MESSAGE);
  };
}

/** The request line's fields, which the pretty format writes into the message rather than below it. */
const LINE_FIELDS: readonly (keyof RequestLine)[] = [
  'requestId',
  'service',
  'operation',
  'status',
  'errorCode',
  'durationMs',
  'principal',
  'accessKeyId',
  'sourceIp',
];

/** A request line as a person reads it: `iam:CreateUser 200 4.1ms principal=arn:… ip=127.0.0.1 key=AKIA… id=…`. */
function formatRequestLine(line: Record<string, unknown>): string {
  const parts = [`${String(line.service)}:${String(line.operation)}`, String(line.status)];
  if (line.errorCode !== undefined) parts.push(String(line.errorCode));
  parts.push(
    `${String(line.durationMs)}ms`,
    `principal=${line.principal === undefined ? '-' : String(line.principal)}`,
  );
  parts.push(`ip=${String(line.sourceIp)}`);
  if (line.accessKeyId !== undefined) parts.push(`key=${String(line.accessKeyId)}`);
  parts.push(`id=${String(line.requestId)}`);
  return parts.join(' ');
}

/**
 * pino-pretty's options for a terminal: a request is one line; any other message keeps its fields below it, save
 * the request fields (a request id on an error line) which follow the message as `name=value`.
 */
export function prettyOptions(): PrettyOptions {
  return {
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: ['pid', 'hostname', ...LINE_FIELDS].join(','),
    messageFormat: (log, messageKey) => {
      if (log[messageKey] === REQUEST_MESSAGE && typeof log.status === 'number') return formatRequestLine(log);
      const extras = LINE_FIELDS.filter((field) => log[field] !== undefined).map(
        (field) => `${field}=${String(log[field])}`,
      );
      return [String(log[messageKey] ?? ''), ...extras].join(' ');
    },
  };
}
