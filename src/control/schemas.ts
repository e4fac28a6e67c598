import { Type } from 'typebox';
import { DIALECT_NAMES } from '../core/dialect.ts';

export const SandboxIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const Credentials = Type.Object({
  revel: Type.Object({ apiKey: Type.String(), apiSecret: Type.String() }),
  intouch: Type.Object({ account: Type.String(), apiToken: Type.String() }),
  touchoffice: Type.Object({ tak: Type.String() }),
  comeback: Type.Object({ token: Type.String() }),
  reversio: Type.Object({ subscriptionKey: Type.String(), secretValue: Type.String() }),
});

export const Sandbox = Type.Object({
  id: Type.String(),
  name: Type.String(),
  fixtures: Type.Union([Type.Literal('demo'), Type.Literal('empty')]),
  createdAt: Type.String(),
  credentials: Credentials,
});

export const CreateSandbox = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    fixtures: Type.Optional(Type.Union([Type.Literal('demo'), Type.Literal('empty')])),
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

export const DialectName = Type.Union(DIALECT_NAMES.map((d) => Type.Literal(d)));

export const FaultRule = Type.Object(
  {
    dialect: Type.Optional(DialectName),
    method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$' })),
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    body: Type.Optional(Type.Unknown()),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
    probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    times: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const Faults = Type.Object({ rules: Type.Array(FaultRule, { maxItems: 100 }) }, { additionalProperties: false });

export const Webhook = Type.Object({ url: Type.String({ pattern: '^https?://', maxLength: 2000 }) }, { additionalProperties: false });

export const ErrorBody = Type.Object({ error: Type.String() });
