// The facts of a verified SAML assertion that AssumeRoleWithSAML uses, checked as AWS checks them (times, audience, recipient).
import { isSamlAudience, isSignInEndpoint } from './endpoints.js';
import {
  AUDIENCE_MISSING,
  REDEEM_WITHIN,
  RESPONSE_EXPIRED,
  expiredSaml,
  idpRejected,
  invalidSaml,
  samlAccessDenied,
} from './errors.js';
import { ASSERTION_NS, PROTOCOL_NS, attributeOf, childElements, onlyChild, textOf } from './xml.js';

/** Clocks of IdPs and Warden may differ by this much either way. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** A response must be redeemed within five minutes of its issue (AWS's ExpiredToken otherwise). */
export const REDEEM_WINDOW_MS = 5 * 60 * 1000;
/** Values read from an assertion are capped: no SAML value AWS reads is longer. */
const MAX_VALUE_CHARS = 2048;
const MAX_ATTRIBUTE_VALUES = 100;

export interface SamlAssertionFacts {
  /** The Assertion's ID: what replay protection records. */
  id: string;
  issuer: string;
  /** NameID's text. */
  subject: string;
  /** NameID's Format, or the SAML default (unspecified) when it names none. */
  subjectFormat: string;
  /** SubjectConfirmationData's Recipient: AWS's Audience answer and saml:aud. */
  recipient: string;
  /** When the assertion stops being acceptable: its earliest NotOnOrAfter, or the end of its redemption window. */
  acceptableUntil: Date;
  /** AuthnStatement SessionNotOnOrAfter: the session ends by then. */
  sessionNotOnOrAfter?: Date;
  /** Attribute values by attribute Name. */
  attributes: Map<string, string[]>;
}

const UNSPECIFIED_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

function capped(text: string): string {
  if (text.length > MAX_VALUE_CHARS) throw invalidSaml('A value in the SAML assertion is too long.');
  return text;
}

function time(value: string | undefined, what: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) throw invalidSaml(`Invalid ${what} in the SAML assertion.`);
  return date;
}

/** Refuses a response whose Status is not Success: the IdP itself refused the sign-in. */
export function assertSuccessStatus(response: Element): void {
  const status = onlyChild(response, PROTOCOL_NS, 'Status');
  const code = status && onlyChild(status, PROTOCOL_NS, 'StatusCode');
  const value = code && attributeOf(code, 'Value');
  if (value !== 'urn:oasis:names:tc:SAML:2.0:status:Success') throw idpRejected();
}

function attributesOf(assertion: Element): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const statement of childElements(assertion, ASSERTION_NS, 'AttributeStatement')) {
    for (const attribute of childElements(statement, ASSERTION_NS, 'Attribute')) {
      const name = attributeOf(attribute, 'Name');
      if (name === undefined) continue;
      const values = attributes.get(name) ?? [];
      for (const value of childElements(attribute, ASSERTION_NS, 'AttributeValue')) values.push(capped(textOf(value)));
      if (values.length > MAX_ATTRIBUTE_VALUES) throw invalidSaml('Too many attribute values in the SAML assertion.');
      attributes.set(capped(name), values);
    }
  }
  return attributes;
}

/**
 * Reads and checks a signed assertion at `now`:
 * - Subject with a NameID (else AWS's AccessDenied), and exactly one bearer SubjectConfirmation whose
 *   SubjectConfirmationData has a NotOnOrAfter and a Recipient that is an AWS sign-in endpoint of `partition`;
 * - Conditions: NotBefore reached and NotOnOrAfter not passed (with CLOCK_SKEW_MS), and every AudienceRestriction naming
 *   an AWS audience ("Response does not contain the required audience." otherwise);
 * - IssueInstant within the last five minutes ("Token must be redeemed within 5 minutes of issuance").
 */
