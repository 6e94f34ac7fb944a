// The restXml protocol (Route 53): input bound from URI labels, query string, headers and an XML body; XML answers.
import { AwsError } from '../error.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { Operation, ServiceModel, ShapeRef } from '../model.js';
import { InputValidationError, validateInput } from '../validate.js';
import type { Codec } from './codec-contract.js';
import { resolveError } from './errors.js';
import { isHttpBound, readHttpBindings, writeHttpBinding, type Malformed } from './http-binding.js';
import { operationOf } from './operations.js';
import { errorShapeFor, shapeOf, structureInfo } from './shapes.js';
import { toBytes } from './values.js';
import { escapeXml, XmlWriter } from './xml.js';
import { parseXmlBody, readBodyMembers, readXml } from './xml-values.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * The error for input the service cannot read or that breaks the model's constraints. Route 53 answers both as
 * InvalidInput (400), unreadable XML as `Invalid XML ; <the parser's reason>`; a rest-xml model without that error
 * (S3) answers MalformedXML, as S3 does.
 */
function inputErrorCode(model: ServiceModel): string {
  return errorShapeFor(model, 'InvalidInput') ? 'InvalidInput' : 'MalformedXML';
}

function malformedFor(model: ServiceModel): Malformed {
  const code = inputErrorCode(model);
  return (message) => new AwsError(code, `Invalid XML ; ${message}`, { status: 400, fault: 'Sender' });
}

const namespaces = new WeakMap<ServiceModel, string | undefined>();

function namespaceUri(ref: ShapeRef | undefined): string | undefined {
  const ns = ref?.xmlNamespace;
  if (typeof ns === 'string') return ns;
  if (ns && typeof ns === 'object' && typeof (ns as { uri?: unknown }).uri === 'string') {
    return (ns as { uri: string }).uri;
  }
  return undefined;
}

/**
 * The service's XML namespace: the model's metadata, else the one its operations' inputs declare (botocore's
 * Route 53 model names it only on the request bodies; its answers carry the same one).
 */
function modelNamespace(model: ServiceModel): string | undefined {
  if (namespaces.has(model)) return namespaces.get(model);
  const declared = (model.metadata as { xmlNamespace?: unknown }).xmlNamespace;
  let ns = typeof declared === 'string' ? declared : namespaceUri({ shape: '', xmlNamespace: declared });
  if (!ns) {
    for (const op of Object.values(model.operations)) {
      ns = namespaceUri(op.output) ?? namespaceUri(op.input);
      if (ns) break;
    }
  }
  namespaces.set(model, ns);
  return ns;
}

function namespaceAttribute(model: ServiceModel, op?: Operation): string {
  const ns = namespaceUri(op?.output) ?? modelNamespace(model);
  return ns ? ` xmlns="${escapeXml(ns)}"` : '';
}

function xmlHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

export const restXmlCodec: Codec = {
  decodeInput(model: ServiceModel, operation: string, req: HttpRequest, pathParams = {}): Record<string, unknown> {
    const op = operationOf(model, operation);
    if (!op.input) return {};
    const malformed = malformedFor(model);
    const shape = shapeOf(model, op.input);
    const { members } = structureInfo(model, shape);
    const input: Record<string, unknown> = {};
    readHttpBindings(model, members, req, pathParams, input, malformed);
    const payload = shape.payload ? structureInfo(model, shape).byName.get(shape.payload) : undefined;
    if (payload && payload.shape.type !== 'structure') {
      // A blob or string payload is the body itself.
      if (req.body.length > 0) {
        input[payload.name] = payload.shape.type === 'blob' ? req.body : req.body.toString('utf8');
      }
    } else if (members.some((m) => !isHttpBound(m))) {
      const body = parseXmlBody(req.body, malformed);
      if (body) {
        if (payload) {
          // The payload structure is the root element itself.
          const value = readXml(model, payload.ref, payload.shape, body.node, body.name, malformed);
          if (value !== undefined) input[payload.name] = value;
        } else {
          Object.assign(input, readBodyMembers(model, shape, body.node, body.name, malformed));
        }
      }
    }
    try {
      validateInput(model, op.input, input, 'json');
    } catch (err) {
      if (err instanceof InputValidationError) {
        throw new AwsError(inputErrorCode(model), err.message, { status: 400, fault: 'Sender' });
      }
      throw err;
    }
    return input;
  },

  encodeOutput(model: ServiceModel, operation: string, output: unknown, requestId: string): HttpResponse {
    const op = operationOf(model, operation);
    let status = op.http.responseCode ?? 200;
    const headers = xmlHeaders(requestId);
    if (!op.output) return { status, headers, body: '' };
    const shape = shapeOf(model, op.output);
    const record = (output ?? {}) as Record<string, unknown>;
    const xml = new XmlWriter(model);
    let payload: string | Buffer | undefined;
    for (const member of structureInfo(model, shape).members) {
      const value = record[member.name];
      if (value === undefined || value === null) continue;
      const bound = writeHttpBinding(member, value, headers);
      if (typeof bound === 'number') status = bound;
      if (bound !== false) continue;
      if (shape.payload === member.name) {
        if (member.shape.type === 'blob') {
          payload = toBytes(value);
          headers['content-type'] = 'application/octet-stream';
        } else if (member.shape.type === 'string') {
          payload = String(value);
          headers['content-type'] = 'text/plain';
        } else {
          const root = member.ref.locationName ?? member.shape.locationName ?? member.name;
          const inner = new XmlWriter(model).members(member.shape, value).toString();
          payload = `${XML_DECLARATION}<${root}${namespaceAttribute(model, op)}>${inner}</${root}>`;
        }
      } else {
        xml.member(member.wire, member.ref, member.shape, value);
      }
    }
    if (payload !== undefined) return { status, headers, body: payload };
    if (shape.payload) return { status, headers, body: '' };
    const root = op.output.locationName ?? shape.locationName ?? op.output.shape;
    const body = `${XML_DECLARATION}<${root}${namespaceAttribute(model, op)}>${xml.toString()}</${root}>`;
    return { status, headers, body };
  },

  encodeError(model: ServiceModel, err: AwsError, requestId: string): HttpResponse {
    const { status, fault, shape } = resolveError(model, err);
    // botocore's RestXMLParser and the JS SDK read Error/Code and Error/Message under ErrorResponse, RequestId beside.
    const xml = new XmlWriter(model).raw(`${XML_DECLARATION}<ErrorResponse${namespaceAttribute(model)}><Error>`);
    xml.element('Type', fault).element('Code', err.code);
    if (err.message !== '') xml.element('Message', err.message);
    for (const [name, value] of Object.entries(err.fields ?? {})) {
      if (value === undefined || value === null || name === 'Type' || name === 'Code' || name === 'Message') continue;
      const member = shape ? structureInfo(model, shape.shape).byName.get(name) : undefined;
      if (member?.ref.location === 'header') continue;
      if (member) xml.member(member.wire, member.ref, member.shape, value);
      else xml.element(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
    xml.raw('</Error>').element('RequestId', requestId).raw('</ErrorResponse>');
    return { status, headers: { ...xmlHeaders(requestId), ...err.headers }, body: xml.toString() };
  },
};
