// Organizations' errors with AWS's codes and messages (every one is HTTP 400 with a Message member).
import { AwsError } from '../../aws/error.js';

export const notInUse = () =>
  new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
export const accessDenied = () =>
  new AwsError('AccessDeniedException', "You don't have permissions to access this resource.", { status: 400 });
export const alreadyInOrganization = () =>
  new AwsError('AlreadyInOrganizationException', 'The provided account is already a member of an organization.');
export const accountNotFound = () =>
  new AwsError('AccountNotFoundException', "You specified an account that doesn't exist.");
export const ouNotFound = () =>
  new AwsError('OrganizationalUnitNotFoundException', "You specified an organizational unit that doesn't exist.");
export const parentNotFound = () => new AwsError('ParentNotFoundException', "You specified parent that doesn't exist.");
export const rootNotFound = () => new AwsError('RootNotFoundException', "You specified a root that doesn't exist.");
export const childNotFound = () =>
  new AwsError(
    'ChildNotFoundException',
    "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
  );
export const policyNotFound = () =>
  new AwsError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
export const targetNotFound = () =>
  new AwsError('TargetNotFoundException', "You specified a target that doesn't exist.");
export const handshakeNotFound = () =>
  new AwsError('HandshakeNotFoundException', "We can't find a handshake with the HandshakeId that you specified.");
export const createAccountStatusNotFound = () =>
  new AwsError(
    'CreateAccountStatusNotFoundException',
    "We can't find an create account request with the CreateAccountRequestId that you specified.",
  );

export function constraintViolation(reason: string, message: string): AwsError {
  return new AwsError('ConstraintViolationException', message, { fields: { Reason: reason } });
}

export function invalidInput(reason: string, message: string): AwsError {
  return new AwsError('InvalidInputException', message, { fields: { Reason: reason } });
}

export function policyTypeNotAvailable(type: string): AwsError {
  return new AwsError(
    'PolicyTypeNotAvailableForOrganizationException',
    `You can't use policies of type ${type} in this organization.`,
  );
}
