import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudTrailRecord } from '../../../audit/record.js';
import { cloudTrailLoggingDisabled } from './cloudtrail-logging-disabled.js';
import { trailRecord } from './record-fixture.js';
import { scopeFixture } from './scope-fixture.js';

const call = (eventName: string, requestParameters: Record<string, unknown>, extra: Partial<CloudTrailRecord> = {}) =>
  trailRecord({ eventSource: 'cloudtrail.amazonaws.com', eventName, requestParameters, readOnly: false, ...extra });

const detect = (r: CloudTrailRecord) => cloudTrailLoggingDisabled.detect(scopeFixture(), r);

test('StopLogging and DeleteTrail raise Stealth:IAMUser/CloudTrailLoggingDisabled (Low) naming the trail', async () => {
  const [stop] = await detect(call('StopLogging', { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' }));
  assert.equal(stop?.Type, 'Stealth:IAMUser/CloudTrailLoggingDisabled');
  assert.equal(stop?.Severity, 2);
  assert.equal(stop?.Title, 'AWS CloudTrail trail main was disabled.');
  assert.match(stop!.Description, /^AWS CloudTrail trail main was disabled by alice calling StopLogging /);
  const [del] = await detect(call('DeleteTrail', { name: 'main' }));
  assert.equal(del?.Service?.Action?.AwsApiCallAction?.Api, 'DeleteTrail');
  assert.equal(del?.key, stop?.key, 'the same trail and actor aggregate');
  const [other] = await detect(call('DeleteTrail', { name: 'audit' }));
  assert.notEqual(other?.key, stop?.key);
});

test('UpdateTrail only when delivery moves or narrows; PutEventSelectors only when management events stop', async () => {
  assert.equal((await detect(call('UpdateTrail', { name: 't', s3BucketName: 'elsewhere' }))).length, 1);
  assert.equal((await detect(call('UpdateTrail', { name: 't', isMultiRegionTrail: false }))).length, 1);
  assert.equal((await detect(call('UpdateTrail', { name: 't', includeGlobalServiceEvents: false }))).length, 1);
  assert.equal((await detect(call('UpdateTrail', { name: 't', enableLogFileValidation: true }))).length, 0);
  const off = [{ readWriteType: 'All', includeManagementEvents: false }];
  assert.equal((await detect(call('PutEventSelectors', { trailName: 't', eventSelectors: off }))).length, 1);
  const on = [{ readWriteType: 'All', includeManagementEvents: true }];
  assert.equal((await detect(call('PutEventSelectors', { trailName: 't', eventSelectors: on }))).length, 0);
  const dataOnly = [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }] }];
  assert.equal(
    (await detect(call('PutEventSelectors', { trailName: 't', advancedEventSelectors: dataOnly }))).length,
    1,
  );
  const mgmt = [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }];
  assert.equal((await detect(call('PutEventSelectors', { trailName: 't', advancedEventSelectors: mgmt }))).length, 0);
});

test('failed calls, reads and other services raise nothing; malformed parameters never throw', async () => {
  assert.equal((await detect(call('StopLogging', { name: 't' }, { errorCode: 'AccessDenied' }))).length, 0);
  assert.equal((await detect(call('GetTrailStatus', { name: 't' }))).length, 0);
  assert.equal((await detect(call('StopLogging', { name: 't' }, { eventSource: 's3.amazonaws.com' }))).length, 0);
  const [f] = await detect(call('StopLogging', { name: 42 }));
  assert.equal(f?.Title, 'AWS CloudTrail trail unknown was disabled.');
  assert.equal(
    (await detect(call('PutEventSelectors', { eventSelectors: 'x', advancedEventSelectors: null }))).length,
    0,
  );
  assert.equal((await detect(call('PutEventSelectors', { advancedEventSelectors: [null, 1] }))).length, 1);
});
