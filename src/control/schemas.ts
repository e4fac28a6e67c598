import { Type, type TObject } from 'typebox';
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
