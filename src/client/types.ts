// The control API's bodies as TypeScript types: every request and answer type here is
// `Static<>` of the TypeBox schema its route validates or serializes with (src/control/schemas.ts,
// each dialect's control-schemas.ts), so they change with them. What is not a schema is written
// here: the dialect names (the server's list, which the test kit's DIALECT_PREFIXES repeats and
// test/testing/client-types.test.ts checks). Type-only imports: the client carries no server code.
import type { Static, TObject } from 'typebox';
import type * as Control from '../control/schemas.ts';
import type * as Touchoffice from '../dialects/touchoffice/control-schemas.ts';
import type * as Revel from '../dialects/revel/control-schemas.ts';
import type * as Comeback from '../dialects/comeback/control-schemas.ts';
import type * as Intouch from '../dialects/intouch/control-schemas.ts';
import type * as Reversio from '../dialects/reversio/control-schemas.ts';

/** The dialects Understudy serves (GET /_understudy/health lists a server's own). */
export type DialectName = 'touchoffice' | 'revel' | 'comeback' | 'intouch' | 'reversio';

// The schemas built at start from the served dialects, for these dialects.
type CredentialsSchema = TObject<{
  touchoffice: typeof Touchoffice.TouchofficeCredentials;
  revel: typeof Revel.RevelCredentials;
  comeback: typeof Comeback.ComebackCredentials;
  intouch: typeof Intouch.IntouchCredentials;
  reversio: typeof Reversio.ReversioCredentials;
}>;
type SandboxSchema = ReturnType<typeof Control.sandboxSchema<CredentialsSchema>>;
type FaultsSchema = ReturnType<typeof Control.faultsSchema<DialectName>>;
type FaultListSchema = ReturnType<typeof Control.faultListSchema<DialectName>>;

// ---------------------------------------------------------------- requests

/** A sandbox's credentials: one object per dialect, each its dialect's credential schema. */
export type Credentials = Static<CredentialsSchema>;

export type CreateSandbox = Static<typeof Control.CreateSandbox>;
export type ClockChange = Static<typeof Control.ClockChange>;
export type RequestsQuery = Static<typeof Control.RequestsQuery>;
/** The query of `GET …/requests/stream` (server-sent events: read it with an EventSource, not with this client). */
export type RequestsStreamQuery = Static<typeof Control.RequestsStreamQuery>;
export type Webhook = Static<typeof Control.Webhook>;
/** A fault rule as sent (PUT faults); a `fired` sent is ignored. */
export type FaultRule = Static<FaultsSchema>['rules'][number];
export type SnapshotName = Static<typeof Control.SnapshotName>;

// ---------------------------------------------------------------- answers

export type ErrorBody = Static<typeof Control.ErrorBody>;
export type Health = Static<typeof Control.Health>;
export type JournalStats = Static<typeof Control.JournalStats>;
/** An OpenAPI 3.1 document (`GET /_understudy/openapi/{name}.json`); every other field as generated. */
export type OpenApiDocument = Static<typeof Control.OpenApiDocument> & { [key: string]: unknown };
export type Sandbox = Static<SandboxSchema>;
export type SandboxList = Static<ReturnType<typeof Control.SandboxList<SandboxSchema>>>;
export type ResetResult = Static<typeof Control.ResetAnswer>;
export type Snapshot = Static<typeof Control.Snapshot>;
export type SnapshotListEntry = Static<typeof Control.SnapshotListEntry>;
export type SnapshotList = Static<typeof Control.SnapshotList>;
export type RestoreResult = Static<typeof Control.RestoreAnswer>;
export type Clock = Static<typeof Control.Clock>;
/** One request-journal entry (credentials redacted). */
export type JournalRecord = Static<typeof Control.JournalRecord>;
export type RequestsResult = Static<typeof Control.JournalAnswer>;
export type WebhookList = Static<ReturnType<typeof Control.WebhookList<DialectName>>>;
export type WebhookSet = Static<ReturnType<typeof Control.WebhookSet<DialectName>>>;
export type DeliveryStatus = Static<typeof Control.DeliveryStatus>;
export type Delivery = Static<typeof Control.Delivery>;
export type DeliveryList = Static<typeof Control.DeliveryList>;
export type RetryResult = Static<typeof Control.RetryAnswer>;
/** The fault rules as stored (GET, PUT and DELETE faults). */
export type FaultList = Static<FaultListSchema>;
/** A fault rule as stored: with how many times it has fired since it was set. */
export type StoredFaultRule = FaultList['rules'][number];
export type Timer = Static<typeof Control.Timer>;
export type TimerList = Static<typeof Control.TimerList>;
export type TimersRun = Static<typeof Control.TimersRun>;
export type FixturesAdded = Static<typeof Control.FixturesAdded>;

// ---------------------------------------------------------------- the dialects' own control routes

/** A Comeback organization with its tokens, levels and locations. */
export type ComebackOrganization = Static<typeof Comeback.Organization>;
export type ComebackOrganizationList = Static<typeof Comeback.OrganizationList>;
/** A Revers.io subscription key / secret value pair of the sandbox (either works). */
export type ReversioKeyPair = Static<typeof Reversio.KeyPair>;
export type ReversioKeyList = Static<typeof Reversio.KeyList>;
export type ReversioFilesQuery = Static<typeof Reversio.FilesQuery>;
/** A Revers.io after-sales file. */
export type ReversioFile = Static<typeof Reversio.File>;
export type ReversioFileList = Static<typeof Reversio.FileList>;
export type ReversioFileStatus = Static<typeof Reversio.FileStatusChange>['status'];
