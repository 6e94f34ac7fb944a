// Micro-benchmark of the WAFv2 engine alone: evaluations/s for a core-rule-set-sized web ACL (a `npm run bench` scenario;
// also runs alone: node --import tsx bench/waf-engine.ts).
import { pathToFileURL } from 'node:url';
import { compileWebAcl, evaluate, MemoryRateCounter } from '../src/services/wafv2/engine/index.js';
import type { Rule, Statement } from '../src/services/wafv2/engine/types.js';
import type { InspectedRequest } from '../src/core/traffic.js';

const tt = [
  { Priority: 0, Type: 'URL_DECODE' },
  { Priority: 1, Type: 'HTML_ENTITY_DECODE' },
];
const fields = [
  { AllQueryArguments: {} },
  { Body: { OversizeHandling: 'CONTINUE' } },
  { Cookies: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'CONTINUE' } },
  { UriPath: {} },
  { SingleHeader: { Name: 'user-agent' } },
];
const rules: Rule[] = [];
let p = 0;
const add = (name: string, Statement: Statement) =>
  rules.push({ Name: name, Priority: p++, Statement, Action: { Block: {} } } as Rule);
fields.forEach((FieldToMatch, i) => {
  add(`sqli-${i}`, { SqliMatchStatement: { FieldToMatch, TextTransformations: tt } });
  add(`xss-${i}`, { XssMatchStatement: { FieldToMatch, TextTransformations: tt } });
  add(`lfi-${i}`, {
    ByteMatchStatement: {
      SearchString: '../',
      PositionalConstraint: 'CONTAINS',
      FieldToMatch,
      TextTransformations: tt,
    },
  });
  add(`rfi-${i}`, {
    RegexMatchStatement: { RegexString: '(?i)^(ftp|https?)://[0-9.]+/', FieldToMatch, TextTransformations: tt },
  });
});
add('size-body', {
  SizeConstraintStatement: {
    FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
    ComparisonOperator: 'GT',
    Size: 8192,
    TextTransformations: [{ Priority: 0, Type: 'NONE' }],
  },
});
add('bad-ua', {
  ByteMatchStatement: {
    SearchString: 'sqlmap',
    PositionalConstraint: 'CONTAINS',
    FieldToMatch: { SingleHeader: { Name: 'user-agent' } },
    TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
  },
});
add('rate', { RateBasedStatement: { Limit: 1e12, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } });

const benign: InspectedRequest = {
  clientIp: '127.0.0.2',
  method: 'POST',
  uri: '/api/v1/orders/12345',
  query: 'page=2&sort=created_at&filter=open',
  httpVersion: '1.1',
  headers: [
    ['Host', 'shop.example'],
    ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'],
    ['Accept', 'application/json'],
    ['Cookie', 'session=3f9a0c1e2b; theme=dark; lang=en'],
    ['Content-Type', 'application/x-www-form-urlencoded'],
  ],
  body: Buffer.from('item=widget&quantity=3&note=Please+deliver+after+5pm'),
  bodyTruncated: false,
  scheme: 'http',
};
const attack: InspectedRequest = { ...benign, query: "id=1'%20OR%20'1'='1" };

export interface WafEngineResult {
  label: string;
  rules: number;
  perSecond: number;
  p50us: number;
  p99us: number;
}

export function runWafEngineBench(n = 50_000): WafEngineResult[] {
  const compiled = compileWebAcl(
    {
      Name: 'bench',
      ARN: 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/bench/1',
      DefaultAction: { Allow: {} },
      Rules: rules,
    },
    {
      ipSet: () => undefined,
      regexPatternSet: () => undefined,
      ruleGroup: () => undefined,
      managedRuleGroup: () => undefined,
    },
  );
  const state = { rateCounter: new MemoryRateCounter() };
  const out: WafEngineResult[] = [];
  try {
    for (const [label, req, expected] of [
      ['benign', benign, 'ALLOW'],
      ['sqli in query', attack, 'BLOCK'],
    ] as const) {
      for (let i = 0; i < 2000; i++) evaluate(compiled, req, state);
      const times = new Float64Array(n);
      const start = process.hrtime.bigint();
      let last = '';
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        last = evaluate(compiled, req, state).action;
        times[i] = Number(process.hrtime.bigint() - t0) / 1000;
      }
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      times.sort();
      if (last !== expected) throw new Error(`${label}: expected ${expected}, got ${last}`);
      out.push({
        label,
        rules: rules.length,
        perSecond: n / secs,
        p50us: times[n >> 1]!,
        p99us: times[Math.floor(n * 0.99)]!,
      });
    }
  } finally {
    compiled.dispose();
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of runWafEngineBench()) {
    console.log(
      `${r.label.padEnd(14)} ${r.rules} rules  ${Math.round(r.perSecond).toLocaleString('en-US')} evaluations/s on one core  p50 ${r.p50us.toFixed(1)} µs  p99 ${r.p99us.toFixed(1)} µs`,
    );
  }
}
