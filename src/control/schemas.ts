import { Type, type TObject, type TSchema } from 'typebox';
import { SANDBOX_ID_PATTERN } from '../core/sandboxes/service.ts';

export const SandboxIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** A sandbox as the control API shows it; `credentials` is composed from every dialect's credential schema. */
export const sandboxSchema = <C extends TObject>(credentials: C) =>
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    fixtures: Type.Union([Type.Literal('demo'), Type.Literal('empty')]),
    createdAt: Type.String(),
    seed: Type.Optional(Type.String()),
    requestCount: Type.Integer({ description: "its vendor requests journaled since it was created (the journal's trim does not lower it)" }),
    lastRequestAt: Type.Union([Type.String(), Type.Null()], { description: 'when the newest of them was made (ISO-8601); null before the first' }),
    credentials,
  });

export const CreateSandbox = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: SANDBOX_ID_PATTERN.source, maxLength: 100, description: 'a chosen id (default: a random sbx_… id); one that exists is 409' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    fixtures: Type.Optional(Type.Union([Type.Literal('demo'), Type.Literal('empty')])),
    seed: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'every id, number, uuid and token the sandbox generates then comes from this seed' })),
  },
  { additionalProperties: false },
);

export const Clock = Type.Object({ now: Type.String(), frozen: Type.Boolean() });
export const ClockChange = Type.Object(
  {
    now: Type.Optional(Type.String({ minLength: 1 })),
    advanceSeconds: Type.Optional(Type.Number()),
    frozen: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** The served dialects' names (built from them at start; `N` is their union where it is known). */
export const dialectNameSchema = <N extends string>(names: readonly N[]) => Type.Unsafe<N>(Type.Union(names.map((d) => Type.Literal(d))));

const faultRuleFields = <N extends string>(names: readonly N[]) => ({
  dialect: Type.Optional(dialectNameSchema(names)),
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$' })),
  path: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  body: Type.Optional(Type.Unknown()),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  times: Type.Optional(Type.Integer({ minimum: 0, description: 'how many more times it fires (absent: every time); 0, as a used-up rule is listed: it is kept and fires no more' })),
});

/** One fault rule (PUT faults) of the served dialects; `fired` is taken and ignored, so that a rule as listed can be sent back. */
export const faultRuleSchema = <N extends string>(names: readonly N[]) =>
  Type.Object(
    { ...faultRuleFields(names), fired: Type.Optional(Type.Integer({ minimum: 0, description: 'ignored: a rule the same in all but `times` as one of the previous set keeps its count, any other starts at 0' })) },
    { additionalProperties: false },
  );

/** One fault rule as stored: with how many times it has fired since it was set. */
export const storedFaultRuleSchema = <N extends string>(names: readonly N[]) =>
  Type.Object(
    { ...faultRuleFields(names), fired: Type.Integer({ minimum: 0, description: 'how many times the rule has fired since it was set' }) },
    { additionalProperties: false },
  );

/** The body of PUT faults. */
export const faultsSchema = <N extends string>(names: readonly N[]) => Type.Object({ rules: Type.Array(faultRuleSchema(names), { maxItems: 100 }) }, { additionalProperties: false });

/** The answer of GET, PUT and DELETE faults: the rules as stored, in the order they are tried. */
export const faultListSchema = <N extends string>(names: readonly N[]) => Type.Object({ rules: Type.Array(storedFaultRuleSchema(names)) }, { additionalProperties: false });

export const Webhook = Type.Object({ url: Type.String({ pattern: '^https?://', maxLength: 2000 }) }, { additionalProperties: false });

export const Timer = Type.Object({
  dialect: Type.String(),
  job: Type.String(),
  key: Type.String(),
  dueAt: Type.String({ description: 'by the sandbox clock' }),
  due: Type.Boolean({ description: 'whether the sandbox clock has reached it' }),
  failures: Type.Integer(),
});

export const ErrorBody = Type.Object({ error: Type.String() });

export const SnapshotName = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export const SnapshotParams = Type.Object({ id: Type.String(), name: Type.String() });
/** What a read of the journal keeps: GET …/requests and its stream. */
const journalFilter = {
  dialect: Type.Optional(Type.String()),
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', maxLength: 20, description: 'only this HTTP method, in any case' })),
  status: Type.Optional(Type.String({ pattern: '^([1-5]xx|[1-5][0-9]{2})$', description: 'a status class (`4xx`) or an exact status (`404`)' })),
  path: Type.Optional(Type.String({ maxLength: 500, description: 'only paths containing this text (ASCII letters in any case; `%` and `_` are plain characters)' })),
};
export const RequestsQuery = Type.Object({
  ...journalFilter,
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'only entries newer than this id (a live tail)' })),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'only entries older than this id (paging back: the last id of a page)' })),
});
export const RequestsStreamQuery = Type.Object({
  ...journalFilter,
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'first every entry newer than this id, then live (a Last-Event-ID header takes precedence); without either, only entries written from now on' })),
});

