// Issue 14: detection and false positives of the managed rule groups on the wfuzz corpus, beside nginx+ModSecurity+CRS.
import { startWarden } from '../test/helpers/warden.js';
import { loadCorpus, wfuzzMissing } from '../test/helpers/waf-corpus.js';
import {
  DETECTION_GROUPS,
  HEADER_AND_COOKIE_RULES,
  describeScore,
  detectionListener,
  replay,
  score,
  startOkUpstream,
} from '../test/helpers/waf-detection.js';
import { modSecurityNginxMissing, startModSecurityNginx } from './modsecurity-nginx.js';

const CONCURRENCY = 8;
/** How many missed attacks to print per target (the full list is long): enough to see what kinds slip through. */
const SHOW_MISSES = Number(process.env.BENCH_SHOW_MISSES ?? 0);

/** Report lines: the corpus, then each target's detection and false-positive rates with counts. */
export async function runWafDetectionBench(): Promise<string[]> {
  const absent = await wfuzzMissing();
  if (absent) return [`skipped: ${absent}`];
  const corpus = await loadCorpus();
  const requests = [...corpus.attacks, ...corpus.benign];
  const out = [
    ...corpus.description,
    `${corpus.attacks.length} attack requests (each line in the query, a form body, a JSON body, a cookie and the User-Agent), ${corpus.benign.length} benign`,
  ];
  const upstream = await startOkUpstream();
  try {
    const warden = await startWarden();
    try {
      for (const [name, extra, title] of [
        ['bench-detection', [], `web ACL of ${DETECTION_GROUPS.join(' + ')}`],
        [
          'bench-detection-extended',
          HEADER_AND_COOKIE_RULES,
          `the same groups + ${HEADER_AND_COOKIE_RULES.map((r) => r.Name).join(', ')} (custom rules over every header and cookie)`,
        ],
      ] as const) {
        const origin = await detectionListener(warden, name, upstream.port, extra);
        const s = score(await replay(origin, requests, CONCURRENCY));
        out.push(`Warden listener, ${title}:`);
        out.push(...describeScore(s).map((l) => `  ${l}`));
        out.push(
          ...s.missed
            .slice(0, SHOW_MISSES)
            .map((o) => `  missed ${o.request.category}/${o.request.placement}: ${o.request.source}`),
        );
      }
    } finally {
      await warden.stop();
    }
    const missing = await modSecurityNginxMissing();
    if (missing) out.push(missing);
    else {
      const nginx = await startModSecurityNginx(upstream.port);
      try {
        const s = score(await replay(nginx.origin, requests, CONCURRENCY));
        out.push(`${nginx.description}:`);
        out.push(...describeScore(s).map((l) => `  ${l}`));
      } finally {
        await nginx.stop();
      }
    }
  } finally {
    await upstream.stop();
  }
  return out;
}
