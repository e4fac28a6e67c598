import { Type, type TObject, type TSchema } from 'typebox';
import { SANDBOX_ID_PATTERN } from '../core/sandboxes/service.ts';

export const SandboxIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** A sandbox as the control API shows it; `credentials` is composed from every dialect's credential schema. */
export const sandboxSchema = (credentials: TObject) =>
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    fixtures: Type.Union([Type.Literal('demo'), Type.Literal('empty')]),
    createdAt: Type.String(),
    seed: Type.Optional(Type.String()),
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

export const dialectNameSchema = (names: string[]) => Type.Union(names.map((d) => Type.Literal(d)));

export const faultsSchema = (names: string[]) =>
  Type.Object(
    {
      rules: Type.Array(
        Type.Object(
          {
            dialect: Type.Optional(dialectNameSchema(names)),
            method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$' })),
            path: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
            status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
            body: Type.Optional(Type.Unknown()),
            delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
            probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
            times: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    },
    { additionalProperties: false },
  );

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

// ---------------------------------------------------------------- answers (documented and serialized)

/** An object whose every field is kept as it is (documented by its description). */
const Loose = (description: string, properties: Record<string, TSchema> = {}) => Type.Unsafe<any>(Type.Object(properties, { additionalProperties: true, description }));

export const NoContent = Type.Unsafe<void>({ type: 'null', description: 'No content' });
export const ResetAnswer = Type.Object({ id: Type.String(), reset: Type.Boolean() });
export const Snapshot = Type.Object({ name: Type.String(), createdAt: Type.String(), rows: Type.Integer({ description: 'rows copied' }) });
export const SnapshotList = Type.Object({ snapshots: Type.Array(Type.Object({ name: Type.String(), createdAt: Type.String() })) });
export const RestoreAnswer = Type.Object({ id: Type.String(), restored: Type.String({ description: 'the snapshot name' }) });
export const JournalAnswer = Type.Object({
  requests: Type.Array(Loose('one request: id, at, dialect, method, path, query, status, durationMs, request and response bodies (credentials redacted)', { id: Type.Integer() })),
  shed: Type.Integer({ description: "this sandbox's entries dropped unwritten under load" }),
});
export const WebhookList = Type.Object({ webhooks: Type.Record(Type.String(), Type.String(), { description: 'by dialect, the URL its webhooks go to' }) });
export const WebhookSet = Type.Object({ dialect: Type.String(), url: Type.String() });
export const DeliveryList = Type.Object({
  deliveries: Type.Array(Loose('an outgoing webhook or callback with its attempts', { id: Type.Integer(), dialect: Type.String(), event: Type.String(), url: Type.String(), status: Type.String(), attempts: Type.Integer() })),
});
export const RetryAnswer = Type.Object({ id: Type.Integer(), status: Type.Literal('pending') });
export const FaultList = Type.Object({ rules: Type.Array(Loose('a fault rule as stored (the fields of PUT faults)')) });
export const FixturesAdded = Loose("what the dialect's bundle added, by kind of record");
