// CloudTrail event ids as time-ordered UUIDs (version 7, RFC 9562), so the trail's unique index grows at its edge.
import { randomUUID } from 'node:crypto';

/** The largest time a version 7 UUID holds: 48 bits of milliseconds since the epoch (the year 10889). */
const MAX_MS = 2 ** 48 - 1;

/**
 * A new eventID for an event at `ms` (milliseconds since the epoch): its first 48 bits are that time, the version
 * nibble 7, and the other 74 bits random (taken from a version 4 UUID, so node:crypto supplies the randomness).
 *
 * CloudTrail documents eventID only as a GUID; a random one (version 4) lands every insert on a random page of the
 * audit trail's unique index, which at a million records is a cold page, and on PostgreSQL a full-page image in the
 * WAL after each checkpoint. A time-ordered one lands beside the previous record's.
 */
export function newEventId(ms: number): string {
  const time = Math.min(Math.max(Math.floor(Number.isFinite(ms) ? ms : 0), 0), MAX_MS)
    .toString(16)
    .padStart(12, '0');
  // randomUUID: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; from index 15 on it is 3 random digits, the variant and 60 bits.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
