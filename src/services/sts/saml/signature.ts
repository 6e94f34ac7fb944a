// A SAML response's XML signatures checked with xml-crypto against the provider's metadata certificates, wrapping refused.
import { SignedXml } from 'xml-crypto';
import {
  ASSERTION_NS,
  DSIG_NS,
  PROTOCOL_NS,
  XmlRefused,
  allElements,
  attributeOf,
  childElements,
  isElement,
  parseXml,
} from './xml.js';

/** The response holds an EncryptedAssertion, which Warden cannot decrypt. */
export class EncryptedAssertionFound extends Error {}

/** No signature, or none that a metadata certificate verifies over the element it sits in. */
export class SignatureInvalid extends Error {}

export interface VerifiedResponse {
  /** The Response as received: only for facts that may refuse (Status), never for facts that grant. */
  response: Element;
  /** The one Assertion, read from the canonical XML a verified signature covers (the Response's or its own). */
  assertion: Element;
  /** The signed Response's Issuer, when the Response itself is signed and names one. */
  signedResponseIssuer?: string;
}

const SIGNATURE_ALGORITHMS = [
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
];
const HASH_ALGORITHMS = [
  'http://www.w3.org/2000/09/xmldsig#sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512',
];
/** Canonicalizations without comments only, and the enveloped-signature transform: what SAML IdPs use. */
const TRANSFORMS = [
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
];

function only<T>(table: Record<string, T>, names: readonly string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const name of names) if (table[name] !== undefined) out[name] = table[name];
  return out;
}

/** A metadata certificate (base64 DER) as the PEM text xml-crypto's verifier takes. */
function certificatePem(base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** How many References the signature's SignedInfo holds, matched by local name as xml-crypto finds them (0: no single SignedInfo). */
function singleReferenceCount(signature: Element): number {
  const byName = (parent: Node, name: string) => {
    const out: Element[] = [];
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1 && (child as Element).localName === name) out.push(child as Element);
    }
    return out;
  };
  const signedInfo = byName(signature, 'SignedInfo');
  return signedInfo.length === 1 ? byName(signedInfo[0]!, 'Reference').length : 0;
}

/**
 * Checks one enveloped signature of `signed` (the Response or the Assertion) and returns the canonical XML it covers.
 * The signature must have exactly one Reference, to `#<ID of signed>`, and verify under one of the certificates:
 * the key a signature names in its own KeyInfo is never used. xml-crypto refuses a document in which two elements
 * carry that ID, so the digested element is the very one the signature sits in.
 */
function verifiedCanonicalXml(xml: string, signature: Element, signed: Element, certificates: string[]): string {
  const id = attributeOf(signed, 'ID');
  if (id === undefined || id === '') throw new SignatureInvalid('the signed element has no ID');
  // xml-crypto digests every Reference before it checks the signature value, so a forged SignedInfo listing
  // thousands would cost that many canonicalizations per certificate, unauthenticated; one is all we accept anyway.
  if (singleReferenceCount(signature) !== 1) throw new SignatureInvalid('the signature must have one Reference');
  for (const certificate of certificates) {
    const verifier = new SignedXml({ publicCert: certificatePem(certificate), getCertFromKeyInfo: () => null });
    verifier.SignatureAlgorithms = only(verifier.SignatureAlgorithms, SIGNATURE_ALGORITHMS);
    verifier.HashAlgorithms = only(verifier.HashAlgorithms, HASH_ALGORITHMS);
    verifier.CanonicalizationAlgorithms = only(verifier.CanonicalizationAlgorithms, TRANSFORMS);
    let valid: boolean;
    try {
      verifier.loadSignature(signature);
      valid = verifier.checkSignature(xml);
    } catch {
      valid = false;
    }
    if (!valid) continue;
    const references = verifier.getReferences();
    if (references.length !== 1 || references[0]!.uri !== `#${id}`) {
      throw new SignatureInvalid('the signature does not reference the element it sits in');
    }
    const covered = verifier.getSignedReferences();
    if (covered.length !== 1) throw new SignatureInvalid('unexpected signed references');
    return covered[0]!;
  }
  throw new SignatureInvalid('no certificate verifies the signature');
}

/**
 * Verifies a SAML 2.0 Response document against the provider's signing certificates (base64 DER). The document must be
 * one samlp:Response holding exactly one saml:Assertion (directly), and no EncryptedAssertion. Its signatures may sit
 * only in the Response and in the Assertion, at most one each; at least one is required, and every one present must
 * verify. What grants anything is then read only from the signed XML: the Assertion inside the signed Response when
 * the Response is signed, else the signed Assertion itself. Throws XmlRefused for documents of any other shape.
 */
export function verifySamlResponse(xml: string, certificates: string[]): VerifiedResponse {
  const doc = parseXml(xml);
  const response = doc.documentElement!;
  if (!isElement(response, PROTOCOL_NS, 'Response')) throw new XmlRefused('the document is not a SAML Response');
  if (allElements(doc, ASSERTION_NS, 'EncryptedAssertion').length > 0) throw new EncryptedAssertionFound();
  const assertions = allElements(doc, ASSERTION_NS, 'Assertion');
  if (assertions.length !== 1 || assertions[0]!.parentNode !== response) {
    throw new XmlRefused('a SAML Response must hold exactly one Assertion');
  }
  const assertion = assertions[0]!;

  const signatures = allElements(doc, DSIG_NS, 'Signature');
  const responseSignatures = childElements(response, DSIG_NS, 'Signature');
  const assertionSignatures = childElements(assertion, DSIG_NS, 'Signature');
  if (
    signatures.length === 0 ||
    responseSignatures.length > 1 ||
    assertionSignatures.length > 1 ||
    responseSignatures.length + assertionSignatures.length !== signatures.length
  ) {
    throw new SignatureInvalid('signatures must sit in the Response or the Assertion, one each at most');
  }

  let signedAssertion: Element | undefined;
  let signedResponseIssuer: string | undefined;
  if (responseSignatures.length === 1) {
    const canonical = verifiedCanonicalXml(xml, responseSignatures[0]!, response, certificates);
    const signedResponse = parseXml(canonical).documentElement!;
    const inside = childElements(signedResponse, ASSERTION_NS, 'Assertion');
    if (!isElement(signedResponse, PROTOCOL_NS, 'Response') || inside.length !== 1) {
      throw new XmlRefused('the signed Response must hold exactly one Assertion');
    }
    signedAssertion = inside[0];
    const issuer = childElements(signedResponse, ASSERTION_NS, 'Issuer')[0];
    if (issuer) signedResponseIssuer = (issuer.textContent ?? '').trim();
  }
  if (assertionSignatures.length === 1) {
    const canonical = verifiedCanonicalXml(xml, assertionSignatures[0]!, assertion, certificates);
    const own = parseXml(canonical).documentElement!;
    if (!isElement(own, ASSERTION_NS, 'Assertion')) throw new XmlRefused('the signed element is not an Assertion');
    signedAssertion ??= own;
  }
  return {
    response,
    assertion: signedAssertion!,
    ...(signedResponseIssuer !== undefined ? { signedResponseIssuer } : {}),
  };
}
