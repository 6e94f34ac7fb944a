// The WAF detection corpus: wfuzz's public attack lists and word lists, read at run time from the Debian package's files.
import { spawnSync } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where the Debian package `wfuzz` installs its word lists. The payloads stay in that package (GPL-2.0): nothing of
 * them is copied into this repository; every run reads them here.
 */
export const WFUZZ_WORDLISTS = '/usr/share/wfuzz/wordlist';

/** The attack lists, one category each. `Other` is All_attack.txt less every line the four others hold. */
const ATTACK_FILES = {
  SQL: 'Injections/SQL.txt',
  XSS: 'Injections/XSS.txt',
  Traversal: 'Injections/Traversal.txt',
  XML: 'Injections/XML.txt',
} as const;
const ALL_ATTACK = 'Injections/All_attack.txt';
/** Ordinary words for the benign requests: the general lists of common names and the three language lists. */
const WORD_FILES = [
  'general/common.txt',
  'general/big.txt',
  'general/spanish.txt',
  'general/catala.txt',
  'general/euskera.txt',
];

export type AttackCategory = keyof typeof ATTACK_FILES | 'Other';
export type Placement = 'query' | 'form' | 'json' | 'cookie' | 'header';
export const PLACEMENTS: Placement[] = ['query', 'form', 'json', 'cookie', 'header'];

export interface CorpusRequest {
  kind: 'attack' | 'benign';
  category: AttackCategory | 'benign';
  placement: Placement;
  /** The wfuzz line (attacks) or the words (benign) this request carries, for reporting misses. */
  source: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Corpus {
  attacks: CorpusRequest[];
  benign: CorpusRequest[];
  /** What was read and what was left out, for the report. */
  description: string[];
}

/** Why the corpus cannot be built here (the package is missing), or false when its lists are all present. */
export async function wfuzzMissing(): Promise<string | false> {
  for (const file of [...Object.values(ATTACK_FILES), ALL_ATTACK, ...WORD_FILES]) {
    try {
      await access(join(WFUZZ_WORDLISTS, file));
    } catch {
      return `the wfuzz word lists are not installed (${join(WFUZZ_WORDLISTS, file)} missing; apt-get install wfuzz)`;
    }
  }
  return false;
}

/** The installed package's version as dpkg reports it, for the report's statement of the corpus's source. */
export function wfuzzVersion(): string {
  const q = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'wfuzz'], { encoding: 'utf8' });
  return q.status === 0 && q.stdout ? q.stdout : 'unknown (dpkg-query found no wfuzz package)';
}

async function lines(file: string): Promise<string[]> {
  const text = await readFile(join(WFUZZ_WORDLISTS, file), 'latin1');
  return text.split(/\r?\n/).filter((l) => l.length > 0);
}

/**
 * The bytes an application receives for a wfuzz line: wfuzz puts lines into URLs as they are, so a line's %XX
 * sequences are decoded once by the server (%2527 arrives as %27). Invalid sequences (%n, %u2215) stay literal.
 */
export function valueOf(line: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const hex = line.slice(i + 1, i + 3);
    if (line[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(line.charCodeAt(i) & 0xff);
  }
  return Buffer.from(out);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** The value with HTML character references resolved, for classifying a line only (never sent). */
function withoutEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]{1,8});?/gi, (_, h: string) => String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)))
    .replace(/&#([0-9]{1,8});?/g, (_, d: string) => String.fromCodePoint(Math.min(parseInt(d, 10), 0x10ffff)))
    .replace(/&(lt|gt|quot|apos|amp);?/gi, (_, n: string) => ENTITIES[n.toLowerCase()]!);
}

/**
 * Whether a wfuzz line is an attack rather than a fuzzing probe. The lists mix exploits with probes that only look
 * for an error message: a lone quote or bracket, a number, a bare keyword (`select`, `order by`), an encoded
 * character (`&#x3c;`, `&apos;`). A line counts as an attack when its decoded value holds at least two letters
 * and at least one character that changes meaning in SQL, HTML, a shell, a path or a header: ' " < > ; | ` ( ) = /
 * \ & $ { } [ ] * or a line break.
 */
