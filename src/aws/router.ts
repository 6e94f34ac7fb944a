// Finds the service and operation a request addresses, from the models: X-Amz-Target, Action, or requestUri templates.
import type { HttpRequest } from './http.js';
import { loadModel, vendoredModelNames, type ModelName, type Operation } from './model.js';
import { queryParams } from './protocols/params.js';

export { unknownOperationError } from './protocols/operations.js';

export interface RouteMatch {
  service: ModelName;
  /** undefined = the service is known but the action is not one of its operations. */
  operation: string | undefined;
  /** rest-json URI labels, decoded, keyed by the label name in the template. */
  pathParams?: Record<string, string>;
  /** The operation name the request asked for (Action or X-Amz-Target), known or not. */
  requestedName?: string;
}

interface CompiledRoute {
  readonly operation: string;
  readonly regex: RegExp;
  readonly labels: readonly { name: string; greedy: boolean }[];
  /** Query parameters the template requires (`?tagKeys`, `?x-id=Foo`), with the value when one is fixed. */
  readonly requiredQuery: readonly (readonly [string, string | undefined])[];
  /** Orders overlapping templates: more literal text first, greedy labels last. */
  readonly rank: number;
}

interface RouteTable {
  readonly byTargetPrefix: ReadonlyMap<string, ModelName>;
  readonly bySigningName: ReadonlyMap<string, ModelName>;
  /** Action name → the query-protocol services that have it. */
  readonly queryActions: ReadonlyMap<string, readonly ModelName[]>;
  /** REST (rest-json, rest-xml) routes per service, per HTTP method, most specific first. */
  readonly restRoutes: ReadonlyMap<ModelName, ReadonlyMap<string, readonly CompiledRoute[]>>;
}

let table: RouteTable | undefined;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileRoute(operation: Operation): CompiledRoute {
  const [pathPart, queryPart = ''] = operation.http.requestUri.split('?', 2);
  const labels: { name: string; greedy: boolean }[] = [];
  let source = '^';
  let literal = 0;
  for (const piece of pathPart.split(/(\{[^}]+\})/)) {
    if (piece.startsWith('{') && piece.endsWith('}')) {
      const inner = piece.slice(1, -1);
      const greedy = inner.endsWith('+');
      labels.push({ name: greedy ? inner.slice(0, -1) : inner, greedy });
      source += greedy ? '(.+)' : '([^/]+)';
    } else {
      source += escapeRegex(piece);
      literal += piece.length;
    }
  }
  source += pathPart.endsWith('/') ? '$' : '/?$';
  const requiredQuery = queryPart
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? ([pair, undefined] as const) : ([pair.slice(0, eq), pair.slice(eq + 1)] as const);
    });
  const greedy = labels.some((l) => l.greedy);
  return {
    operation: operation.name,
    regex: new RegExp(source),
    labels,
    requiredQuery,
    rank: literal * 10 + requiredQuery.length * 5 - (greedy ? 1000 : 0),
  };
}

function buildTable(): RouteTable {
  const byTargetPrefix = new Map<string, ModelName>();
  const bySigningName = new Map<string, ModelName>();
  const queryActions = new Map<string, ModelName[]>();
  const restRoutes = new Map<ModelName, Map<string, CompiledRoute[]>>();
  for (const name of vendoredModelNames()) {
    const model = loadModel(name);
    const { metadata } = model;
    bySigningName.set(metadata.signingName ?? metadata.endpointPrefix, name);
    if (metadata.protocol === 'json' && metadata.targetPrefix) {
      // CloudTrail's prefix is a Smithy namespace (com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101);
      // botocore sends it whole, the JS SDK only its last part: both reach the service.
      byTargetPrefix.set(metadata.targetPrefix, name);
      byTargetPrefix.set(metadata.targetPrefix.slice(metadata.targetPrefix.lastIndexOf('.') + 1), name);
    }
    if (metadata.protocol === 'query') {
      for (const action of Object.keys(model.operations)) {
        queryActions.set(action, [...(queryActions.get(action) ?? []), name]);
      }
    }
    if (metadata.protocol === 'rest-json' || metadata.protocol === 'rest-xml') {
      const byMethod = new Map<string, CompiledRoute[]>();
      for (const operation of Object.values(model.operations)) {
        const method = operation.http.method.toUpperCase();
        byMethod.set(method, [...(byMethod.get(method) ?? []), compileRoute(operation)]);
      }
      for (const routes of byMethod.values()) routes.sort((a, b) => b.rank - a.rank);
      restRoutes.set(name, byMethod);
    }
  }
  return { byTargetPrefix, bySigningName, queryActions, restRoutes };
}

