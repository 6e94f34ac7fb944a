// WAFv2's control plane through the SDK: IP sets, regex pattern sets, rule groups, web ACLs, capacity, tags, associations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateWebACLCommand,
  CheckCapacityCommand,
  CreateIPSetCommand,
  CreateRegexPatternSetCommand,
  CreateRuleGroupCommand,
  CreateWebACLCommand,
  DeleteIPSetCommand,
  DeleteRuleGroupCommand,
  DeleteWebACLCommand,
  GetIPSetCommand,
  GetRegexPatternSetCommand,
  GetRuleGroupCommand,
  GetWebACLCommand,
  GetWebACLForResourceCommand,
  ListIPSetsCommand,
  ListResourcesForWebACLCommand,
  ListTagsForResourceCommand,
  ListWebACLsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIPSetCommand,
  UpdateWebACLCommand,
  WAFV2Client,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let waf: WAFV2Client;
const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });

before(async () => {
  w = await startWarden();
  waf = new WAFV2Client(w.clientConfig);
});
after(async () => {
  await w.stop();
});

async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & Record<string, unknown>;
    assert.equal(err.name, name, err.message);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${name}`);
}

const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/;

describe('IP sets', () => {
  test('create, get (normalized), update under lock, stale lock refused, list, delete', async () => {
    const made = await waf.send(
      new CreateIPSetCommand({
        Name: 'office',
        Scope: 'REGIONAL',
        IPAddressVersion: 'IPV6',
        Addresses: ['2001:0DB8:0000::0001/128', '2001:db8::/32'],
      }),
    );
    const s = made.Summary!;
    assert.match(s.Id!, UUID);
    assert.equal(s.ARN, `arn:aws:wafv2:${w.clientConfig.region}:${w.accountId}:regional/ipset/office/${s.Id}`);
    const got = await waf.send(new GetIPSetCommand({ Name: 'office', Scope: 'REGIONAL', Id: s.Id }));
    assert.deepEqual(got.IPSet!.Addresses, ['2001:db8:0:0:0:0:0:1/128', '2001:db8:0:0:0:0:0:0/32']);
    assert.equal(got.LockToken, s.LockToken);

    const upd = await waf.send(
      new UpdateIPSetCommand({
        Name: 'office',
        Scope: 'REGIONAL',
        Id: s.Id,
        Addresses: ['::1/128'],
        LockToken: s.LockToken,
      }),
    );
    assert.notEqual(upd.NextLockToken, s.LockToken);
    const stale = await rejects(
      waf.send(
        new UpdateIPSetCommand({ Name: 'office', Scope: 'REGIONAL', Id: s.Id, Addresses: [], LockToken: s.LockToken }),
      ),
      'WAFOptimisticLockException',
      /^AWS WAF couldn’t save your changes because you tried to update or delete a resource that has changed/,
    );
    assert.equal(stale.$metadata && (stale.$metadata as { httpStatusCode: number }).httpStatusCode, 400);

    const list = await waf.send(new ListIPSetsCommand({ Scope: 'REGIONAL' }));
    assert.deepEqual(
      list.IPSets!.map((i) => i.Name),
      ['office'],
    );
    await waf.send(
      new DeleteIPSetCommand({ Name: 'office', Scope: 'REGIONAL', Id: s.Id, LockToken: upd.NextLockToken }),
    );
    await rejects(
      waf.send(new GetIPSetCommand({ Name: 'office', Scope: 'REGIONAL', Id: s.Id })),
      'WAFNonexistentItemException',
      'AWS WAF couldn’t perform the operation because your resource doesn’t exist.',
    );
  });

  test('a malformed CIDR is WAFInvalidParameterException with Field, Parameter and Reason', async () => {
    const err = await rejects(
      waf.send(
        new CreateIPSetCommand({
          Name: 'bad',
          Scope: 'REGIONAL',
          IPAddressVersion: 'IPV4',
          Addresses: ['10.0.0.0/33'],
        }),
      ),
      'WAFInvalidParameterException',
    );
    assert.equal(err.Field, 'IP_ADDRESS');
    assert.equal(err.Parameter, '10.0.0.0/33');
    assert.equal(err.Reason, "The parameter contains formatting that isn't valid.");
  });

  test('a duplicate name is WAFDuplicateItemException; CLOUDFRONT outside us-east-1 is refused', async () => {
    const input = {
      Name: 'dup',
      Scope: 'REGIONAL' as const,
      IPAddressVersion: 'IPV4' as const,
      Addresses: ['10.0.0.0/8'],
    };
    await waf.send(new CreateIPSetCommand(input));
    await rejects(waf.send(new CreateIPSetCommand(input)), 'WAFDuplicateItemException');
    const elsewhere = new WAFV2Client({ ...w.clientConfig, region: 'eu-west-1' });
    const err = await rejects(
      elsewhere.send(new CreateIPSetCommand({ ...input, Scope: 'CLOUDFRONT' })),
      'WAFInvalidParameterException',
    );
    assert.equal(err.Field, 'SCOPE_VALUE');
  });

  test('paging with Limit and NextMarker', async () => {
    for (const n of ['p1', 'p2', 'p3']) {
      await waf.send(new CreateIPSetCommand({ Name: n, Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: [] }));
    }
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await waf.send(new ListIPSetsCommand({ Scope: 'REGIONAL', Limit: 2, NextMarker: marker }));
      assert.ok(page.IPSets!.length <= 2);
      names.push(...page.IPSets!.map((i) => i.Name!));
      marker = page.NextMarker;
    } while (marker);
    assert.deepEqual(
      names.filter((n) => n.startsWith('p')),
      ['p1', 'p2', 'p3'],
    );
  });
});

describe('regex pattern sets', () => {
  test('RE2-incompatible patterns are refused; valid ones round-trip', async () => {
    const err = await rejects(
      waf.send(
        new CreateRegexPatternSetCommand({
          Name: 'bad',
          Scope: 'REGIONAL',
          RegularExpressionList: [{ RegexString: '(a)\\1' }],
        }),
      ),
      'WAFInvalidParameterException',
    );
    assert.equal(err.Field, 'REGEX_PATTERN_SET');
    await rejects(
      waf.send(
        new CreateRegexPatternSetCommand({
          Name: 'bad2',
          Scope: 'REGIONAL',
          RegularExpressionList: [{ RegexString: '(' }],
        }),
      ),
      'WAFInvalidParameterException',
    );
    const made = await waf.send(
      new CreateRegexPatternSetCommand({
        Name: 'bots',
        Scope: 'REGIONAL',
        RegularExpressionList: [{ RegexString: '^curl/' }],
      }),
    );
    const got = await waf.send(
      new GetRegexPatternSetCommand({ Name: 'bots', Scope: 'REGIONAL', Id: made.Summary!.Id }),
    );
    assert.deepEqual(got.RegexPatternSet!.RegularExpressionList, [{ RegexString: '^curl/' }]);
  });
});

const sqliRule = (name: string, priority: number): Rule => ({
  Name: name,
  Priority: priority,
  Statement: {
    SqliMatchStatement: {
      FieldToMatch: { QueryString: {} },
      TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
      SensitivityLevel: 'HIGH',
    },
  },
  Action: { Block: {} },
  VisibilityConfig: vis(name),
});

describe('capacity', () => {
  test('CheckCapacity prices statements, fields and transformations as AWS documents', async () => {
    // SQLi HIGH 30 + one transformation 10.
    assert.equal(
      (await waf.send(new CheckCapacityCommand({ Scope: 'REGIONAL', Rules: [sqliRule('a', 0)] }))).Capacity,
      40,
    );
    const contains: Rule = {
      Name: 'c',
      Priority: 1,
      Statement: {
        ByteMatchStatement: {
          SearchString: new TextEncoder().encode('x'),
          FieldToMatch: { JsonBody: { MatchPattern: { All: {} }, MatchScope: 'ALL' } },
          TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          PositionalConstraint: 'CONTAINS',
        },
      },
      Action: { Count: {} },
      VisibilityConfig: vis('c'),
    };
    // CONTAINS 10, doubled for JSON body; NONE costs nothing.
    assert.equal((await waf.send(new CheckCapacityCommand({ Scope: 'REGIONAL', Rules: [contains] }))).Capacity, 20);
  });

  test('rule group rules beyond its Capacity: WAFLimitsExceededException; the group caps a web ACL', async () => {
    await rejects(
      waf.send(
        new CreateRuleGroupCommand({
          Name: 'small',
          Scope: 'REGIONAL',
          Capacity: 10,
          Rules: [sqliRule('a', 0)],
          VisibilityConfig: vis('g'),
        }),
      ),
      'WAFLimitsExceededException',
    );
    const group = await waf.send(
      new CreateRuleGroupCommand({
        Name: 'big',
        Scope: 'REGIONAL',
        Capacity: 4000,
        Rules: [sqliRule('a', 0)],
        VisibilityConfig: vis('g'),
      }),
    );
    const ref = (name: string, priority: number): Rule => ({
      Name: name,
      Priority: priority,
      Statement: { RuleGroupReferenceStatement: { ARN: group.Summary!.ARN! } },
      OverrideAction: { None: {} },
      VisibilityConfig: vis(name),
    });
    assert.equal(
      (await waf.send(new CheckCapacityCommand({ Scope: 'REGIONAL', Rules: [ref('r1', 0)] }))).Capacity,
      4000,
    );
    await rejects(
      waf.send(
        new CreateWebACLCommand({
          Name: 'too-big',
          Scope: 'REGIONAL',
          DefaultAction: { Allow: {} },
          Rules: [ref('r1', 0), sqliRule('s', 1), ref('r2', 2)],
          VisibilityConfig: vis('acl'),
        }),
      ),
      'WAFLimitsExceededException',
    );
    const g = await waf.send(new GetRuleGroupCommand({ ARN: group.Summary!.ARN }));
    assert.equal(g.RuleGroup!.Capacity, 4000);
    assert.equal(g.RuleGroup!.LabelNamespace, `awswaf:${w.accountId}:rulegroup:big:`);
  });
});

describe('web ACLs, references and tags', () => {
  test('create with an IP set reference, capacity in GetWebACL, referenced set and group cannot be deleted', async () => {
    const set = await waf.send(
      new CreateIPSetCommand({
        Name: 'blocked',
        Scope: 'REGIONAL',
        IPAddressVersion: 'IPV4',
        Addresses: ['192.0.2.0/24'],
      }),
    );
    const rules: Rule[] = [
      {
        Name: 'ip',
        Priority: 0,
        Statement: { IPSetReferenceStatement: { ARN: set.Summary!.ARN! } },
        Action: { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'denied' } } },
        VisibilityConfig: vis('ip'),
      },
      sqliRule('sqli', 1),
    ];
    const acl = await waf.send(
      new CreateWebACLCommand({
        Name: 'site',
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: rules,
        VisibilityConfig: vis('site'),
        CustomResponseBodies: { denied: { ContentType: 'TEXT_PLAIN', Content: 'no' } },
        TokenDomains: ['example.com'],
        Tags: [{ Key: 'team', Value: 'web' }],
      }),
    );
    const arn = acl.Summary!.ARN!;
    assert.equal(arn, `arn:aws:wafv2:${w.clientConfig.region}:${w.accountId}:regional/webacl/site/${acl.Summary!.Id}`);
    const got = await waf.send(new GetWebACLCommand({ Name: 'site', Scope: 'REGIONAL', Id: acl.Summary!.Id }));
    assert.equal(got.WebACL!.Capacity, 41);
    assert.deepEqual(got.WebACL!.TokenDomains, ['example.com']);
    assert.equal(got.WebACL!.CustomResponseBodies!.denied!.Content, 'no');

    await rejects(
      waf.send(
        new DeleteIPSetCommand({
          Name: 'blocked',
          Scope: 'REGIONAL',
          Id: set.Summary!.Id,
          LockToken: set.Summary!.LockToken,
        }),
      ),
      'WAFAssociatedItemException',
      'AWS WAF couldn’t perform the operation because your resource is being used by another resource or it’s associated with another resource.',
    );

    // A body key no CustomResponseBodies entry defines.
    const err = await rejects(
      waf.send(
        new UpdateWebACLCommand({
          Name: 'site',
          Scope: 'REGIONAL',
          Id: acl.Summary!.Id,
          LockToken: got.LockToken,
          DefaultAction: { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'missing' } } },
          VisibilityConfig: vis('site'),
        }),
      ),
      'WAFInvalidParameterException',
    );
    assert.equal(err.Field, 'CUSTOM_RESPONSE_BODY');

    const updated = await waf.send(
      new UpdateWebACLCommand({
        Name: 'site',
        Scope: 'REGIONAL',
        Id: acl.Summary!.Id,
        LockToken: got.LockToken,
        DefaultAction: { Allow: {} },
        Rules: [],
        VisibilityConfig: vis('site'),
      }),
    );
    // The set is free once no rule references it.
    await waf.send(
      new DeleteIPSetCommand({
        Name: 'blocked',
        Scope: 'REGIONAL',
        Id: set.Summary!.Id,
        LockToken: set.Summary!.LockToken,
      }),
    );

    await waf.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await waf.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team'] }));
    const tags = await waf.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    assert.deepEqual(tags.TagInfoForResource!.TagList, [{ Key: 'env', Value: 'prod' }]);
    await rejects(
      waf.send(
        new ListTagsForResourceCommand({
          ResourceARN: arn.replace(acl.Summary!.Id!, '00000000-0000-4000-8000-000000000000'),
        }),
      ),
      'WAFNonexistentItemException',
    );

    const list = await waf.send(new ListWebACLsCommand({ Scope: 'REGIONAL' }));
    assert.ok(list.WebACLs!.some((a) => a.ARN === arn && a.LockToken === updated.NextLockToken));
    await waf.send(
      new DeleteWebACLCommand({
        Name: 'site',
        Scope: 'REGIONAL',
        Id: acl.Summary!.Id,
        LockToken: updated.NextLockToken,
      }),
    );
  });

  test('a rule group referenced by a web ACL cannot be deleted', async () => {
    const group = await waf.send(
      new CreateRuleGroupCommand({ Name: 'shared', Scope: 'REGIONAL', Capacity: 100, VisibilityConfig: vis('g') }),
    );
    await waf.send(
      new CreateWebACLCommand({
        Name: 'uses-group',
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: [
          {
            Name: 'g',
            Priority: 0,
            Statement: { RuleGroupReferenceStatement: { ARN: group.Summary!.ARN! } },
            OverrideAction: { None: {} },
            VisibilityConfig: vis('g'),
          },
        ],
        VisibilityConfig: vis('acl'),
      }),
    );
    await rejects(
      waf.send(
        new DeleteRuleGroupCommand({
          Name: 'shared',
          Scope: 'REGIONAL',
          Id: group.Summary!.Id,
          LockToken: group.Summary!.LockToken,
        }),
      ),
      'WAFAssociatedItemException',
    );
  });
});

describe('associations', () => {
  test('a load balancer that does not exist: WAFNonexistentItemException for associate and lookup', async () => {
    const acl = await waf.send(
      new CreateWebACLCommand({
        Name: 'assoc',
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        VisibilityConfig: vis('a'),
      }),
    );
    const lb = `arn:aws:elasticloadbalancing:${w.clientConfig.region}:${w.accountId}:loadbalancer/app/nope/0123456789abcdef`;
    await rejects(
      waf.send(new AssociateWebACLCommand({ WebACLArn: acl.Summary!.ARN, ResourceArn: lb })),
      'WAFNonexistentItemException',
    );
    await rejects(waf.send(new GetWebACLForResourceCommand({ ResourceArn: lb })), 'WAFNonexistentItemException');
    const err = await rejects(
      waf.send(new AssociateWebACLCommand({ WebACLArn: acl.Summary!.ARN, ResourceArn: 'arn:aws:s3:::bucket-name' })),
      'WAFInvalidParameterException',
    );
    assert.equal(err.Field, 'RESOURCE_ARN');
    const none = await waf.send(new ListResourcesForWebACLCommand({ WebACLArn: acl.Summary!.ARN }));
    assert.deepEqual(none.ResourceArns, []);
  });
});
