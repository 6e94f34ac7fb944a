// Session tags: the request's Tags and TransitiveTagKeys checked as STS checks them, merged with the tags a role chain carries.
import { AwsError } from '../../aws/error.js';
import type { SessionContext } from '../../aws/identity.js';

export interface TagInput {
  Key: string;
  Value: string;
}

export interface SessionTags {
  /** Every tag of the new session: transitive tags inherited from the calling session, then the requested ones. */
  tags: Record<string, string>;
  /** Keys passed on to sessions this one assumes: the inherited transitive keys and the requested ones. */
  transitiveTagKeys: string[];
  /** Whether the request itself set tags (which needs sts:TagSession). */
  requested: boolean;
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, { status: 400 });
}

/**
 * Checks the requested tags: keys are unique regardless of case, each transitive key names a requested tag, and no
 * requested tag may replace a transitive tag the calling session passes down (all three are AWS's
 * InvalidParameterValue, in its words). `calling` is the session of a role session assuming a role, else undefined.
 */
export function acceptSessionTags(
  requested: readonly TagInput[] | undefined,
  transitiveKeys: readonly string[] | undefined,
  calling: SessionContext | undefined,
): SessionTags {
  const tags = requested ?? [];
  const keys = new Set<string>();
  for (const tag of tags) {
    const lc = tag.Key.toLowerCase();
    if (keys.has(lc)) throw invalid('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    keys.add(lc);
  }
  for (const key of transitiveKeys ?? []) {
    if (!keys.has(key.toLowerCase())) {
      throw invalid('The specified transitive tag key must be included in the requested tags.');
    }
  }

  const inheritedKeys = calling?.transitiveTagKeys ?? [];
  const inheritedLc = new Set(inheritedKeys.map((k) => k.toLowerCase()));
  if (tags.some((t) => inheritedLc.has(t.Key.toLowerCase()))) {
    throw invalid(
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    );
  }

  const merged: Record<string, string> = {};
  for (const key of inheritedKeys) {
    const value = calling?.tags?.[key];
    if (value !== undefined) merged[key] = value;
  }
  for (const tag of tags) merged[tag.Key] = tag.Value;
  const transitive = [...inheritedKeys];
  for (const key of transitiveKeys ?? []) {
    const spelled = tags.find((t) => t.Key.toLowerCase() === key.toLowerCase())?.Key ?? key;
    if (!transitive.some((k) => k.toLowerCase() === spelled.toLowerCase())) transitive.push(spelled);
  }
  return { tags: merged, transitiveTagKeys: transitive, requested: tags.length > 0 };
}
