// Systems Manager's error codes, with its wording, in one place.
import { AwsError } from '../../aws/error.js';

export const ssmError = (code: string, message: string, status = 400): AwsError =>
  new AwsError(code, message, { status });

export const invalidParameters = (message: string): AwsError => ssmError('InvalidParameters', message);

/** CreateActivation's answer for a role that does not exist or does not trust Systems Manager. */
export const roleNotUsable = (roleArn: string): AwsError =>
  invalidParameters(`Nonexistent role or missing ssm service principal in trust policy: ${roleArn}`);

export const invalidActivationId = (id: string): AwsError =>
  ssmError('InvalidActivationId', `Activation ID ${id} is not valid.`);

export const invalidActivation = (id: string): AwsError =>
  ssmError('InvalidActivation', `Activation ID ${id} doesn't exist.`);

export const invalidInstanceId = (message = 'Instance Id is not valid.'): AwsError =>
  ssmError('InvalidInstanceId', message);

export const unknownInstance = (id: string): AwsError => invalidInstanceId(`Instance ${id} is not registered.`);

export const invalidFilter = (message: string): AwsError => ssmError('InvalidFilter', message);

export const invalidFilterKey = (message: string): AwsError => ssmError('InvalidFilterKey', message);

export const invalidFilterValue = (message: string): AwsError =>
  ssmError('InvalidInstanceInformationFilterValue', message);

export const invalidNextToken = (): AwsError => ssmError('InvalidNextToken', 'The specified token is not valid.');

/** SSM answers a bad page token with InvalidNextToken, whatever was wrong with it. */
export const TOKEN_ERRORS = { invalid: invalidNextToken };

export const invalidTypeName = (typeName: string): AwsError =>
  ssmError('InvalidTypeNameException', `The type name ${typeName} is not valid.`);

export const invalidItemContent = (typeName: string, message: string): AwsError =>
  ssmError('InvalidItemContentException', `${typeName}: ${message}`);

export const itemSizeLimitExceeded = (typeName: string, limit: number): AwsError =>
  ssmError(
    'ItemSizeLimitExceededException',
    `The inventory item ${typeName} exceeds the size limit of ${limit} bytes.`,
  );

export const totalSizeLimitExceeded = (limit: number): AwsError =>
  ssmError(
    'TotalSizeLimitExceededException',
    `The inventory data of the instance exceeds the total size limit of ${limit} bytes.`,
  );

export const customSchemaCountLimitExceeded = (): AwsError =>
  ssmError(
    'CustomSchemaCountLimitExceededException',
    'You have exceeded the limit for custom schemas. Delete one or more custom schemas and try again.',
  );

export const invalidResultAttribute = (typeName: string): AwsError =>
  ssmError('InvalidResultAttributeException', `The result attribute ${typeName} is not valid.`);

export const invalidAggregator = (message: string): AwsError => ssmError('InvalidAggregatorException', message);
