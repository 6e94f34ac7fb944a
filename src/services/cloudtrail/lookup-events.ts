// LookupEvents: the account's management events, newest first, filtered by one attribute and a time range.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../store/schema.js';
import { pageOfQuery } from '../../store/pagination.js';
import { resourceNeedle } from '../../audit/row.js';
import type { EventShape, LookupEventsRequest, LookupEventsResponse } from '../../aws/generated/cloudtrail.js';
import type { RequestContext } from '../../core/runtime.js';
import { cloudTrailError } from './errors.js';
import { accountScope } from '../../store/account-scope.js';

export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

/** The request as decoded; AttributeKey and EventCategory are checked here, so any string may arrive. */
export type LookupEventsInput = Omit<LookupEventsRequest, 'LookupAttributes' | 'EventCategory'> & {
  LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
  EventCategory?: string;
};

export const DEFAULT_MAX_RESULTS = 50;

type Where = (eb: ExpressionBuilder<Database, 'audit_events'>) => Expression<SqlBool>;

/** The SQL condition for one lookup attribute. */
function attributeCondition(key: LookupAttributeKey, value: string, dialect: 'sqlite' | 'postgres'): Where {
  const contains = (column: 'resource_names' | 'resource_types') => {
    // One JSON-encoded element of the column's array (see auditRowOf); instr/strpos are exact and case-sensitive.
    const fn = sql.raw(dialect === 'postgres' ? 'strpos' : 'instr');
    return sql<SqlBool>`${fn}(${sql.ref(column)}, ${resourceNeedle(value)}) > 0`;
  };
  switch (key) {
    case 'EventId':
      return (eb) => eb('event_id', '=', value);
    case 'EventName':
      return (eb) => eb('event_name', '=', value);
    case 'Username':
      return (eb) => eb('username', '=', value);
    case 'EventSource':
      return (eb) => eb('event_source', '=', value);
    case 'AccessKeyId':
      return (eb) => eb('access_key_id', '=', value);
    case 'ReadOnly': {
      const normalized = value.toLowerCase();
      if (normalized !== 'true' && normalized !== 'false') {
        throw cloudTrailError('InvalidLookupAttributesException', 'ReadOnly must be true or false.');
      }
      return (eb) => eb('read_only', '=', normalized === 'true' ? 1 : 0);
    }
    case 'ResourceType':
      return (eb) => eb.and([eb('resource_types', 'is not', null), contains('resource_types')]);
    case 'ResourceName':
      return (eb) => eb.and([eb('resource_names', 'is not', null), contains('resource_names')]);
  }
}

function parseAttributes(input: LookupEventsInput): { key: LookupAttributeKey; value: string } | undefined {
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) {
    throw cloudTrailError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  }
  const [attribute] = attributes;
  if (!attribute) return undefined;
  if (!(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(attribute.AttributeKey)) {
    throw cloudTrailError('InvalidLookupAttributesException', `Invalid attribute key: ${attribute.AttributeKey}`);
  }
  return { key: attribute.AttributeKey as LookupAttributeKey, value: attribute.AttributeValue };
}

function resourcesOf(names: string | null, types: string | null): NonNullable<EventShape['Resources']> {
  if (!names) return [];
  const nameList = JSON.parse(names) as string[];
  const typeList = types ? (JSON.parse(types) as string[]) : [];
  return nameList.map((name, i) =>
    typeList[i] ? { ResourceType: typeList[i], ResourceName: name } : { ResourceName: name },
  );
}

/** Where the next page starts: strictly after this [event_time, seq], newest first. */
type EventPosition = [eventTime: number, seq: number];

function isEventPosition(value: unknown): value is EventPosition {
  return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n));
}

function invalidNextToken() {
  return cloudTrailError('InvalidNextTokenException', 'Invalid NextToken.');
}

export async function lookupEvents(ctx: RequestContext, input: LookupEventsInput): Promise<LookupEventsResponse> {
  const attribute = parseAttributes(input);
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw cloudTrailError('InvalidEventCategoryException', `Invalid EventCategory: ${input.EventCategory}`);
  }
  const maxResults = input.MaxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    throw cloudTrailError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  const start = input.StartTime?.getTime();
  const end = input.EndTime?.getTime();
  if (start !== undefined && end !== undefined && start > end) {
    throw cloudTrailError('InvalidTimeRangeException', 'Start time must be before end time.');
  }
  const { runtime, identity } = ctx;
  const accountId = identity.accountId;

  let query = accountScope(runtime.store.db, accountId)
    .selectFrom('audit_events')
    .select(['seq', 'event_id', 'event_time', 'event_source', 'event_name', 'username', 'access_key_id', 'read_only'])
    .select(['resource_names', 'resource_types', 'record']);
  if (attribute) query = query.where(attributeCondition(attribute.key, attribute.value, runtime.store.dialect));
  if (start !== undefined) query = query.where('event_time', '>=', start);
  if (end !== undefined) query = query.where('event_time', '<=', end);

  // Newest first; the token holds the (event_time, seq) of the last event given, bound to the filters.
  const page = await pageOfQuery(ctx, {
    token: input.NextToken,
    limit: maxResults,
    filters: { attribute: attribute ?? null, start: start ?? null, end: end ?? null, category: input.EventCategory },
    errors: { invalid: invalidNextToken },
    fetch: async (after: EventPosition | undefined, count) => {
      // Warden records management events only; there are no Insights events to return.
      if (input.EventCategory === 'insight') return [];
      const [eventTime, seq] = after ?? [];
      const rest =
        eventTime === undefined || seq === undefined
          ? query
          : query.where((eb) =>
              eb.or([
                eb('event_time', '<', eventTime),
                eb.and([eb('event_time', '=', eventTime), eb('seq', '<', seq)]),
              ]),
            );
      return rest.orderBy('event_time', 'desc').orderBy('seq', 'desc').limit(count).execute();
    },
    cursorOf: (row) => [row.event_time, row.seq],
    isCursor: isEventPosition,
  });
  const events: EventShape[] = page.items.map((row) => ({
    EventId: row.event_id,
    EventName: row.event_name,
    ReadOnly: row.read_only === 1 ? 'true' : 'false',
    ...(row.access_key_id !== null ? { AccessKeyId: row.access_key_id } : {}),
    EventTime: new Date(row.event_time),
    EventSource: row.event_source,
    ...(row.username !== null ? { Username: row.username } : {}),
    Resources: resourcesOf(row.resource_names, row.resource_types),
    CloudTrailEvent: row.record,
  }));
  return { Events: events, ...(page.next !== undefined ? { NextToken: page.next } : {}) };
}
