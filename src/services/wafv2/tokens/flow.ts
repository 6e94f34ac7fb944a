// One request's token flow: reads its aws-waf-token for the engine, issues interstitials, and answers the reserved endpoint.
import type { InspectedRequest, TrafficVerdict } from '../../../core/traffic.js';
import type { TokenKeys } from './keys.js';
import { acceptsHtml, captchaPage, challengePage, interstitial, RESERVED_PREFIX, TOKEN_ENDPOINT } from './pages.js';
import {
  DEFAULT_DIFFICULTY,
  issueCaptcha,
  issueChallenge,
  openCaptcha,
  returnPathOf,
  SolvedPuzzles,
  verifyCaptcha,
  verifyChallenge,
  type Solved,
} from './puzzles.js';
import {
  checkToken,
  domainAccepted,
  newTokenId,
  readToken,
  signToken,
  TOKEN_COOKIE,
  tokenCookie,
  tokenDomainOf,
  tokenLabels,
  type TokenKind,
  type TokenRead,
  type WafToken,
} from './token.js';

/** The cookie outlives the longest ImmunityTime AWS allows (259 200 s); the timestamps inside decide validity. */
const COOKIE_MAX_AGE_SEC = 345_600;
/** Form fields longer than this are refused before any parsing of their content. */
const MAX_FIELD_CHARS = 4096;

export interface FlowOptions {
  /** Leading zero bits the challenge's proof of work needs (see puzzles.ts). */
  readonly difficulty?: number;
  /** Solved CAPTCHA ids, so each is accepted once per process. */
  readonly solved: SolvedPuzzles;
}

export class TokenFlow {
  #host: string | undefined;
  #read: TokenRead | undefined;
  readonly #nowSec: number;

  constructor(
    private readonly keys: TokenKeys,
    private readonly request: InspectedRequest,
    private readonly tokenDomains: readonly string[],
    nowMs: number,
    private readonly options: FlowOptions,
  ) {
    this.#nowSec = Math.floor(nowMs / 1000);
  }

