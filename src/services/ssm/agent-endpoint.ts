// The HTTP face of registration (POST /_warden/ssm/register and /_warden/ssm/renew), framework-free for src/server.ts.
import type { Runtime } from '../../core/runtime.js';
import { AgentError, registerInstance, renewCredentials } from './registration.js';

/** The paths the server routes here. */
export const AGENT_PATHS = { register: '/_warden/ssm/register', renew: '/_warden/ssm/renew' } as const;
/** Registration bodies are a few hundred bytes: anything much larger is refused unread. */
const MAX_BODY_BYTES = 8 * 1024;

export interface AgentResponse {
  status: number;
  body: string;
}

function answer(status: number, value: unknown): AgentResponse {
  return { status, body: JSON.stringify(value) };
}

/** Answers one agent call; every refusal is `{"__type", "message"}` as the JSON protocols word errors. */
export async function handleAgentCall(
  runtime: Runtime,
  path: string,
  body: Buffer | undefined,
  now: Date,
  sourceIp: string,
): Promise<AgentResponse> {
  try {
    if (body === undefined || body.length > MAX_BODY_BYTES) {
      throw new AgentError('ValidationException', `The request body must be JSON of at most ${MAX_BODY_BYTES} bytes.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new AgentError('SerializationException', 'The request body is not JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AgentError('SerializationException', 'The request body must be a JSON object.');
    }
    const input = parsed as Record<string, unknown>;
    if (path === AGENT_PATHS.register) return answer(200, await registerInstance(runtime, input, now, sourceIp));
    if (path === AGENT_PATHS.renew) return answer(200, await renewCredentials(runtime, input, now));
    throw new AgentError('UnknownOperationException', 'No such agent operation.', 404);
  } catch (err) {
    if (err instanceof AgentError) return answer(err.status, { __type: err.code, message: err.message });
    runtime.log.error({ err }, 'ssm agent endpoint failed');
    return answer(500, { __type: 'InternalServerError', message: 'An error occurred on the server side.' });
  }
}