// ---------------------------------------------------------------- answers (documented and serialized)
// The client's answer types are Static<> of these (src/client/types.ts): a field added here
// reaches both the wire and the client's types.

export const NoContent = Type.Unsafe<void>({ type: 'null', description: 'No content' });
export const JournalStats = Type.Object({
  queued: Type.Integer({ description: 'entries waiting to be written' }),
  written: Type.Integer(),
  shed: Type.Integer({ description: 'entries dropped unwritten because the queue was full' }),
  reduced: Type.Integer({ description: 'entries written reduced (method, path, status and a note)' }),
});
export const Health = Type.Object({
  status: Type.Literal('ok'),
  engine: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  dialects: Type.Array(Type.String(), { description: 'the served dialects' }),
  uptimeSeconds: Type.Integer(),
  journal: JournalStats,
});
/** An OpenAPI 3.1 document; every field is kept as generated. */
export const OpenApiDocument = Type.Object(
  {
    openapi: Type.String(),
    info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }),
    servers: Type.Optional(Type.Array(Type.Object({ url: Type.String() }, { additionalProperties: true }))),
    paths: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);
export const SandboxList = <S extends TSchema>(Sandbox: S) => Type.Object({ sandboxes: Type.Array(Sandbox) });
export const ResetAnswer = Type.Object({ id: Type.String(), reset: Type.Literal(true) });
export const Snapshot = Type.Object({ name: Type.String(), createdAt: Type.String(), rows: Type.Integer({ description: 'rows copied' }) });
export const SnapshotListEntry = Type.Object({ name: Type.String(), createdAt: Type.String() });
export const SnapshotList = Type.Object({ snapshots: Type.Array(SnapshotListEntry) });
export const RestoreAnswer = Type.Object({ id: Type.String(), restored: Type.String({ description: 'the snapshot name' }) });
/** One request as journaled (credentials redacted). */
export const JournalRecord = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  dialect: Type.String(),
  method: Type.String(),
  path: Type.String(),
  query: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Integer(),
  durationMs: Type.Number(),
  requestBody: Type.Unknown({ description: 'parsed JSON, the text as sent, or null; cut at 64 KiB' }),
  responseBody: Type.Unknown({ description: 'parsed JSON, the text as sent, or null; the first 8 KiB of an answer are kept, then a note of its length' }),
});
export const JournalAnswer = Type.Object({
  requests: Type.Array(JournalRecord),
  shed: Type.Integer({ description: "this sandbox's entries dropped unwritten under load" }),
  more: Type.Boolean({ description: 'whether older entries that match exist past this page (ask again with before= the last id)' }),
});
export const WebhookList = <N extends string>(names: readonly N[]) =>
  Type.Object({
    webhooks: Type.Unsafe<Partial<Record<N, string>>>(
      Type.Object(Object.fromEntries(names.map((n) => [n, Type.Optional(Type.String())])), { description: 'by dialect, the URL its webhooks go to' }),
    ),
  });
export const WebhookSet = <N extends string>(names: readonly N[]) => Type.Object({ dialect: dialectNameSchema(names), url: Type.String() });
export const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]);
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** An outgoing webhook or callback with its attempts. */
export const Delivery = Type.Object({
  id: Type.Integer(),
  dialect: Type.String(),
  event: Type.String(),
  url: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer(),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Nullable(Type.String()),
  createdAt: Type.String(),
  payload: Type.Unknown({ description: 'the body sent' }),
  history: Type.Array(Type.Object({ at: Type.String(), statusCode: Nullable(Type.Integer()), error: Nullable(Type.String()), durationMs: Type.Number() })),
});
export const DeliveryList = Type.Object({ deliveries: Type.Array(Delivery) });
export const RetryAnswer = Type.Object({ id: Type.Integer(), status: Type.Literal('pending') });
export const TimerList = Type.Object({ timers: Type.Array(Timer) });
export const TimersRun = Type.Object({ ran: Type.Integer({ description: 'timers run' }) });
/** What the dialect's bundle added, by kind of record (each dialect says its own). */
export const FixturesAdded = Type.Record(Type.String(), Type.Unknown(), { description: "what the dialect's bundle added, by kind of record" });