  /** The request's host as a token domain; read only when a token is checked or issued, not on every request. */
  get host(): string {
    return (this.#host ??= tokenDomainOf(this.request.headers.find(([n]) => n.toLowerCase() === 'host')?.[1]));
  }

  /** The request's aws-waf-token, verified on first need: requests no CAPTCHA or Challenge rule reaches skip the HMAC. */
  #token(): TokenRead {
    return (this.#read ??= readToken(this.keys.token, tokenCookie(this.request.headers)));
  }

  #status(kind: TokenKind, immunitySec: number) {
    return checkToken(this.#token(), kind, immunitySec, {
      host: this.host,
      tokenDomains: this.tokenDomains,
      nowSec: this.#nowSec,
    });
  }

  /** For the engine's EvaluationState. */
  readonly hasValidToken = (kind: TokenKind, immunitySec: number): boolean =>
    this.#status(kind, immunitySec).status === 'accepted';
  readonly tokenLabels = (kind: TokenKind, immunitySec: number): readonly string[] =>
    tokenLabels(kind, this.#status(kind, immunitySec));

  /** Whether the request is for the reserved token endpoint (answered here, never forwarded). */
  isTokenRequest(): boolean {
    return this.request.uri === TOKEN_ENDPOINT;
  }

  /** The interstitial for a terminating CAPTCHA / Challenge; the page (with a fresh puzzle) only for a client taking HTML. */
  interstitial(kind: TokenKind, retry = false, returnTo?: string): TrafficVerdict {
    if (!acceptsHtml(this.request) && !retry) return interstitial(kind, undefined);
    const issued = {
      host: this.host,
      nowSec: this.#nowSec,
      returnTo: returnTo ?? returnPathOf(this.request.uri, this.request.query, RESERVED_PREFIX),
    };
    if (kind === 'CHALLENGE') {
      const difficulty = this.options.difficulty ?? DEFAULT_DIFFICULTY;
      return interstitial(kind, challengePage(issueChallenge(this.keys.nonce, issued, difficulty), difficulty));
    }
    const puzzle = issueCaptcha(this.keys.captcha, issued);
    return interstitial(kind, captchaPage(puzzle.sealed, puzzle.answer, retry));
  }

  /** Verifies a posted answer; on success sets the `aws-waf-token` cookie and sends the client back with 303. */
  answerTokenRequest(): TrafficVerdict {
    const req = this.request;
    if (req.method !== 'POST') return plain(405, 'Only POST is accepted here.', [['Allow', 'POST']]);
    if (req.bodyTruncated) return plain(413, 'The answer is too large.');
    const type = req.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded'))
      return plain(415, 'The answer must be a form (application/x-www-form-urlencoded).');
    if (this.host === '') return plain(400, 'The request has no usable Host header.');
    const form = new URLSearchParams(req.body.toString('utf8'));
    const field = (name: string): string | undefined => {
      const v = form.get(name);
      return v !== null && v.length <= MAX_FIELD_CHARS ? v : undefined;
    };
    const kind = field('kind');
    let solved: Solved | undefined;
    if (kind === 'challenge') {
      const nonce = field('nonce');
      const solution = field('solution');
      if (nonce !== undefined && solution !== undefined)
        solved = verifyChallenge(this.keys.nonce, nonce, solution, this.host, this.#nowSec);
      if (!solved) return plain(403, 'The challenge answer was not accepted. Go back and reload the page.');
    } else if (kind === 'captcha') {
      const puzzle = field('puzzle');
      const answer = field('answer');
      if (puzzle !== undefined && answer !== undefined)
        solved = verifyCaptcha(this.keys.captcha, puzzle, answer, this.host, this.#nowSec, this.options.solved);
      if (!solved) {
        // A fresh puzzle for the same destination when the old one was genuine and for this host.
        const opened = puzzle === undefined ? undefined : openCaptcha(this.keys.captcha, puzzle);
        return this.interstitial(
          'CAPTCHA',
          true,
          opened?.h === this.host && typeof opened.u === 'string' ? opened.u : '/',
        );
      }
    } else return plain(400, 'Unknown kind of answer.');
    const token = this.#renewed(kind === 'captcha');
    return {
      action: 'respond',
      status: 303,
      headers: [
        ['Location', solved.returnTo],
        ['Set-Cookie', this.#cookie(signToken(this.keys.token, token))],
        ['Cache-Control', 'no-store'],
        ['Content-Length', '0'],
      ],
      body: Buffer.alloc(0),
    };
  }

  /** The request's own token carried forward (same id) when it is genuine and for this host, else a new one. */
  #renewed(captcha: boolean): WafToken {
    const r = this.#token();
    const base: WafToken =
      r.kind === 'valid' && domainAccepted(r.token.domain, this.host, this.tokenDomains)
        ? r.token
        : { domain: this.host, challengeAt: 0, captchaAt: 0, id: newTokenId() };
    // A solved CAPTCHA is also a solved challenge: the client proved more than the challenge asks.
    return { ...base, challengeAt: this.#nowSec, captchaAt: captcha ? this.#nowSec : base.captchaAt };
  }

  #cookie(value: string): string {
    const secure = this.request.scheme === 'https' ? '; Secure' : '';
    return `${TOKEN_COOKIE}=${value}; Path=/; Max-Age=${COOKIE_MAX_AGE_SEC}; SameSite=Lax${secure}`;
  }
}

function plain(status: number, text: string, extra: readonly (readonly [string, string])[] = []): TrafficVerdict {
  const body = Buffer.from(`${text}\n`);
  return {
    action: 'respond',
    status,
    headers: [
      ...extra,
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Cache-Control', 'no-store'],
      ['Content-Length', String(body.length)],
    ],
    body,
  };
}
