// Tests that reason in UTC days: start with enough of today left that the server's "today" stays the test's.
import { setTimeout as sleep } from 'node:timers/promises';

export const DAY_MS = 86_400_000;

/**
 * Today's UTC midnight (epoch ms). When fewer than `roomMs` of the day remain, it first waits for the next day to
 * begin: a test file that fixes "today" when it loads and asks the server a few seconds later would otherwise see
 * the two disagree if a run crosses midnight (a CI run did, and Cost Explorer rightly refused a start "before the
 * current date").
 */
export async function utcTodayWithRoom(roomMs = 5 * 60_000): Promise<number> {
  const left = DAY_MS - (Date.now() % DAY_MS);
  if (left < roomMs) await sleep(left + 1_000);
  const now = Date.now();
  return now - (now % DAY_MS);
}