export function isAttack(line: string): boolean {
  const value = withoutEntities(valueOf(line).toString('latin1'));
  const letters = value.match(/[a-z]/gi)?.length ?? 0;
  return letters >= 2 && /['"<>;|`()=/\\&${}[\]*\r\n]/.test(value);
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Every byte percent-encoded except RFC 3986's unreserved characters: the form a browser sends in a URL or form. */
function percentEncode(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += UNRESERVED.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** A header value carries printable ASCII as it is; anything else (line breaks, 8-bit bytes) percent-encoded. */
function headerValue(bytes: Buffer): string {
  return [...bytes].every((b) => b === 0x09 || (b >= 0x20 && b < 0x7f))
    ? bytes.toString('latin1')
    : percentEncode(bytes);
}

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const BASE_HEADERS = { 'user-agent': BROWSER, accept: 'text/html,application/json', 'accept-language': 'en-US,en' };
const SESSION = 'session=5f2b9c1d7e8a4b3c';

/** One request carrying `value` in `placement`, the way an ordinary client would encode it there. */
export function placed(
  value: Buffer,
  placement: Placement,
  meta: Pick<CorpusRequest, 'kind' | 'category' | 'source'>,
): CorpusRequest {
  const base = { ...meta, placement, headers: { ...BASE_HEADERS } };
  switch (placement) {
    case 'query':
      return { ...base, method: 'GET', path: `/search?q=${percentEncode(value)}&page=1` };
    case 'form':
      return {
        ...base,
        method: 'POST',
        path: '/comments',
        headers: { ...base.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: `name=alex&comment=${percentEncode(value)}&notify=yes`,
      };
    case 'json':
      return {
        ...base,
        method: 'POST',
        path: '/api/items',
        headers: { ...base.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'widget', description: value.toString('utf8'), quantity: 2 }),
      };
    case 'cookie':
      return {
        ...base,
        method: 'GET',
        path: '/account',
        headers: { ...base.headers, cookie: `${SESSION}; lang=en; last_search=${percentEncode(value)}` },
      };
    case 'header':
      // The User-Agent: the header applications most often log and store, and a classic injection point.
      return { ...base, method: 'GET', path: '/', headers: { ...base.headers, 'user-agent': headerValue(value) } };
  }
}

/** An ordinary request of `placement` built from a few ordinary words. */
function benignRequest(words: string[], n: number, placement: Placement): CorpusRequest {
  const [a = 'home', b = 'page', c = 'news', d = 'list'] = words;
  const sentence = `Thanks for the ${a} and the ${b}, I will check the ${c} ${d} again tomorrow`;
  const meta = { kind: 'benign' as const, category: 'benign' as const, source: words.join(' ') };
  const req = placed(Buffer.from(`${a} ${b}`), placement, meta);
  switch (placement) {
    case 'query':
      return {
        ...req,
        path: `/search?q=${encodeURIComponent(`${a} ${b}`)}&category=${c}&page=${(n % 9) + 1}&sort=date`,
      };
    case 'form':
      return {
        ...req,
        path: `/${a}/comments`,
        body: new URLSearchParams({
          name: b,
          email: `${c}@example.com`,
          comment: sentence,
          rating: String(n % 5),
        }).toString(),
      };
    case 'json':
      return {
        ...req,
        body: JSON.stringify({ name: a, tags: [b, c], description: sentence, quantity: n % 7, active: n % 2 === 0 }),
      };
    case 'cookie':
      return {
        ...req,
        path: `/${a}`,
        headers: {
          ...req.headers,
          cookie: `${SESSION}; lang=es; theme=${b}; recent=${encodeURIComponent(`${c},${d}`)}`,
        },
      };
    case 'header':
      return {
        ...req,
        path: `/${a}/${b}`,
        headers: {
          ...BASE_HEADERS,
          referer: `https://www.example.com/${c}/${d}?ref=${a}`,
          'x-requested-with': 'XMLHttpRequest',
          'if-none-match': `"${n.toString(16)}-${b}"`,
        },
      };
  }
}

/**
 * The corpus: every attack line (see isAttack) in each of the five placements, and `benignPerPlacement` ordinary
 * requests per placement built from the word lists' ordinary words (letters, digits, - and _), four words each,
 * taken with a stride so that the whole of the lists is sampled.
 */
export async function loadCorpus(benignPerPlacement = 300): Promise<Corpus> {
  const description: string[] = [];
  const seen = new Set<string>();
  const attacks: CorpusRequest[] = [];
  const addCategory = (category: AttackCategory, file: string, all: string[]) => {
    const fresh = [...new Set(all.filter((l) => !seen.has(l)))];
    const kept = fresh.filter(isAttack);
    fresh.forEach((l) => seen.add(l));
    description.push(`${category}: ${file}, ${kept.length} attack lines of ${fresh.length} (the rest are probes)`);
    for (const line of kept)
      for (const placement of PLACEMENTS)
        attacks.push(placed(valueOf(line), placement, { kind: 'attack', category, source: line }));
  };
  for (const [category, file] of Object.entries(ATTACK_FILES))
    addCategory(category as AttackCategory, file, await lines(file));
  addCategory('Other', `${ALL_ATTACK} less the lines of the four above`, await lines(ALL_ATTACK));

  const words: string[] = [];
  for (const file of WORD_FILES)
    words.push(...(await lines(file)).map((w) => w.trim()).filter((w) => /^[a-z0-9][a-z0-9_-]*$/i.test(w)));
  description.push(`benign: ${words.length} ordinary words from ${WORD_FILES.join(', ')}`);
  const benign: CorpusRequest[] = [];
  const stride = Math.max(4, Math.floor(words.length / benignPerPlacement));
  for (const placement of PLACEMENTS)
    for (let n = 0; n < benignPerPlacement; n++) {
      const at = (n * stride + PLACEMENTS.indexOf(placement)) % words.length;
      const pick = [0, 1, 2, 3].map((k) => words[(at + k * 7) % words.length]!);
      benign.push(benignRequest(pick, n, placement));
    }
  description.unshift(`source: Debian package wfuzz ${wfuzzVersion()}, ${WFUZZ_WORDLISTS}`);
  return { attacks, benign, description };
}
