// Tests for partition lookup by region name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsSuffixOf, isPartition, partitionOf, PARTITIONS } from './partitions.js';

describe('partitionOf', () => {
  test('commercial regions of every prefix AWS uses', () => {
    for (const region of [
      'us-east-1',
      'eu-west-3',
      'ap-southeast-7',
      'sa-east-1',
      'ca-west-1',
      'me-central-1',
      'af-south-1',
      'il-central-1',
      'mx-central-1',
    ]) {
      assert.equal(partitionOf(region), 'aws', region);
    }
  });

  test('regions not yet listed still resolve by pattern', () => {
    assert.equal(partitionOf('eu-south-9'), 'aws');
    assert.equal(partitionOf('cn-southwest-3'), 'aws-cn');
  });

  test('the other partitions', () => {
    assert.equal(partitionOf('cn-north-1'), 'aws-cn');
    assert.equal(partitionOf('cn-northwest-1'), 'aws-cn');
    assert.equal(partitionOf('us-gov-west-1'), 'aws-us-gov');
    assert.equal(partitionOf('us-gov-east-1'), 'aws-us-gov');
    assert.equal(partitionOf('us-iso-east-1'), 'aws-iso');
    assert.equal(partitionOf('us-isob-east-1'), 'aws-iso-b');
    assert.equal(partitionOf('eu-isoe-west-1'), 'aws-iso-e');
    assert.equal(partitionOf('us-isof-south-1'), 'aws-iso-f');
    assert.equal(partitionOf('eusc-de-east-1'), 'aws-eusc');
  });

  test('the global pseudo-regions', () => {
    assert.equal(partitionOf('aws-global'), 'aws');
    assert.equal(partitionOf('aws-cn-global'), 'aws-cn');
    assert.equal(partitionOf('aws-us-gov-global'), 'aws-us-gov');
    assert.equal(partitionOf('aws-iso-b-global'), 'aws-iso-b');
  });

  test('names that fit no partition', () => {
    for (const region of [
      '',
      'us-east',
      'us-east-1a',
      'US-EAST-1',
      'moon-base-1',
      'eusc-fr-east-1',
      'us-gov-west',
      'xx-east-1',
      'us-east-1 ',
      'aws-moon-global',
    ]) {
      assert.equal(partitionOf(region), undefined, JSON.stringify(region));
    }
  });
});

describe('dnsSuffixOf', () => {
  test('endpoint domains by partition', () => {
    assert.equal(dnsSuffixOf('us-east-1'), 'amazonaws.com');
    assert.equal(dnsSuffixOf('cn-north-1'), 'amazonaws.com.cn');
    assert.equal(dnsSuffixOf('us-gov-west-1'), 'amazonaws.com');
    assert.equal(dnsSuffixOf('us-iso-east-1'), 'c2s.ic.gov');
    assert.equal(dnsSuffixOf('us-isob-east-1'), 'sc2s.sgov.gov');
    assert.equal(dnsSuffixOf('eu-isoe-west-1'), 'cloud.adc-e.uk');
    assert.equal(dnsSuffixOf('us-isof-east-1'), 'csp.hci.ic.gov');
    assert.equal(dnsSuffixOf('eusc-de-east-1'), 'amazonaws.eu');
    assert.equal(dnsSuffixOf('nowhere'), undefined);
  });
});

test('every listed region belongs to exactly one partition by pattern or list', () => {
  for (const partition of PARTITIONS) {
    for (const region of partition.regions) {
      const byPattern = PARTITIONS.filter((p) => p.regionRegex.test(region)).map((p) => p.id);
      assert.ok(byPattern.length <= 1, `${region} matches ${byPattern.join(', ')}`);
      if (!region.endsWith('-global')) assert.deepEqual(byPattern, [partition.id], region);
      assert.equal(partitionOf(region), partition.id);
    }
  }
  assert.ok(isPartition('aws-iso-f'));
  assert.ok(!isPartition('aws-moon'));
});
