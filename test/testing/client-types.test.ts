import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type * as Client from 'understudy/client';
import type { ControlClient } from 'understudy/client';
import { DIALECT_PREFIXES } from 'understudy/testing';
import * as S from '../../src/control/schemas.ts';
import * as Comeback from '../../src/dialects/comeback/control-schemas.ts';
import * as Reversio from '../../src/dialects/reversio/control-schemas.ts';
import * as Touchoffice from '../../src/dialects/touchoffice/control-schemas.ts';
import * as Revel from '../../src/dialects/revel/control-schemas.ts';
import * as Intouch from '../../src/dialects/intouch/control-schemas.ts';
import type { Engine } from '../../src/core/db/engine.ts';
import type { FaultRule, StoredFaultRule } from '../../src/core/faults.ts';
import type { JournalRecord, JournalStats } from '../../src/core/journal.ts';
import type { DeliveryView } from '../../src/core/outbox/store.ts';
import type { SandboxService, SandboxView } from '../../src/core/sandboxes/service.ts';
import type { TouchofficeCredentials } from '../../src/dialects/touchoffice/credentials.ts';
import type { RevelCredentials } from '../../src/dialects/revel/credentials.ts';
import type { ComebackCredentials } from '../../src/dialects/comeback/credentials.ts';
import type { IntouchCredentials } from '../../src/dialects/intouch/credentials.ts';
import type { ReversioCredentials } from '../../src/dialects/reversio/credentials.ts';
import type { KeyPair } from '../../src/dialects/reversio/keys.ts';
import type { FileView } from '../../src/dialects/reversio/views.ts';
import type { Level } from '../../src/dialects/comeback/views.ts';
import { DIALECTS } from '../../src/main.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

/**
 * understudy/client's types are Static<> of the schemas in this table (src/client/types.ts).
 * Two checks keep them the client of the server as it runs:
 * - at run time, every documented control route validates and serializes with exactly the
 *   schema of its row (the server's OpenAPI document against one made from this table by the
 *   same @fastify/swagger), and every documented route has a row;
 * - at type-check time (`tsc --noEmit`, part of CI), the client's methods answer Static<> of
 *   their row's schema, and those types are the server's own domain types.
 */
const names = DIALECTS.filter((d) => d.routes).map((d) => d.name);
const Sandbox = S.sandboxSchema(Type.Object(Object.fromEntries(DIALECTS.map((d) => [d.name, d.credentials.schema]))));
const Faults = S.faultsSchema(names);
const FaultList = S.faultListSchema(names);
const Id = S.SandboxIdParams;
const WithDialect = Type.Object({ id: Type.String(), dialect: S.dialectNameSchema(names) });
const Binary = null; // an answer that is not JSON (a photo, a barcode, magnetic stripe tracks): no client method