function routes(): RouteTable {
  table ??= buildTable();
  return table;
}

function matchRoute(route: CompiledRoute, req: HttpRequest): Record<string, string> | undefined {
  const match = route.regex.exec(req.path);
  if (!match) return undefined;
  for (const [name, value] of route.requiredQuery) {
    const actual = req.query[name];
    if (actual === undefined) return undefined;
    if (value !== undefined && (Array.isArray(actual) ? !actual.includes(value) : actual !== value)) return undefined;
  }
  const params: Record<string, string> = {};
  try {
    route.labels.forEach((label, i) => {
      params[label.name] = decodeURIComponent(match[i + 1]);
    });
  } catch {
    return undefined; // a malformed percent-escape matches nothing
  }
  return params;
}

function matchRestJson(service: ModelName, req: HttpRequest): RouteMatch | undefined {
  const candidates = routes().restRoutes.get(service)?.get(req.method.toUpperCase()) ?? [];
  for (const route of candidates) {
    const pathParams = matchRoute(route, req);
    if (pathParams) return { service, operation: route.operation, pathParams, requestedName: route.operation };
  }
  return undefined;
}

function routeByAction(service: ModelName, action: string | undefined): RouteMatch {
  const known = action !== undefined && Object.hasOwn(loadModel(service).operations, action);
  return { service, operation: known ? action : undefined, requestedName: action };
}

function routeUnsigned(req: HttpRequest): RouteMatch | undefined {
  const table = routes();
  const action = queryParams(req).get('Action');
  if (action !== undefined) {
    const services = table.queryActions.get(action);
    return services?.length === 1 ? routeByAction(services[0], action) : undefined;
  }
  // Several rest-json services could share a path: without a signature, only an unambiguous match counts.
  const matches = [...table.restRoutes.keys()]
    .map((service) => matchRestJson(service, req))
    .filter((m): m is RouteMatch => m !== undefined);
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The service and operation a request addresses. signingService: the service from the SigV4 credential
 * scope if the request is signed. Returns undefined when no service can be determined; operation is
 * undefined when the service is known but the action is not (see unknownOperationError).
 */
export function routeRequest(req: HttpRequest, signingService?: string): RouteMatch | undefined {
  const table = routes();
  const signed = signingService === undefined ? undefined : table.bySigningName.get(signingService);
  const target = req.headers['x-amz-target'];
  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    const prefix = dot < 0 ? target : target.slice(0, dot);
    const name = dot < 0 ? '' : target.slice(dot + 1);
    const service = table.byTargetPrefix.get(prefix);
    if (service) return routeByAction(service, name);
    if (signed && loadModel(signed).metadata.protocol === 'json') {
      return { service: signed, operation: undefined, requestedName: name || undefined };
    }
  }
  if (signed) {
    switch (loadModel(signed).metadata.protocol) {
      case 'query':
        return routeByAction(signed, queryParams(req).get('Action'));
      case 'rest-json':
      case 'rest-xml':
        return matchRestJson(signed, req) ?? { service: signed, operation: undefined };
      default:
        return { service: signed, operation: undefined };
    }
  }
  return routeUnsigned(req);
}
