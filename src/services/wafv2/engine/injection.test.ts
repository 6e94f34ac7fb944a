// One libddwaf run per request decides every SQLi/XSS probe: probes that extract the same values share one address,
// yet each rule still gets its own outcome, and an empty value is never an attack.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { DDWAF as DdwafClass } from '@datadog/native-appsec';
import { knownCleanCount, SQLI_INERT, XSS_INERT } from './injection.js';
import { compileWebAcl, evaluate, MemoryRateCounter, type CompiledWebAcl } from './index.js';
import type { Rule, Statement } from './types.js';
import { acl, blockRule, request, resolver } from './test-support.js';

const compiled: CompiledWebAcl[] = [];
after(() => compiled.forEach((c) => c.dispose()));

const header = { SingleHeader: { Name: 'x-probe' } };
const sqli = (type: string): Statement => ({
  SqliMatchStatement: { FieldToMatch: header, TextTransformations: [{ Priority: 0, Type: type }] },
});
const xss = (type: string): Statement => ({
  XssMatchStatement: { FieldToMatch: header, TextTransformations: [{ Priority: 0, Type: type }] },
});
const count = (name: string, priority: number, statement: Statement): Rule =>
  blockRule(name, priority, statement, { Action: { Count: {} } } as Partial<Rule>);

/** Every rule counts, so each one's outcome shows in nonTerminatingMatchingRules. */
function matched(value: string): string[] {
  const c = compileWebAcl(
    acl([
      count('sqli-none', 0, sqli('NONE')),
      // Same values as sqli-none unless the value has percent-escapes: one address for both.
      count('sqli-url', 1, sqli('URL_DECODE')),
      count('sqli-lower', 2, sqli('LOWERCASE')),
      count('xss-none', 3, xss('NONE')),
      count('xss-url', 4, xss('URL_DECODE')),
    ]),
    resolver(),
  );
  compiled.push(c);
  const result = evaluate(c, request({ headers: [['X-Probe', value]] }), { rateCounter: new MemoryRateCounter() });
  return result.nonTerminatingMatchingRules.map((r) => r.ruleId).sort();
}

test('every probe finding an injection is reported, probes sharing values included; other detectors decide apart', () => {
  assert.deepEqual(matched("1' OR '1'='1"), ['sqli-lower', 'sqli-none', 'sqli-url']);
  assert.deepEqual(matched('<script>alert(1)</script>'), ['xss-none', 'xss-url']);
  assert.deepEqual(matched('plain words'), []);
});

test('probes whose values differ after their transformations are decided apart', () => {
  // Only URL_DECODE turns the escapes into an injection.
  assert.deepEqual(matched('%3Cscript%3Ealert(1)%3C%2Fscript%3E'), ['xss-url']);
  assert.deepEqual(matched('1%27%20OR%20%271%27%3D%271'), ['sqli-url']);
});

test('an empty or absent value matches nothing', () => {
  assert.deepEqual(matched(''), []);
  const c = compileWebAcl(acl([blockRule('sqli', 0, sqli('NONE'))]), resolver());
  compiled.push(c);
  assert.equal(evaluate(c, request(), { rateCounter: new MemoryRateCounter() }).action, 'ALLOW');
});

test('a Body probe finds an injection in any field of a form or JSON body, not only at the start of the body', () => {
  const body = { Body: { OversizeHandling: 'CONTINUE' } };
  const c = compileWebAcl(
    acl([
      blockRule('sqli-body', 0, {
        SqliMatchStatement: { FieldToMatch: body, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }] },
      }),
    ]),
    resolver(),
  );
  compiled.push(c);
  const post = (contentType: string, text: string) =>
    evaluate(c, request({ method: 'POST', headers: [['Content-Type', contentType]], body: Buffer.from(text) }), {
      rateCounter: new MemoryRateCounter(),
    }).action;
  // libinjection reads a string from its start: in the whole body the second field's injection is not seen.
  assert.equal(post('application/x-www-form-urlencoded', 'name=alex&comment=%22%20or%201%3D1--&notify=yes'), 'BLOCK');
  assert.equal(post('application/json', JSON.stringify({ name: 'widget', description: '" or 1=1--' })), 'BLOCK');
  // The pieces are read from the body whatever its declared type.
  assert.equal(post('text/plain', JSON.stringify({ name: 'widget', description: '" or 1=1--' })), 'BLOCK');
  assert.equal(post('application/x-www-form-urlencoded', 'name=alex&comment=I+will+be+there+at+1&notify=yes'), 'ALLOW');
});