export function readAssertion(assertion: Element, partition: string, now: Date): SamlAssertionFacts {
  const id = attributeOf(assertion, 'ID');
  if (!id) throw invalidSaml('The SAML assertion has no ID.');
  const issuerElement = onlyChild(assertion, ASSERTION_NS, 'Issuer');
  const issuer = issuerElement ? capped(textOf(issuerElement)) : '';

  const subject = onlyChild(assertion, ASSERTION_NS, 'Subject');
  const nameId = subject && onlyChild(subject, ASSERTION_NS, 'NameID');
  if (!subject || !nameId || textOf(nameId) === '') throw samlAccessDenied();
  const confirmations = childElements(subject, ASSERTION_NS, 'SubjectConfirmation');
  const confirmation = confirmations.length === 1 ? confirmations[0]! : undefined;
  const data = confirmation && onlyChild(confirmation, ASSERTION_NS, 'SubjectConfirmationData');
  if (!confirmation || attributeOf(confirmation, 'Method') !== 'urn:oasis:names:tc:SAML:2.0:cm:bearer' || !data) {
    throw invalidSaml('The SAML assertion must have exactly one bearer SubjectConfirmation.');
  }
  const recipient = attributeOf(data, 'Recipient');
  const confirmationEnd = time(attributeOf(data, 'NotOnOrAfter'), 'NotOnOrAfter');
  if (recipient === undefined || confirmationEnd === undefined) {
    throw invalidSaml('SubjectConfirmationData must have NotOnOrAfter and Recipient.');
  }
  if (!isSignInEndpoint(recipient, partition)) throw invalidSaml('Invalid Recipient in the SAML assertion.');

  const conditions = onlyChild(assertion, ASSERTION_NS, 'Conditions');
  const notBefore = conditions && time(attributeOf(conditions, 'NotBefore'), 'NotBefore');
  const conditionsEnd = conditions && time(attributeOf(conditions, 'NotOnOrAfter'), 'NotOnOrAfter');
  const restrictions = conditions ? childElements(conditions, ASSERTION_NS, 'AudienceRestriction') : [];
  const restricted =
    restrictions.length > 0 &&
    restrictions.every((r) =>
      childElements(r, ASSERTION_NS, 'Audience').some((a) => isSamlAudience(textOf(a), partition)),
    );
  if (!restricted) throw invalidSaml(AUDIENCE_MISSING);

  const at = now.getTime();
  if (notBefore !== undefined && notBefore.getTime() - CLOCK_SKEW_MS > at) {
    throw invalidSaml('The SAML assertion is not yet valid.');
  }
  const end = conditionsEnd && conditionsEnd.getTime() < confirmationEnd.getTime() ? conditionsEnd : confirmationEnd;
  if (end.getTime() + CLOCK_SKEW_MS <= at) throw expiredSaml(RESPONSE_EXPIRED);
  const issued = time(attributeOf(assertion, 'IssueInstant'), 'IssueInstant');
  if (issued === undefined) throw invalidSaml('The SAML assertion has no IssueInstant.');
  if (issued.getTime() - CLOCK_SKEW_MS > at) throw invalidSaml('The SAML assertion is not yet valid.');
  if (issued.getTime() + REDEEM_WINDOW_MS + CLOCK_SKEW_MS <= at) throw expiredSaml(REDEEM_WITHIN);

  let sessionNotOnOrAfter: Date | undefined;
  for (const statement of childElements(assertion, ASSERTION_NS, 'AuthnStatement')) {
    const until = time(attributeOf(statement, 'SessionNotOnOrAfter'), 'SessionNotOnOrAfter');
    if (until !== undefined && (sessionNotOnOrAfter === undefined || until < sessionNotOnOrAfter)) {
      sessionNotOnOrAfter = until;
    }
  }
  return {
    id: capped(id),
    issuer,
    subject: capped(textOf(nameId)),
    subjectFormat: capped(attributeOf(nameId, 'Format') ?? UNSPECIFIED_FORMAT),
    recipient: capped(recipient),
    acceptableUntil: new Date(Math.min(end.getTime(), issued.getTime() + REDEEM_WINDOW_MS) + CLOCK_SKEW_MS),
    ...(sessionNotOnOrAfter !== undefined ? { sessionNotOnOrAfter } : {}),
    attributes: attributesOf(assertion),
  };
}
