// SAML response verification: signatures (wrapping, tampering, wrong key, comments, DTDs) and AWS's checks of times and audience.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTestSamlIdp,
  samlResponseXml,
  signElement,
  type SamlResponseOptions,
} from '../../../../test/helpers/saml-idp.js';
import { readAssertion } from './assertion.js';
import { EncryptedAssertionFound, SignatureInvalid, verifySamlResponse } from './signature.js';
import { XmlRefused } from './xml.js';

const idp = createTestSamlIdp('https://idp.example.com/metadata');
const stranger = createTestSamlIdp('https://idp.example.com/metadata');
const base: SamlResponseOptions = {
  roleArn: 'arn:aws:iam::123456789012:role/Saml',
  providerArn: 'arn:aws:iam::123456789012:saml-provider/corp',
};

function verify(xml: string) {
  return verifySamlResponse(xml, [idp.certificate]);
}

function refusedWith(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof SignatureInvalid) return 'SignatureInvalid';
    if (err instanceof XmlRefused) return 'XmlRefused';
    if (err instanceof EncryptedAssertionFound) return 'Encrypted';
    const e = err as { code?: string; message: string };
    return `${e.code}: ${e.message}`;
  }
  return 'accepted';
}

function subjectOf(xml: string): string {
  return readAssertion(verify(xml).assertion, 'aws', new Date()).subject;
}

