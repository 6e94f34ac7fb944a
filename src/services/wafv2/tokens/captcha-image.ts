// Draws a CAPTCHA answer as an SVG of distorted strokes (no text elements): a speed bump for scripts, not OCR-proof.
import { randomInt } from 'node:crypto';

type Point = readonly [number, number];

/** The bowl P and R share. */
const BOWL = '0,6 0,0 3,0 4,1 4,2 3,3 0,3';
/**
 * Each glyph as polylines on a 4 × 6 grid (y down), for the characters of CAPTCHA_ALPHABET: `x,y` points separated by
 * spaces, polylines by `|`.
 */
const STROKES: Readonly<Record<string, string>> = {
  A: '0,6 2,0 4,6|0.8,3.6 3.2,3.6',
  C: '4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5',
  E: '4,0 0,0 0,6 4,6|0,3 3,3',
  F: '4,0 0,0 0,6|0,3 3,3',
  H: '0,0 0,6|4,0 4,6|0,3 4,3',
  J: '4,0 4,5 3,6 1,6 0,5',
  K: '0,0 0,6|4,0 0,3.5|1.3,2.6 4,6',
  L: '0,0 0,6 4,6',
  M: '0,6 0,0 2,3 4,0 4,6',
  N: '0,6 0,0 4,6 4,0',
  P: BOWL,
  R: `${BOWL}|2,3 4,6`,
  T: '0,0 4,0|2,0 2,6',
  U: '0,0 0,5 1,6 3,6 4,5 4,0',
  V: '0,0 2,6 4,0',
  W: '0,0 1,6 2,2 3,6 4,0',
  X: '0,0 4,6|4,0 0,6',
  Y: '0,0 2,3 4,0|2,3 2,6',
  '3': '0,1 1,0 3,0 4,1 4,2 3,3 1.5,3|3,3 4,4 4,5 3,6 1,6 0,5',
  '4': '3,6 3,0 0,4 4,4',
  '7': '0,0 4,0 1.5,6',
};

const GLYPHS: ReadonlyMap<string, readonly (readonly Point[])[]> = new Map(
  Object.entries(STROKES).map(([ch, strokes]) => [
    ch,
    strokes.split('|').map((line) => line.split(' ').map((p) => p.split(',').map(Number) as unknown as Point)),
  ]),
);

const WIDTH = 280;
const HEIGHT = 90;
const CELL = 44;

/** A uniform random number in [lo, hi) with 1/1000 resolution, from the CSPRNG (an attacker must not predict the jitter). */
function uniform(lo: number, hi: number): number {
  return lo + ((hi - lo) * randomInt(1000)) / 1000;
}

function fmt(n: number): string {
  return n.toFixed(1);
}

/** The SVG document for `answer`: each character rotated, scaled, shifted and jittered, over crossing noise curves. */
export function captchaSvg(answer: string): string {
  const paths: string[] = [];
  const left = (WIDTH - CELL * answer.length) / 2;
  for (let i = 0; i < answer.length; i++) {
    const glyph = GLYPHS.get(answer[i]!);
    if (!glyph) throw new Error(`no glyph for ${answer[i]}`);
    const angle = uniform(-0.45, 0.45);
    const scale = uniform(6.5, 8.5);
    const skew = uniform(-0.3, 0.3);
    const cx = left + CELL * i + CELL / 2 + uniform(-4, 4);
    const cy = HEIGHT / 2 + uniform(-8, 8);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    for (const line of glyph) {
      const d = line
        .map(([gx, gy], k) => {
          const x = (gx - 2 + (gy - 3) * skew + uniform(-0.25, 0.25)) * scale;
          const y = (gy - 3 + uniform(-0.25, 0.25)) * scale;
          return `${k === 0 ? 'M' : 'L'}${fmt(cx + x * cos - y * sin)} ${fmt(cy + x * sin + y * cos)}`;
        })
        .join(' ');
      paths.push(`<path d="${d}" stroke-width="${fmt(uniform(2.6, 3.8))}"/>`);
    }
  }
  for (let i = 0; i < 5; i++) {
    const [y0, y1] = [uniform(10, HEIGHT - 10), uniform(10, HEIGHT - 10)];
    const [qx, qy] = [uniform(40, WIDTH - 40), uniform(-20, HEIGHT + 20)];
    paths.push(
      `<path d="M0 ${fmt(y0)} Q${fmt(qx)} ${fmt(qy)} ${WIDTH} ${fmt(y1)}" stroke-width="${fmt(uniform(1.2, 2.4))}"/>`,
    );
  }
  // Strokes in random order, so the document's order says nothing about the characters'.
  for (let i = paths.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [paths[i], paths[j]] = [paths[j]!, paths[i]!];
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#f4f1ea"/>` +
    `<g fill="none" stroke="#333" stroke-linecap="round" stroke-linejoin="round">${paths.join('')}</g></svg>`
  );
}
