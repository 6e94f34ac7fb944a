// CVSS base scores of advisories' vectors (v2, v3.0, v3.1, v4.0) by ae-cvss-calculator, and the severity each implies.
// A CommonJS package: its classes are the default export's members under Node's ESM loader.
import lib from 'ae-cvss-calculator';
import type { OsvSeverity } from './osv-record.js';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface CvssScore {
  version: CvssVersion;
  /** The vector as the advisory gave it. */
  vector: string;
  baseScore: number;
}

/** Longest vector scored (a full v4 vector with every optional metric is under 300 characters). */
const MAX_VECTOR = 512;

// Every base metric present, in the specification's order: the library scores a partial vector as 0 or throws, and
// a guessed score is worse than none.
const V2 = /^\(?AV:[LAN]\/AC:[HML]\/Au:[MSN]\/C:[NPC]\/I:[NPC]\/A:[NPC](\/[A-Za-z]+:[A-Za-z]+)*\)?$/;
const V3 =
  /^CVSS:3\.[01]\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH](\/[A-Za-z]+:[A-Za-z]+)*$/;
const V4 =
  /^CVSS:4\.0\/AV:[NALP]\/AC:[LH]\/AT:[NP]\/PR:[NLH]\/UI:[NPA]\/VC:[HLN]\/VI:[HLN]\/VA:[HLN]\/SC:[HLN]\/SI:[HLN]\/SA:[HLN](\/[A-Za-z]+:[A-Za-z]+)*$/;

/** The base score of one OSV severity entry, or undefined when it is not a complete CVSS vector. */
export function cvssScore(s: OsvSeverity): CvssScore | undefined {
  const vector = s.score.trim();
  if (vector.length > MAX_VECTOR) return undefined;
  try {
    let version: CvssVersion;
    let base: number | undefined;
    if (s.type === 'CVSS_V2' && V2.test(vector)) {
      version = '2.0';
      base = new lib.Cvss2(vector.replace(/^\(|\)$/g, '')).calculateScores().base;
    } else if (s.type === 'CVSS_V3' && V3.test(vector)) {
      version = vector.startsWith('CVSS:3.1/') ? '3.1' : '3.0';
      base = (version === '3.1' ? new lib.Cvss3P1(vector) : new lib.Cvss3P0(vector)).calculateScores().base;
    } else if (s.type === 'CVSS_V4' && V4.test(vector)) {
      version = '4.0';
      base = new lib.Cvss4P0(vector).calculateScores().base;
    } else return undefined;
    if (typeof base !== 'number' || !Number.isFinite(base) || base < 0 || base > 10) return undefined;
    return { version, vector, baseScore: Math.round(base * 10) / 10 };
  } catch {
    return undefined;
  }
}

/** The scores of every complete vector among these severities, newest CVSS version first (v4, v3.1, v3.0, v2). */
export function cvssScores(severities: readonly OsvSeverity[]): CvssScore[] {
  const order: Record<CvssVersion, number> = { '4.0': 0, '3.1': 1, '3.0': 2, '2.0': 3 };
  return severities
    .map(cvssScore)
    .filter((s): s is CvssScore => s !== undefined)
    .sort((a, b) => order[a.version] - order[b.version]);
}

/**
 * The qualitative rating of a base score, as each version's specification defines it: v3 and v4 None (0) / Low /
 * Medium / High (7.0–8.9) / Critical (9.0–10.0); v2 has no Critical nor None (Low 0–3.9, Medium, High 7.0–10.0).
 */
export function cvssRating(score: CvssScore): 'none' | 'low' | 'medium' | 'high' | 'critical' {
  const b = score.baseScore;
  if (score.version === '2.0') return b >= 7 ? 'high' : b >= 4 ? 'medium' : 'low';
  if (b === 0) return 'none';
  return b >= 9 ? 'critical' : b >= 7 ? 'high' : b >= 4 ? 'medium' : 'low';
}
