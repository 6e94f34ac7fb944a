// Polling with an end: every wait in a test has a deadline and says what it was waiting for when it runs out.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the failure message: "CreateAccount request car-… to complete". */
  what: string;
  /** How long to keep polling before failing; generous, since a deadline is a hang guard, not a speed check. */
  timeoutMs?: number;
  /** The pause between two probes. */
  intervalMs?: number;
}

/**
 * Calls probe until it returns a value other than undefined (or false), and returns that value. Fails with a message
 * naming `what` once timeoutMs has passed without one; an error thrown by probe fails the wait at once.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { what, timeoutMs = 10_000, intervalMs = 20 }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms (${attempt} attempts) waiting for ${what}`);
    }
    await sleep(intervalMs);
  }
}
