// Tests for the caller's side of the query protocol, checked against the server's own query codec both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../error.js';
import type { HttpRequest } from '../http.js';
import { loadModel } from '../model.js';
import { codecFor } from '../protocols/codec.js';
import { decodeQueryError, decodeQueryOutput, encodeQueryInput } from './query-wire.js';

const elbv2 = loadModel('elbv2');
const codec = codecFor(elbv2);

function formRequest(params: URLSearchParams): HttpRequest {
  return {
    method: 'POST',
    path: '/',
    query: {},
    rawQuery: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(params.toString()),
  };
}

test('input encoded here is what the server decodes: nested lists of structures, numbers, Action and Version', () => {
  const input = {
    LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1',
    Protocol: 'HTTP',
    Port: 8443,
    DefaultActions: [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: 'arn:tg/1', Weight: 1 },
            { TargetGroupArn: 'arn:tg/2', Weight: 3 },
          ],
        },
      },
    ],
    Tags: [{ Key: 'a=b+c/d@e', Value: 'ünï code + space' }],
  };
  const params = encodeQueryInput(elbv2, 'CreateListener', input);
  assert.equal(params.get('Action'), 'CreateListener');
  assert.equal(params.get('Version'), '2015-12-01');
  assert.equal(params.get('DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight'), '3');
  assert.deepEqual(codec.decodeInput(elbv2, 'CreateListener', formRequest(params)), input);
});

test('output the server encodes is read back through the model: lists, numbers, booleans, timestamps', () => {
  const created = new Date('2026-01-02T03:04:05.000Z');
  const output = {
    LoadBalancers: [
      {
        LoadBalancerArn: 'arn:lb/1',
        DNSName: '127.0.0.1',
        CreatedTime: created,
        LoadBalancerName: 'x<y>&"z"',
        State: { Code: 'active' },
        AvailabilityZones: [{ SubnetId: 's-1' }, { SubnetId: 's-2' }],
        SecurityGroups: ['sg-1'],
      },
    ],
    NextMarker: 'm',
  };
  const response = codec.encodeOutput(elbv2, 'DescribeLoadBalancers', output, 'req-1');
  assert.deepEqual(decodeQueryOutput(elbv2, 'DescribeLoadBalancers', String(response.body)), output);

  const targets = codec.encodeOutput(
    elbv2,
    'DescribeTargetHealth',
    { TargetHealthDescriptions: [{ Target: { Id: '10.0.0.1', Port: 80 }, TargetHealth: { State: 'healthy' } }] },
    'req-2',
  );
  assert.deepEqual(decodeQueryOutput(elbv2, 'DescribeTargetHealth', String(targets.body)), {
    TargetHealthDescriptions: [{ Target: { Id: '10.0.0.1', Port: 80 }, TargetHealth: { State: 'healthy' } }],
  });
  const empty = codec.encodeOutput(elbv2, 'DescribeLoadBalancers', { LoadBalancers: [] }, 'req-3');
  assert.deepEqual(decodeQueryOutput(elbv2, 'DescribeLoadBalancers', String(empty.body)), { LoadBalancers: [] });
});

test("an error answer's code and message; a document of another operation is refused", () => {
  const err = codec.encodeError(
    elbv2,
    new AwsError('DuplicateLoadBalancerName', "A load balancer with the same name 'a' exists"),
    'req-4',
  );
  assert.deepEqual(decodeQueryError(String(err.body)), {
    code: 'DuplicateLoadBalancerName',
    message: "A load balancer with the same name 'a' exists",
  });
  assert.equal(decodeQueryError('not xml at all'), undefined);
  const other = codec.encodeOutput(elbv2, 'DescribeListeners', { Listeners: [] }, 'req-5');
  assert.throws(
    () => decodeQueryOutput(elbv2, 'DescribeLoadBalancers', String(other.body)),
    /not a DescribeLoadBalancersResponse document/,
  );
});
