// Looks up a model's operation, and words the error AWS gives for an operation it does not have.
import { AwsError } from '../error.js';
import type { Operation, ServiceModel } from '../model.js';

/**
 * What AWS answers for an action it does not know: InvalidAction (query services; MissingAction when
 * no Action was sent at all) or UnknownOperationException with no message (JSON and rest-json).
 */
export function unknownOperationError(model: ServiceModel, name: string | undefined): AwsError {
  if (model.metadata.protocol === 'query') {
    if (!name) return new AwsError('MissingAction', 'Missing Action', { status: 400, fault: 'Sender' });
    return new AwsError('InvalidAction', `Could not find operation ${name} for version ${model.metadata.apiVersion}`, {
      status: 400,
      fault: 'Sender',
    });
  }
  const status = model.metadata.protocol === 'rest-json' ? 404 : 400;
  return new AwsError('UnknownOperationException', '', { status, fault: 'Sender' });
}

export function operationOf(model: ServiceModel, name: string): Operation {
  const operation = Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
  if (!operation) throw unknownOperationError(model, name);
  return operation;
}
