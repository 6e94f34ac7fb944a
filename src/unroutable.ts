// Answers for requests no service claims: a call for a service Warden does not serve names it and the ones it does.
import type { HttpRequest } from './aws/http.js';
import { AwsError } from './aws/error.js';
import { loadModel, type ModelName, type Protocol, type ServiceModel } from './aws/model.js';
import { queryParams } from './aws/protocols/params.js';
import { capText } from './audit/record-caps.js';
import type { ServiceDescriptor } from './core/runtime.js';

/** A requested service name is the client's to choose, of any length: an error quotes at most this much of it. */
const SERVICE_NAME_CAP = 64;

/** The services a runtime answers: built (served) and only modelled (each operation answers 501 NotImplemented). */
export function servedServices(services: ReadonlyMap<ModelName, ServiceDescriptor>): {
  served: ModelName[];
  notImplemented: ModelName[];
} {
  const all = [...services.values()].sort((a, b) => a.model.localeCompare(b.model));
  return {
    served: all.filter((s) => s.provider).map((s) => s.model),
    notImplemented: all.filter((s) => !s.provider).map((s) => s.model),
  };
}

/** The service a request names without Warden knowing it: its SigV4 scope's, else its X-Amz-Target's prefix. */
function requestedService(req: HttpRequest, signingService: string | undefined): string | undefined {
  if (signingService) return signingService;
  const target = req.headers['x-amz-target'];
  if (target === undefined) return undefined;
  const dot = target.lastIndexOf('.');
  return (dot < 0 ? target : target.slice(0, dot)) || undefined;
}

/**
 * The protocol the client speaks, so its SDK can read the error: a JSON target or body (`application/x-amz-json-*`)
 * is json, an Action or a form body is query, anything else (`GET /findings`, `application/json`) rest-json.
 */
function requestProtocol(req: HttpRequest): Protocol {
  const type = req.headers['content-type'] ?? '';
  if (req.headers['x-amz-target'] !== undefined || type.includes('x-amz-json')) return 'json';
  if (type.includes('x-www-form-urlencoded') || queryParams(req).get('Action') !== undefined) return 'query';
  return 'rest-json';
}

/** A model of the runtime's that speaks `protocol`, to encode the error in its shape (query when none does). */
function modelSpeaking(protocol: Protocol, services: ReadonlyMap<ModelName, ServiceDescriptor>): ModelName {
  const names = [...services.keys()];
  return (
    names.find((name) => loadModel(name).metadata.protocol === protocol) ??
    names.find((name) => loadModel(name).metadata.protocol === 'query') ??
    'sts'
  );
}

/**
 * The answer to a request no service claims: the error, and the model whose protocol it is written in.
 *
 * A request that names a service Warden does not serve (signed for `securityhub`, or an X-Amz-Target of an unknown
 * service): AWS's own front door never sees one, as each service has its own endpoint; a request signed for one
 * service but sent to another's answers "Credential should be scoped to correct service" (403 SignatureDoesNotMatch,
 * 400 InvalidSignatureException), which reads like a credentials problem, as MissingAuthenticationToken did here.
 * Warden serves every service at one endpoint, so the truthful answer is that this endpoint has no such operation:
 * AWS's code for an operation an endpoint does not know (InvalidAction for query clients, UnknownOperationException
 * for JSON ones), 400 (the client's mistake, not retried), with a message naming the service and those served.
 *
 * A request that names no service at all (unsigned, no target, no Action or path any model has) gets what AWS's
 * front door answers such a request: 403 MissingAuthenticationToken.
 *
 * Neither gets an audit record: a CloudTrail record's eventSource is the service's endpoint, and a service Warden does
 * not serve has none. The call is still counted in the metrics and the request log, under service `unknown`.
 */
export function unroutableAnswer(
  req: HttpRequest,
  signingService: string | undefined,
  services: ReadonlyMap<ModelName, ServiceDescriptor>,
): { error: AwsError; model: ServiceModel } {
  const name = requestedService(req, signingService);
  if (name === undefined) {
    const error = new AwsError('MissingAuthenticationToken', 'Missing Authentication Token', { status: 403 });
    return { error, model: loadModel(modelSpeaking('query', services)) };
  }
  const { served, notImplemented } = servedServices(services);
  const message =
    `Warden does not serve the service '${capText(name, SERVICE_NAME_CAP)}'. Services served: ${served.join(', ')}` +
    (notImplemented.length > 0 ? ` (${notImplemented.join(', ')}: modelled, answering 501 NotImplemented).` : '.');
  const protocol = requestProtocol(req);
  const code = protocol === 'query' ? 'InvalidAction' : 'UnknownOperationException';
  return {
    error: new AwsError(code, message, { status: 400, fault: 'Sender' }),
    model: loadModel(modelSpeaking(protocol, services)),
  };
}
