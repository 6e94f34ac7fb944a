// What every protocol needs to render an AwsError: its HTTP status, fault side and the model's error shape.
import { ERROR_STATUS, type AwsError, type Fault } from '../error.js';
import type { ServiceModel } from '../model.js';
import { errorShapeFor, structureInfo, type ErrorShapeInfo, type MemberInfo } from './shapes.js';

export interface ResolvedError {
  status: number;
  fault: Fault;
  shape: ErrorShapeInfo | undefined;
}

/**
 * Status: one set explicitly on the error, else the model's httpStatusCode for that code, else the
 * shared code table's (AwsError fills it in from ERROR_STATUS, which is only the fallback: a status
 * equal to the table's is taken as not chosen), else 500 for a Receiver fault and 400 otherwise.
 */
export function resolveError(model: ServiceModel, err: AwsError): ResolvedError {
  const shape = errorShapeFor(model, err.code);
  const modelled = shape?.shape.error;
  const explicit = err.status !== undefined && err.status !== ERROR_STATUS[err.code] ? err.status : undefined;
  const status = explicit ?? modelled?.httpStatusCode ?? err.status ?? (err.fault === 'Receiver' ? 500 : 400);
  const receiver = !modelled?.senderFault && (shape?.shape.fault === true || status >= 500);
  const fault = err.fault ?? (receiver ? 'Receiver' : 'Sender');
  return { status, fault, shape };
}

/** The error shape's message member (some services spell it Message), so the body uses its casing. */
export function messageMember(model: ServiceModel, shape: ErrorShapeInfo | undefined): MemberInfo | undefined {
  if (!shape) return undefined;
  const { members } = structureInfo(model, shape.shape);
  return members.find((m) => m.name.toLowerCase() === 'message' || m.wire.toLowerCase() === 'message');
}
