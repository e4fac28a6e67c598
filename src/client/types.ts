// The control API's bodies as TypeScript types. Request bodies and the responses that have a
// schema are `Static<>` of the control API's own TypeBox schemas (src/control/schemas.ts), so
// they change with them; the other responses are written here, and
// test/testing/client-types.test.ts checks them against the server's own types at type-check
// time (an answer that changes shape fails `tsc`). Type-only imports: no runtime code.
import type { Static } from 'typebox';
import type {
  Clock as ClockSchema,
  ClockChange as ClockChangeSchema,
  CreateSandbox as CreateSandboxSchema,
  ErrorBody as ErrorBodySchema,
  faultsSchema,
  sandboxSchema,
  Timer as TimerSchema,
  Webhook as WebhookSchema,
} from '../control/schemas.ts';

/** The dialects Understudy serves (GET /_understudy/health lists a server's own). */
export type DialectName = 'touchoffice' | 'revel' | 'comeback' | 'intouch' | 'reversio';

/** One object per dialect (CONTRACT.md, "The credentials object"). */
export interface Credentials {
  touchoffice: { tak: string };
  revel: { apiKey: string; apiSecret: string };
  comeback: { token: string };
  intouch: { account: string; apiToken: string };
  reversio: { subscriptionKey: string; secretValue: string };
}

export type CreateSandbox = Static<typeof CreateSandboxSchema>;
export type Sandbox = Omit<Static<ReturnType<typeof sandboxSchema>>, 'credentials'> & { credentials: Credentials };
export type Clock = Static<typeof ClockSchema>;
export type ClockChange = Static<typeof ClockChangeSchema>;
/** A fault rule; `dialect` is one of the served names (the schema is built from them at start). */
export type FaultRule = Omit<Static<ReturnType<typeof faultsSchema>>['rules'][number], 'dialect'> & { dialect?: DialectName };
export type Webhook = Static<typeof WebhookSchema>;
export type Timer = Static<typeof TimerSchema>;
export type ErrorBody = Static<typeof ErrorBodySchema>;

export interface ResetResult {
  id: string;
  reset: true;
}
export interface Snapshot {
  name: string;
  createdAt: string;
  /** Rows copied. */
  rows: number;
}
export interface SnapshotListEntry {
  name: string;
  createdAt: string;
}
export interface RestoreResult {
  id: string;
  restored: string;
}

/** One request-journal entry (CONTRACT.md, `GET …/requests`). */
export interface JournalRecord {
  id: number;
  at: string;
  dialect: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  status: number;
  durationMs: number;
  requestBody: unknown;
  responseBody: unknown;
}
export interface RequestsQuery {
  dialect?: string;
  limit?: number;
  /** Only entries with a larger id (a live tail). */
  since?: number;
}
export interface RequestsResult {
  /** Newest first. */
  requests: JournalRecord[];
  /** This sandbox's entries the journal dropped unwritten under load. */
  shed: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export interface Delivery {
  id: number;
  dialect: string;
  event: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  payload: unknown;
  history: Array<{ at: string; statusCode: number | null; error: string | null; durationMs: number }>;
}
export interface RetryResult {
  id: number;
  status: 'pending';
}

export interface JournalStats {
  queued: number;
  written: number;
  shed: number;
  reduced: number;
}
export interface Health {
  status: 'ok';
  engine: 'sqlite' | 'postgres';
  dialects: string[];
  uptimeSeconds: number;
  journal: JournalStats;
}

/** An OpenAPI 3.1 document (`GET /_understudy/openapi/{name}.json`). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers?: Array<{ url: string }>;
  paths: Record<string, unknown>;
  [key: string]: unknown;
}