interface Row {
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  /** status → schema of the answer */
  response: Record<number, TSchema | null>;
}
const ROUTES: Record<string, Row> = {
  'post /sandboxes': { body: S.CreateSandbox, response: { 201: Sandbox } },
  'get /sandboxes': { response: { 200: S.SandboxList(Sandbox) } },
  'get /sandboxes/{id}': { params: Id, response: { 200: Sandbox } },
  'delete /sandboxes/{id}': { params: Id, response: { 204: S.NoContent } },
  'post /sandboxes/{id}/reset': { params: Id, response: { 200: S.ResetAnswer } },
  'post /sandboxes/{id}/snapshots': { params: Id, body: S.SnapshotName, response: { 201: S.Snapshot } },
  'get /sandboxes/{id}/snapshots': { params: Id, response: { 200: S.SnapshotList } },
  'post /sandboxes/{id}/snapshots/{name}/restore': { params: S.SnapshotParams, response: { 200: S.RestoreAnswer } },
  'get /sandboxes/{id}/clock': { params: Id, response: { 200: S.Clock } },
  'put /sandboxes/{id}/clock': { params: Id, body: S.ClockChange, response: { 200: S.Clock } },
  'delete /sandboxes/{id}/clock': { params: Id, response: { 200: S.Clock } },
  'get /sandboxes/{id}/requests': { params: Id, query: S.RequestsQuery, response: { 200: S.JournalAnswer } },
  // Server-sent events (an EventSource reads them): no client method.
  'get /sandboxes/{id}/requests/stream': { params: Id, query: S.RequestsStreamQuery, response: { 200: Binary } },
  'get /sandboxes/{id}/webhooks': { params: Id, response: { 200: S.WebhookList(names) } },
  'put /sandboxes/{id}/webhooks/{dialect}': { params: WithDialect, body: S.Webhook, response: { 200: S.WebhookSet(names) } },
  'delete /sandboxes/{id}/webhooks/{dialect}': { params: WithDialect, response: { 204: S.NoContent } },
  'get /sandboxes/{id}/deliveries': { params: Id, response: { 200: S.DeliveryList } },
  'post /sandboxes/{id}/deliveries/{deliveryId}/retry': { params: Type.Object({ id: Type.String(), deliveryId: Type.Integer() }), response: { 202: S.RetryAnswer } },
  'get /sandboxes/{id}/faults': { params: Id, response: { 200: FaultList } },
  'put /sandboxes/{id}/faults': { params: Id, body: Faults, response: { 200: FaultList } },
  'delete /sandboxes/{id}/faults': { params: Id, response: { 200: FaultList } },
  'post /sandboxes/{id}/fixtures/{dialect}': { response: { 201: S.FixturesAdded } },
  'get /sandboxes/{id}/timers': { params: Id, response: { 200: S.TimerList } },
  'post /sandboxes/{id}/timers/run': { params: Id, response: { 200: S.TimersRun } },
  'get /sandboxes/{sandboxId}/comeback/organizations': { response: { 200: Comeback.OrganizationList } },
  'get /sandboxes/{sandboxId}/reversio/keys': { params: Reversio.SandboxParams, response: { 200: Reversio.KeyList } },
  'get /sandboxes/{sandboxId}/reversio/files': { params: Reversio.SandboxParams, query: Reversio.FilesQuery, response: { 200: Reversio.FileList } },
  'put /sandboxes/{sandboxId}/reversio/files/{fileId}': { params: Reversio.FileParams, body: Reversio.FileStatusChange, response: { 200: Reversio.File } },
  'get /sandboxes/{sandboxId}/intouch/photos/{name}': { response: { 200: Binary } },
  'get /sandboxes/{sandboxId}/touchoffice/vouchers/{number}/barcode.svg': { response: { 200: Binary } },
  'get /sandboxes/{sandboxId}/touchoffice/vouchers/{number}/barcode.png': { response: { 200: Binary } },
  'get /sandboxes/{sandboxId}/touchoffice/vouchers/{number}/magstripe': { response: { 200: Binary } },
};

type Doc = { paths: Record<string, Record<string, any>> };
const jsonOf = (op: any, status: number) => op?.responses?.[status]?.content?.['application/json']?.schema;
const bodyOf = (op: any) => op?.requestBody?.content?.['application/json']?.schema;
const queryOf = (op: any) => (op?.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, required: p.required, schema: p.schema }));

/** The OpenAPI document @fastify/swagger makes of the table's rows, as the server's is made. */
async function tableDocument(): Promise<Doc> {
  const app = Fastify();
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 'table', version: '0' } } });
  for (const [key, row] of Object.entries(ROUTES)) {
    const [method, path] = key.split(' ');
    const json = Object.fromEntries(Object.entries(row.response).filter(([, s]) => s !== null));
    app.route({
      method: method.toUpperCase() as 'GET',
      url: `/_understudy${path.replace(/\{(\w+)\}/g, ':$1')}`,
      schema: { ...(row.params && { params: row.params }), ...(row.query && { querystring: row.query }), ...(row.body && { body: row.body }), response: json },
      handler: async () => null,
    });
  }
  await app.ready();
  const doc = app.swagger() as unknown as Doc;
  await app.close();
  return doc;
}

