// SAML metadata as IAM reads it: the IdP's entity id, signing certificates and expiry, or "Could not parse metadata."
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { AwsError } from '../../../aws/error.js';
import { parseSamlMetadata } from './saml-metadata.js';
import { createTestSamlIdp } from '../../../../test/helpers/saml-idp.js';

const idp = createTestSamlIdp('https://idp.example.com/saml');

function refused(document: string) {
  assert.throws(
    () => parseSamlMetadata(document),
    (err: unknown) =>
      err instanceof AwsError && err.code === 'InvalidInput' && err.message === 'Could not parse metadata.',
  );
}

describe('parseSamlMetadata', () => {
  test('reads the entity id and the signing certificate, which is a real X.509 certificate', () => {
    const parsed = parseSamlMetadata(idp.metadata());
    assert.equal(parsed.entityId, 'https://idp.example.com/saml');
    assert.deepEqual(parsed.signingCertificates, [idp.certificate]);
    assert.equal(
      new X509Certificate(Buffer.from(parsed.signingCertificates[0], 'base64')).subject,
      'CN=warden-test-idp',
    );
    assert.equal(parsed.validUntil, undefined);
  });

  test('keeps the validUntil the metadata states', () => {
    const until = new Date('2031-05-06T07:08:09.000Z');
    assert.equal(parseSamlMetadata(idp.metadata({ validUntil: until })).validUntil?.toISOString(), until.toISOString());
  });

  test('accepts certificates split over lines and KeyDescriptors without a use; skips encryption keys', () => {
    const wrapped = idp.certificate.replace(/(.{64})/g, '$1\n');
    const doc = idp
      .metadata()
      .replace(`>${idp.certificate}<`, `>\n${wrapped}\n<`)
      .replace('<md:KeyDescriptor use="signing">', '<md:KeyDescriptor>')
      .replace(
        '<md:NameIDFormat>',
        '<md:KeyDescriptor use="encryption"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>' +
          '<ds:X509Certificate>bm90IGEgY2VydA==</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>',
      );
    assert.deepEqual(parseSamlMetadata(doc).signingCertificates, [idp.certificate]);
  });

  test('finds the IdP inside an EntitiesDescriptor', () => {
    const inner = idp.metadata().replace('<?xml version="1.0" encoding="UTF-8"?>', '');
    const doc = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${inner}</md:EntitiesDescriptor>`;
    assert.equal(parseSamlMetadata(doc).entityId, 'https://idp.example.com/saml');
  });

  test('refuses what is not IdP metadata', () => {
    refused(`<a>${'x'.repeat(1000)}</a>`);
    refused(idp.metadata().replace('</md:EntityDescriptor>', ''));
    refused(idp.metadata().replace(/IDPSSODescriptor/g, 'SPSSODescriptor'));
    refused(idp.metadata().replace(' entityID="https://idp.example.com/saml"', ''));
    refused(idp.metadata().replace(idp.certificate, 'bm90IGEgY2VydGlmaWNhdGU='));
    refused(idp.metadata().replace('use="signing"', 'use="encryption"'));
    refused(idp.metadata({ validUntil: new Date() }).replace(/validUntil="[^"]+"/, 'validUntil="someday"'));
    refused(`<!DOCTYPE x [<!ENTITY a "aaaa">]>${idp.metadata().replace(/^<\?xml[^>]*>/, '')}`);
  });
});