test('SensitivityLevel HIGH also reads a value as following a number; LOW (the default) does not', () => {
  const statement = (SensitivityLevel?: string): Statement => ({
    SqliMatchStatement: {
      FieldToMatch: header,
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      ...(SensitivityLevel ? { SensitivityLevel } : {}),
    },
  });
  const c = compileWebAcl(
    acl([count('default', 0, statement()), count('low', 1, statement('LOW')), count('high', 2, statement('HIGH'))]),
    resolver(),
  );
  compiled.push(c);
  const hits = (value: string) =>
    evaluate(c, request({ headers: [['X-Probe', value]] }), { rateCounter: new MemoryRateCounter() })
      .nonTerminatingMatchingRules.map((r) => r.ruleId)
      .sort();
  // `id=<value>`: a condition appended to a numeric comparison.
  assert.deepEqual(hits('or 1=1--'), ['high']);
  assert.deepEqual(hits("1' OR '1'='1"), ['default', 'high', 'low']);
  assert.deepEqual(hits('tea or coffee'), []);
});

test('XSS: a tab or line break inside a URL scheme, which browsers drop, does not hide it', () => {
  assert.deepEqual(matched('<img src="jav\tascript:alert(1)">'), ['xss-none', 'xss-url']);
  assert.ok(matched('<img src="java%0Dscript:alert(1)">').includes('xss-url'));
  assert.deepEqual(matched('first line\nsecond line'), []);
});

test('values left unsent as inert are ones libinjection never flags (keywords, numbers, words, their combinations)', () => {
  const { DDWAF } = createRequire(import.meta.url)('@datadog/native-appsec') as { DDWAF: typeof DdwafClass };
  const rule = (id: string, operator: string) => ({
    id,
    name: id,
    tags: { type: id, category: 'attack_attempt' },
    conditions: [{ operator, parameters: { inputs: [{ address: id }] } }],
  });
  const waf = new DDWAF(
    {
      version: '2.2',
      metadata: { rules_version: 't' },
      rules: [rule('s', 'is_sqli'), rule('x', 'is_xss')],
    },
    'warden-test',
  );
  try {
    const flagged = (address: 's' | 'x', value: string): boolean => {
      const context = waf.createContext();
      try {
        return (context.run({ ephemeral: { [address]: value } }, 1_000_000).events ?? []).length > 0;
      } finally {
        context.dispose();
      }
    };
    const words = [
      ...'select union all insert update delete drop where from or and not null sleep benchmark exec xp_cmdshell waitfor delay having order by group like in is true false case when then else end declare char concat version user database table information_schema'.split(
        ' ',
      ),
      ...'onload onerror onclick onmouseover onfocus javascript vbscript script style src href xmlns formaction iframe svg img body data alert prompt confirm eval expression'.split(
        ' ',
      ),
      ...['1', '0', '1e5', '0x41', '9999', 'admin', 'widget', 'Tom', 'x_y', 'null1'],
    ];
    let checked = 0;
    for (const a of words)
      for (const b of words) {
        for (const v of [`${a}${b}`, `${a}_${b}`, `1${a}1`]) {
          assert.ok(SQLI_INERT.test(v));
          assert.equal(flagged('s', v) || flagged('s', `1 ${v}`), false, v);
          checked++;
        }
        for (const v of [`${a} ${b}`, `x ${a} ${b}`, `${a}, ${b}-${a}.`]) {
          assert.ok(XSS_INERT.test(v));
          assert.equal(flagged('x', v), false, v);
          checked++;
        }
      }
    assert.ok(checked > 10_000);
  } finally {
    waf.dispose();
  }
});

test('values found clean are not sent again, yet decide as before; a flagged run teaches nothing', () => {
  const c = compileWebAcl(acl([count('sqli', 0, sqli('NONE')), count('xss', 1, xss('NONE'))]), resolver());
  compiled.push(c);
  const run = (...values: string[]) =>
    evaluate(c, request({ headers: values.map((v): [string, string] => ['X-Probe', v]) }), {
      rateCounter: new MemoryRateCounter(),
    })
      .nonTerminatingMatchingRules.map((r) => r.ruleId)
      .sort();
  const attack = "1' OR '1'='1";
  // The clean value went with an attack: the run flagged the probe, so neither value may be taken as clean.
  assert.deepEqual(run('see you (soon)', attack), ['sqli']);
  assert.deepEqual(run(attack), ['sqli']);
  assert.deepEqual(run('see you (soon)'), []);
  // Now known clean for both detectors: beside an attack the request is still flagged, alone it is clean.
  assert.deepEqual(run('see you (soon)', '<script>alert(1)</script>'), ['xss']);
  assert.deepEqual(run('see you (soon)'), []);
  assert.deepEqual(run(attack, 'see you (soon)'), ['sqli']);
});

test('the clean values kept are bounded', () => {
  const c = compileWebAcl(acl([count('sqli', 0, sqli('NONE'))]), resolver());
  compiled.push(c);
  const { max } = knownCleanCount('sqli');
  for (let i = 0; i < max + 50; i++)
    evaluate(c, request({ headers: [['X-Probe', `page ${i}`]] }), { rateCounter: new MemoryRateCounter() });
  assert.equal(knownCleanCount('sqli').count, max);
  // Past the bound the oldest were forgotten, and they still decide as before when they come back.
  const first = evaluate(c, request({ headers: [['X-Probe', 'page 0']] }), { rateCounter: new MemoryRateCounter() });
  assert.equal(first.nonTerminatingMatchingRules.length, 0);
});