describe('understudy/client types', () => {
  let t: TestApp;
  let served: Doc;
  let table: Doc;
  beforeAll(async () => {
    t = await testApp();
    served = (await t.call({ method: 'GET', url: '/_understudy/openapi/control.json' })).body;
    table = await tableDocument();
  });
  afterAll(() => t?.close());

  it('every documented control route has a row, and validates and answers with exactly its schemas', () => {
    const operations = Object.entries(served.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(operations.sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [key, row] of Object.entries(ROUTES)) {
      const [method, path] = key.split(' ');
      const ours = served.paths[path][method];
      const theirs = table.paths[`/_understudy${path}`][method];
      for (const [status, schema] of Object.entries(row.response)) {
        if (schema === null) expect(jsonOf(ours, Number(status)), `${key} ${status} is not JSON`).toBeUndefined();
        else expect(jsonOf(ours, Number(status)), `${key} ${status}`).toEqual(jsonOf(theirs, Number(status)));
      }
      if (row.body) expect(bodyOf(ours), `${key} body`).toEqual(bodyOf(theirs));
      if (row.query) expect(queryOf(ours), `${key} query`).toEqual(queryOf(theirs));
    }
  });

  it('the undocumented health and openapi answers are their schemas', async () => {
    expect(Value.Check(S.Health, (await t.call({ method: 'GET', url: '/_understudy/health' })).body)).toBe(true);
    expect(Value.Check(S.OpenApiDocument, served)).toBe(true);
  });

  it("the client's methods answer their routes' schemas", () => {
    type Answer<F extends (...args: any) => any> = Awaited<ReturnType<F>>;
    type C = ControlClient;
    expectTypeOf<Answer<C['health']>>().toEqualTypeOf<Static<typeof S.Health>>();
    expectTypeOf<Answer<C['openapi']>>().toExtend<Static<typeof S.OpenApiDocument>>();
    expectTypeOf<Parameters<C['sandboxes']['create']>[0]>().toEqualTypeOf<Static<typeof S.CreateSandbox> | undefined>();
    expectTypeOf<Answer<C['sandboxes']['create']>>().toEqualTypeOf<Client.Sandbox>();
    expectTypeOf<Answer<C['sandboxes']['list']>>().toEqualTypeOf<Client.SandboxList['sandboxes']>();
    expectTypeOf<Answer<C['sandboxes']['reset']>>().toEqualTypeOf<Static<typeof S.ResetAnswer>>();
    expectTypeOf<Answer<C['snapshots']['create']>>().toEqualTypeOf<Static<typeof S.Snapshot>>();
    expectTypeOf<Answer<C['snapshots']['list']>>().toEqualTypeOf<Static<typeof S.SnapshotList>['snapshots']>();
    expectTypeOf<Answer<C['snapshots']['restore']>>().toEqualTypeOf<Static<typeof S.RestoreAnswer>>();
    expectTypeOf<Parameters<C['clock']['set']>[1]>().toEqualTypeOf<Static<typeof S.ClockChange>>();
    expectTypeOf<Answer<C['clock']['get']>>().toEqualTypeOf<Static<typeof S.Clock>>();
    expectTypeOf<Parameters<C['requests']>[1]>().toEqualTypeOf<Static<typeof S.RequestsQuery> | undefined>();
    expectTypeOf<Answer<C['requests']>>().toEqualTypeOf<Static<typeof S.JournalAnswer>>();
    expectTypeOf<Answer<C['webhooks']['list']>>().toEqualTypeOf<Static<ReturnType<typeof S.WebhookList<Client.DialectName>>>['webhooks']>();
    expectTypeOf<Answer<C['webhooks']['set']>>().toEqualTypeOf<Static<ReturnType<typeof S.WebhookSet<Client.DialectName>>>>();
    expectTypeOf<Answer<C['deliveries']['list']>>().toEqualTypeOf<Static<typeof S.DeliveryList>['deliveries']>();
    expectTypeOf<Answer<C['deliveries']['retry']>>().toEqualTypeOf<Static<typeof S.RetryAnswer>>();
    type Rules = Static<ReturnType<typeof S.faultsSchema<Client.DialectName>>>['rules'];
    type StoredRules = Static<ReturnType<typeof S.faultListSchema<Client.DialectName>>>['rules'];
    expectTypeOf<Parameters<C['faults']['set']>[1]>().toEqualTypeOf<Rules>();
    expectTypeOf<Answer<C['faults']['set']>>().toEqualTypeOf<StoredRules>();
    expectTypeOf<Answer<C['faults']['get']>>().toEqualTypeOf<StoredRules>();
    expectTypeOf<Answer<C['fixtures']['add']>>().toEqualTypeOf<Static<typeof S.FixturesAdded>>();
    expectTypeOf<Answer<C['timers']['list']>>().toEqualTypeOf<Static<typeof S.TimerList>['timers']>();
    expectTypeOf<Answer<C['timers']['run']>>().toEqualTypeOf<Static<typeof S.TimersRun>>();
    expectTypeOf<Answer<C['comeback']['organizations']>>().toEqualTypeOf<Static<typeof Comeback.OrganizationList>['organizations']>();
    expectTypeOf<Answer<C['reversio']['keys']>>().toEqualTypeOf<Static<typeof Reversio.KeyList>['keys']>();
    expectTypeOf<Parameters<C['reversio']['files']>[1]>().toEqualTypeOf<Static<typeof Reversio.FilesQuery> | undefined>();
    expectTypeOf<Answer<C['reversio']['files']>>().toEqualTypeOf<Static<typeof Reversio.FileList>['files']>();
    expectTypeOf<Parameters<C['reversio']['setFileStatus']>[2]>().toEqualTypeOf<Static<typeof Reversio.FileStatusChange>['status']>();
    expectTypeOf<Answer<C['reversio']['setFileStatus']>>().toEqualTypeOf<Static<typeof Reversio.File>>();
  });

  it("are the server's own types, and not any", () => {
    expectTypeOf<Client.JournalRecord>().toEqualTypeOf<JournalRecord>();
    expectTypeOf<Client.JournalStats>().toEqualTypeOf<JournalStats>();
    expectTypeOf<Client.Delivery>().toEqualTypeOf<DeliveryView>();
    expectTypeOf<Client.Snapshot>().toEqualTypeOf<Awaited<ReturnType<SandboxService['snapshot']>>>();
    expectTypeOf<Client.SnapshotListEntry[]>().toEqualTypeOf<Awaited<ReturnType<SandboxService['listSnapshots']>>>();
    expectTypeOf<Omit<Client.Sandbox, 'credentials'>>().toEqualTypeOf<Omit<SandboxView, 'credentials'>>();
    expectTypeOf<Client.Health['engine']>().toEqualTypeOf<Engine>();
    expectTypeOf<Client.FaultRule>().toExtend<FaultRule>();
    expectTypeOf<Required<Omit<FaultRule, 'dialect'>>>().toEqualTypeOf<Required<Omit<Client.FaultRule, 'dialect'>>>();
    expectTypeOf<Required<Omit<StoredFaultRule, 'dialect'>>>().toEqualTypeOf<Required<Omit<Client.StoredFaultRule, 'dialect'>>>();
    expectTypeOf<Client.StoredFaultRule['fired']>().toEqualTypeOf<number>();
    expectTypeOf<Client.FaultRule['dialect']>().toEqualTypeOf<Client.DialectName | undefined>();
    expectTypeOf<Client.Credentials>().toEqualTypeOf<{
      touchoffice: TouchofficeCredentials;
      revel: RevelCredentials;
      comeback: ComebackCredentials;
      intouch: IntouchCredentials;
      reversio: ReversioCredentials;
    }>();
    expectTypeOf<Client.Sandbox['credentials']>().toEqualTypeOf<Client.Credentials>();
    expectTypeOf<Client.ReversioKeyPair>().toEqualTypeOf<KeyPair>();
    expectTypeOf<Client.ReversioFile>().toExtend<FileView>();
    expectTypeOf<Omit<Client.ReversioFile, 'status'>>().toEqualTypeOf<Omit<FileView, 'status'>>();
    expectTypeOf<Client.ReversioFileStatus>().toEqualTypeOf<'Created' | 'Accepted' | 'Closed' | 'Refused'>();
    expectTypeOf<Client.ComebackOrganization['levels'][number]>().toEqualTypeOf<Level>();
    expectTypeOf<Client.WebhookList['webhooks']>().toEqualTypeOf<Partial<Record<Client.DialectName, string>>>();
    expectTypeOf<Client.Sandbox['id']>().not.toBeAny();
    expectTypeOf<Client.JournalRecord['requestBody']>().toBeUnknown();
  });

  it('the credential schemas are the ones the dialects declare', () => {
    const declared = Object.fromEntries(DIALECTS.map((d) => [d.name, d.credentials.schema]));
    expect(declared).toMatchObject({ touchoffice: Touchoffice.TouchofficeCredentials, revel: Revel.RevelCredentials, comeback: Comeback.ComebackCredentials, intouch: Intouch.IntouchCredentials, reversio: Reversio.ReversioCredentials });
  });

  it('name every served dialect, with its base path', () => {
    expect(DIALECT_PREFIXES).toEqual(Object.fromEntries(DIALECTS.filter((d) => d.routes).map((d) => [d.name, d.prefix])));
    expectTypeOf<keyof typeof DIALECT_PREFIXES>().toEqualTypeOf<Client.DialectName>();
  });
});