describe('verifySamlResponse', () => {
  test('a SignedInfo listing many References is refused before any is digested', () => {
    const signed = samlResponseXml(idp, { ...base, sign: 'response' });
    const reference = /<(?:ds:)?Reference[\s\S]*?<\/(?:ds:)?Reference>/.exec(signed)![0];
    const forged = signed.replace(reference, reference.repeat(200));
    // xml-crypto digests every listed Reference before it checks the signature value: the count is refused first.
    assert.throws(() => verify(forged), { name: 'Error', message: 'the signature must have one Reference' });
  });

  test('a response signed on its assertion, its response, or both, verifies', () => {
    for (const sign of ['assertion', 'response', 'both'] as const) {
      assert.equal(subjectOf(samlResponseXml(idp, { ...base, sign })), 'alice@example.com', sign);
    }
    // Either certificate of the metadata may have signed it.
    const xml = samlResponseXml(idp, base);
    assert.equal(
      readAssertion(verifySamlResponse(xml, [stranger.certificate, idp.certificate]).assertion, 'aws', new Date())
        .subject,
      'alice@example.com',
    );
  });

  test('an unsigned response, one signed by another key, and a tampered one are refused', () => {
    assert.equal(
      refusedWith(() => verify(samlResponseXml(idp, { ...base, sign: 'none' }))),
      'SignatureInvalid',
    );
    assert.equal(
      refusedWith(() => verify(samlResponseXml(idp, { ...base, signingKeyPem: stranger.privateKeyPem }))),
      'SignatureInvalid',
    );
    for (const sign of ['assertion', 'response'] as const) {
      const tampered = samlResponseXml(idp, { ...base, sign }).replace('alice@example.com', 'mallory@example.com');
      assert.equal(
        refusedWith(() => verify(tampered)),
        'SignatureInvalid',
        sign,
      );
    }
    // A Role attribute value added to a signed assertion breaks its digest too.
    const added = samlResponseXml(idp, base).replace(
      '</saml:AttributeStatement>',
      '<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>x,y</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>',
    );
    assert.equal(
      refusedWith(() => verify(added)),
      'SignatureInvalid',
    );
  });

  test('signature wrapping: a forged assertion beside or around the signed one is refused', () => {
    const signed = samlResponseXml(idp, base);
    const original = /<saml:Assertion [\s\S]*<\/saml:Assertion>/.exec(signed)![0];
    const forged = original
      .replace(/ID="[^"]+"/, 'ID="_forged"')
      .replace('alice@example.com', 'root@example.com')
      .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
    // Beside: the forged one first, the signed one after.
    assert.equal(
      refusedWith(() => verify(signed.replace(original, forged + original))),
      'XmlRefused',
    );
    // Around: the signed assertion hidden inside the forged one's Advice.
    const wrapped = forged.replace('</saml:Assertion>', `<saml:Advice>${original}</saml:Advice></saml:Assertion>`);
    assert.equal(
      refusedWith(() => verify(signed.replace(original, wrapped))),
      'XmlRefused',
    );
    // The signature moved into the forged assertion still references the original ID, not the element it sits in.
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(original)![0];
    const carrying = forged.replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
    assert.equal(
      refusedWith(() => verify(signed.replace(original, carrying))),
      'SignatureInvalid',
    );
    // The Response's signature moved into the assertion references the Response, not the assertion.
    const byResponse = samlResponseXml(idp, { ...base, sign: 'response' });
    const responseSignature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(byResponse)![0];
    const moved = byResponse
      .replace(responseSignature, '')
      .replace(/(<saml:Assertion [^>]*>\s*<saml:Issuer>[^<]*<\/saml:Issuer>)/, `$1${responseSignature}`);
    assert.equal(
      refusedWith(() => verify(moved)),
      'SignatureInvalid',
    );
  });

  test('an unsigned assertion is never read from a response whose other parts are signed elsewhere', () => {
    // A signed assertion moved into an unsigned Response with a second, unsigned assertion: two assertions.
    const signed = samlResponseXml(idp, base);
    const unsigned = samlResponseXml(idp, { ...base, subject: 'root@example.com', sign: 'none' });
    const extra = /<saml:Assertion [\s\S]*<\/saml:Assertion>/.exec(unsigned)![0];
    assert.equal(
      refusedWith(() => verify(signed.replace('</samlp:Response>', `${extra}</samlp:Response>`))),
      'XmlRefused',
    );
  });

  test('comments inside a signed value cannot truncate what is read', () => {
    const xml = samlResponseXml(idp, { ...base, subject: 'alice@example.com.evil.test' });
    const commented = xml.replace('alice@example.com.evil.test', 'alice@example.com<!---->.evil.test');
    assert.equal(subjectOf(commented), 'alice@example.com.evil.test');
  });

  test('document type declarations, entities and encrypted assertions are refused', () => {
    const xml = samlResponseXml(idp, base);
    const withDtd = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${xml}`;
    assert.equal(
      refusedWith(() => verify(withDtd)),
      'XmlRefused',
    );
    assert.equal(
      refusedWith(() => verify('<samlp:Response')),
      'XmlRefused',
    );
    const encrypted = xml.replace(
      '</samlp:Response>',
      '<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/></samlp:Response>',
    );
    assert.equal(
      refusedWith(() => verify(encrypted)),
      'Encrypted',
    );
  });

  test('signatures by disallowed algorithms are refused', () => {
    // The same signature re-labelled with HMAC would verify against nothing but a shared secret: refused outright.
    const xml = samlResponseXml(idp, base).replace(
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
    );
    assert.equal(
      refusedWith(() => verify(xml)),
      'SignatureInvalid',
    );
    assert.equal(
      subjectOf(samlResponseXml(idp, { ...base, signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' })),
      'alice@example.com',
    );
  });
});

describe('readAssertion', () => {
  const read = (o: Partial<SamlResponseOptions>, now = new Date()) =>
    refusedWith(() => readAssertion(verify(samlResponseXml(idp, { ...base, ...o })).assertion, 'aws', now));

  test('the facts AWS answers with', () => {
    const facts = readAssertion(verify(samlResponseXml(idp, base)).assertion, 'aws', new Date());
    assert.equal(facts.issuer, idp.entityId);
    assert.equal(facts.recipient, 'https://signin.aws.amazon.com/saml');
    assert.equal(facts.subjectFormat, 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    assert.deepEqual(facts.attributes.get('https://aws.amazon.com/SAML/Attributes/RoleSessionName'), ['alice']);
  });

  test('expired, not yet valid, or issued more than five minutes ago', () => {
    const past = new Date(Date.now() - 60 * 60 * 1000);
    assert.equal(
      read({ issueInstant: past, notOnOrAfter: new Date(past.getTime() + 60_000) }),
      'ExpiredTokenException: Response has expired',
    );
    assert.equal(
      read({ issueInstant: past, notOnOrAfter: new Date(Date.now() + 60 * 60 * 1000) }),
      'ExpiredTokenException: Token must be redeemed within 5 minutes of issuance',
    );
    assert.equal(
      read({ notBefore: new Date(Date.now() + 60 * 60 * 1000) }),
      'InvalidIdentityToken: The SAML assertion is not yet valid.',
    );
    // Within the clock skew both ways.
    assert.equal(read({ notBefore: new Date(Date.now() + 60_000) }), 'accepted');
  });

  test('the audience and recipient must be AWS sign-in', () => {
    assert.equal(
      read({ audience: 'https://app.example.com/saml' }),
      'InvalidIdentityToken: Response does not contain the required audience.',
    );
    assert.equal(read({ audience: 'urn:amazon:webservices' }), 'accepted');
    assert.equal(read({ audience: 'https://eu-west-1.signin.aws.amazon.com/saml' }), 'accepted');
    assert.equal(
      read({ recipient: 'https://evil.example.com/saml' }),
      'InvalidIdentityToken: Invalid Recipient in the SAML assertion.',
    );
    assert.equal(read({ recipient: 'https://us-east-2.signin.aws.amazon.com/saml' }), 'accepted');
  });

  test('a response re-signed after tampering with the audience still answers for its own audience', () => {
    // Re-signing needs the IdP's key: with it, the assertion is simply the IdP's word.
    const xml = samlResponseXml(idp, { ...base, sign: 'none', audience: 'https://app.example.com/saml' });
    const id = /<saml:Assertion [^>]*ID="([^"]+)"/.exec(xml)![1]!;
    assert.equal(
      refusedWith(() => readAssertion(verify(signElement(xml, id, idp.privateKeyPem)).assertion, 'aws', new Date())),
      'InvalidIdentityToken: Response does not contain the required audience.',
    );
  });
});
