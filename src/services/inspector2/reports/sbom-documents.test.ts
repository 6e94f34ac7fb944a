// SBOM documents and resource filters: CycloneDX 1.4 and SPDX 2.3 shapes over a resource's packages; which managed
// instances a ResourceFilterCriteria keeps, and the object name AWS's layout gives them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cycloneDx, spdx } from './sbom-documents.js';
import { resourceMatches, sbomObjectName } from './sbom-export.js';

const resource = {
  accountId: '123456789012',
  resourceType: 'AWS_EC2_INSTANCE' as const,
  resourceId: 'mi-0123456789abcdef0',
  tags: {} as Record<string, string>,
};
const packages = [
  {
    name: 'openssl',
    version: '3.0.11-1~deb12u1',
    purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64',
    arch: 'amd64',
  },
  { name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' },
  { name: 'no-purl' },
];
const at = new Date('2026-02-03T04:05:06.789Z');

describe('SBOM documents', () => {
  test('CycloneDX 1.4: metadata properties and one library component per package, distinct bom-refs', () => {
    const doc = cycloneDx(resource, packages, at) as any;
    assert.equal(doc.bomFormat, 'CycloneDX');
    assert.equal(doc.specVersion, '1.4');
    assert.equal(doc.version, 1);
    assert.match(doc.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal(doc.metadata.timestamp, '2026-02-03T04:05:06Z');
    assert.deepEqual(doc.metadata.properties, [
      { name: 'accountId', value: '123456789012' },
      { name: 'resourceType', value: 'AWS_EC2_INSTANCE' },
      { name: 'resourceId', value: 'mi-0123456789abcdef0' },
    ]);
    assert.deepEqual(
      doc.components.map((c: any) => [c.type, c.name, c.version, c.purl]),
      packages.map((p) => ['library', p.name, p.version, p.purl]),
    );
    assert.equal(new Set(doc.components.map((c: any) => c['bom-ref'])).size, 3);
  });

  test('SPDX 2.3: packages with purl external references, each described by the document', () => {
    const doc = spdx(resource, packages, at) as any;
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.equal(doc.SPDXID, 'SPDXRef-DOCUMENT');
    assert.equal(doc.dataLicense, undefined);
    assert.equal(doc.creationInfo.created, '2026-02-03T04:05:06Z');
    assert.deepEqual(
      doc.packages.map((p: any) => [p.name, p.versionInfo, p.externalRefs?.[0]?.referenceLocator]),
      packages.map((p) => [p.name, p.version, p.purl]),
    );
    for (const p of doc.packages) assert.match(p.SPDXID, /^SPDXRef-[A-Za-z0-9.-]+$/);
    assert.deepEqual(
      doc.relationships.map((r: any) => r.relatedSpdxElement),
      doc.packages.map((p: any) => p.SPDXID),
    );
  });

  test('resource filters: account, id, type (EQUALS alternatives, NOT_EQUALS all hold), tags; other criteria match none', () => {
    assert.ok(resourceMatches(undefined, resource));
    assert.ok(resourceMatches({ accountId: [{ comparison: 'EQUALS', value: '123456789012' }] }, resource));
    assert.ok(
      resourceMatches(
        {
          resourceId: [
            { comparison: 'EQUALS', value: 'mi-other' },
            { comparison: 'EQUALS', value: 'mi-0123456789abcdef0' },
          ],
        },
        resource,
      ),
    );
    assert.ok(
      !resourceMatches({ resourceId: [{ comparison: 'NOT_EQUALS', value: 'mi-0123456789abcdef0' }] }, resource),
    );
    assert.ok(resourceMatches({ resourceType: [{ comparison: 'EQUALS', value: 'AWS_EC2_INSTANCE' }] }, resource));
    assert.ok(
      !resourceMatches({ resourceType: [{ comparison: 'EQUALS', value: 'AWS_ECR_CONTAINER_IMAGE' }] }, resource),
    );
    assert.ok(!resourceMatches({ ec2InstanceTags: [{ comparison: 'EQUALS', key: 'team', value: 'red' }] }, resource));
    assert.ok(
      resourceMatches(
        { ec2InstanceTags: [{ comparison: 'EQUALS', key: 'team', value: 'red' }] },
        {
          ...resource,
          tags: { team: 'red' },
        },
      ),
    );
    assert.ok(!resourceMatches({ lambdaFunctionName: [{ comparison: 'EQUALS', value: 'f' }] }, resource));
  });

  test("the object name is the resource's ARN with / as _, then the format", () => {
    assert.equal(
      sbomObjectName(resource, 'us-east-1', 'SPDX_2_3'),
      'arn:aws:ec2:us-east-1:123456789012:instance_mi-0123456789abcdef0_SPDX_2_3.json',
    );
    assert.equal(
      sbomObjectName(resource, 'cn-north-1', 'CYCLONEDX_1_4'),
      'arn:aws-cn:ec2:cn-north-1:123456789012:instance_mi-0123456789abcdef0_CYCLONEDX_1_4.json',
    );
  });
});
