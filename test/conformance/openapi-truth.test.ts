import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlOpenapi } from '../../src/control/openapi.ts';
import type { OpenApiDescription } from '../../src/core/openapi.ts';
import { DIALECTS } from '../../src/dialects/index.ts';
import { useTestApp, type TestApp } from '../helpers/app.ts';
import { Receiver } from '../helpers/receiver.ts';
import { JORDI } from '../intouch/client.ts';
import { ERROR_SAMPLES, SAMPLES, type Sample, type SampleContext, type SampleOf } from './openapi-samples.ts';

/**
 * Issue 12, "The OpenAPI documents tell the truth": every operation of every served document is
 * called for real (with the sandbox's credentials, with none, with wrong ones, with a bad path
 * value and a bad body), and every answer must be one the document gives for that operation:
 * its status documented, its content type documented for that status (no body where none is),
 * and its JSON body valid against the documented schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1).
 * Every operation must also answer one documented success (2xx, and not one of the dialect's
 * documented error bodies, such as TouchOffice's HTTP 200 `{"status": 0}`) to the request of its
 * sample (openapi-samples.ts), so that an operation whose success the document gets wrong, or a
 * new one without a sample, fails here.
 */

type Json = Record<string, any>;
type Creds = 'own' | 'none' | 'wrong';
interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const DOCS = ['control', 'touchoffice', 'revel', 'comeback', 'intouch', 'reversio'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Path values the demo fixtures have, by parameter name (Revel's ids are taken from its lists). */
const KNOWN: Record<string, string> = {
  number: 'ABCDEF123',
  customerId: '33f9dc36-5e99-4044-8e2e-9b22c403c5f7',
  sku: '123456',
  store: '1',
  dialect: 'touchoffice',
  name: 'none',
  deliveryId: '1',
  fileId: 'none',
};

/** The credential each security scheme takes, for a sandbox's credentials (or wrong ones). */
async function schemeValues(t: TestApp, c: Json, wrong: boolean): Promise<Record<string, { headers?: Record<string, string>; query?: Record<string, string> }>> {
  const w = (v: string) => (wrong ? `${v}x` : v);
  const token = await t.app.inject({ method: 'GET', url: '/reversio/api/v1/token', headers: { 'Ocp-Apim-Subscription-Key': c.reversio.subscriptionKey, 'Ocp-Apim-Secret-Value': c.reversio.secretValue } });
  const login = await t.app.inject({ method: 'POST', url: '/intouch/api/v1/customer/login', headers: { account: c.intouch.account }, payload: JORDI });
  return {
    TAK: { query: { TAK: w(c.touchoffice.tak) } },
    apiAuthentication: { headers: { 'API-AUTHENTICATION': `${c.revel.apiKey}:${w(c.revel.apiSecret)}` } },
    apiKey: { query: { api_key: c.revel.apiKey } },
    apiSecret: { query: { api_secret: w(c.revel.apiSecret) } },
    token: { headers: { Authorization: w(c.comeback.token) } },
    account: { headers: { account: w(c.intouch.account) } },
    apiToken: { headers: { Authorization: `Bearer ${w(c.intouch.apiToken)}` } },
    customerToken: { headers: { Authorization: `Bearer ${w(JSON.parse(login.body).data.api_token)}` } },
    subscriptionKey: { headers: { 'Ocp-Apim-Subscription-Key': w(c.reversio.subscriptionKey) } },
    subscriptionKeyQuery: { query: { 'subscription-key': w(c.reversio.subscriptionKey) } },
    secretValue: { headers: { 'Ocp-Apim-Secret-Value': w(c.reversio.secretValue) } },
    secretQuery: { query: { secret: w(c.reversio.secretValue) } },
    jwt: { headers: { Authorization: `Bearer ${w(JSON.parse(token.body).value)}` } },
    adminToken: {},
  };
}

/** The call whose answer must be a documented success: the sample's, with the sandbox's credentials. */
const SAMPLE_CALL = 'its sample, own credentials';

/** What each document says beyond its route schemas: its error answers among them. */
const DESCRIPTIONS: Record<string, OpenApiDescription> = { control: controlOpenapi, ...Object.fromEntries(DIALECTS.filter((d) => d.openapi).map((d) => [d.name, d.openapi!])) };

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

describe('OpenAPI documents tell the truth: every answer of every operation is documented', () => {
  const app = useTestApp();
  const receiver = new Receiver();
  let receiverUrl = '';
  beforeAll(async () => {
    receiverUrl = await receiver.listen();
  });
  afterAll(() => receiver.close());

  for (const name of DOCS) {
    it(`${name}: every status, content type and body an operation answers is in the document`, async () => {
      const t = app.t;
      const doc = (await t.call({ method: 'GET', url: `/_understudy/openapi/${name}.json` })).body as Json;
      const prefix: string = doc.servers[0].url;
      const ajv = new Ajv2020({ strict: false, validateSchema: false, validateFormats: false, allErrors: false });
      ajv.addSchema(doc, 'doc');
      const sandbox = await t.sandbox('demo');
      const values = { own: await schemeValues(t, sandbox.credentials, false), wrong: await schemeValues(t, sandbox.credentials, true) };
      const problems: string[] = [];
      const succeeded = new Set<string>();
      const operations: string[] = [];
      const errorSchemas = DESCRIPTIONS[name].errors.filter((e) => e.schema).map((e) => ({ status: e.status, validate: ajv.compile(e.schema!) }));
      /** One of the dialect's documented error bodies (TouchOffice's failures are HTTP 200). */
      const isErrorAnswer = (status: number, body: unknown) => errorSchemas.some((e) => e.status === status && e.validate(body));

      const check = (opKey: string, op: Json, path: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) => {
        const status = String(res.statusCode);
        const documented = op.responses[status] ?? op.responses[`${status[0]}XX`] ?? op.responses.default;
        const where = `${opKey} (${what}) → ${status}`;
        if (!documented) return problems.push(`${where}: status not documented (${res.body.slice(0, 120)})`);
        const type = String(res.headers['content-type'] ?? '').split(';')[0].trim();
        // A success is the sample's own answer (an XML or a credential-less answer is no evidence).
        const success = () => what === SAMPLE_CALL && res.statusCode >= 200 && res.statusCode < 300 && succeeded.add(opKey);
        if (res.body === '' || res.statusCode === 204) {
          if (documented.content && res.statusCode !== 204) return problems.push(`${where}: an empty body, but the document gives ${Object.keys(documented.content)}`);
          return success();
        }
        if (!documented.content?.[type]) return problems.push(`${where}: content type ${type} not documented (${Object.keys(documented.content ?? {})})`);
        if (type !== 'application/json') return success();
        const ref = `doc#/${pointer('paths', path, op.__method, 'responses', Object.keys(op.responses).find((k) => op.responses[k] === documented)!, 'content', type, 'schema')}`;
        const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
        const body = JSON.parse(res.body);
        if (!validate(body)) return problems.push(`${where}: body does not match the schema: ${ajv.errorsText(validate.errors)} (${res.body.slice(0, 160)})`);
        if (!isErrorAnswer(res.statusCode, body)) success();
      };

      const send = (call: Call) => t.app.inject({ method: call.method as 'GET', url: call.url, headers: call.headers, ...(call.payload === undefined ? {} : { payload: call.payload }) });
      /**
       * An operation that answers server-sent events never ends by itself: its answer is read up
       * to the end of its first event (or to its end, an error answer), then the client goes.
       */
      const sendStreaming = async (call: Call) => {
        const res = await t.app.inject({ method: call.method as 'GET', url: call.url, headers: call.headers, payloadAsStream: true });
        const stream = res.stream();
        let body = '';
        for await (const chunk of stream) {
          body += chunk;
          if (String(res.headers['content-type']).startsWith('text/event-stream') && body.includes('\n\n')) break;
        }
        (res.raw.res as unknown as { destroy(): void }).destroy();
        return { statusCode: res.statusCode, headers: res.headers, body };
      };
      const streams = (op: Json) => Object.values<Json>(op.responses ?? {}).some((r) => r.content?.['text/event-stream']);
      const context: SampleContext = { t, sandboxId: sandbox.id, credentials: sandbox.credentials, receiver: receiverUrl };
      const resolve = async (of: SampleOf | undefined): Promise<Sample> => (typeof of === 'function' ? await of(context) : (of ?? {}));

      // Revel: an existing id of each resource, from its list.
      const revelId = async (path: string) => {
        const list = path.replace(/\{id\}\/$/, '');
        const res = await send({ method: 'GET', url: `${prefix}${list}?limit=1`, headers: values.own.apiAuthentication.headers! });
        return res.statusCode === 200 ? String(JSON.parse(res.body).objects?.[0]?.id ?? '1') : '1';
      };

      const last = (o: { path: string; method: string }) => (o.method !== 'delete' ? 0 : o.path === '/sandboxes/{id}' ? 2 : 1);
      // Deletions last (the sandbox's own at the very end), so that the other operations find what they read.
      const ordered = Object.entries<Json>(doc.paths)
        .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, item, method })))
        .sort((a, b) => last(a) - last(b));
      const unusedSamples = new Set([...Object.keys(SAMPLES[name] ?? {}), ...Object.keys(ERROR_SAMPLES[name] ?? {})]);
      for (const { path, item, method } of ordered) {
        const op = item[method];
        op.__method = method;
        const opKey = `${method.toUpperCase()} ${path}`;
        operations.push(opKey);
        unusedSamples.delete(op.operationId);
        const params: Json[] = [...(item.parameters ?? []), ...(op.parameters ?? [])];
        const pathValue = async (p: string) => (p === 'id' && name === 'revel' ? await revelId(path) : p === 'id' || p === 'sandboxId' ? sandbox.id : (KNOWN[p] ?? '1'));
        const request = async (sample: Sample, creds: Creds, opts: { badPath?: boolean; payload?: string; query?: Record<string, string> } = {}): Promise<Call> => {
          const headers: Record<string, string> = {};
          const query: Record<string, string> = { ...sample.query, ...opts.query };
          const requirement: Json = op.security?.[0] ?? {};
          if (creds !== 'none') {
            for (const scheme of Object.keys(requirement)) {
              Object.assign(headers, values[creds][scheme].headers);
              Object.assign(query, values[creds][scheme].query);
            }
          }
          let url = path;
          for (const p of params.filter((x) => x.in === 'path')) {
            const value = opts.badPath && p.name !== 'sandboxId' ? 'no-such-thing-9999' : (sample.params?.[p.name] ?? (await pathValue(p.name)));
            url = url.replace(`{${p.name}}`, encodeURIComponent(value));
          }
          let payload = opts.payload;
          if (payload === undefined && sample.form) {
            payload = new URLSearchParams(sample.form).toString();
            headers['content-type'] = 'application/x-www-form-urlencoded';
          }
          payload ??= sample.raw ?? (sample.body !== undefined ? JSON.stringify(sample.body) : op.requestBody ? '{}' : undefined);
          if (payload !== undefined) headers['content-type'] ??= 'application/json';
          const q = new URLSearchParams(query).toString();
          return { method: method.toUpperCase(), url: `${prefix}${url}${q ? `?${q}` : ''}`, headers: { ...headers, ...sample.headers }, payload };
        };

        const sample = await resolve(SAMPLES[name]?.[op.operationId]);
        const calls: Array<[string, Call]> = [[SAMPLE_CALL, await request(sample, 'own')]];
        if ((op.security ?? []).length && !op.security.some((r: Json) => Object.keys(r).length === 0)) {
          calls.push(['no credentials', await request(sample, 'none')], ['wrong credentials', await request(sample, 'wrong')]);
        }
        if (params.some((p) => p.in === 'path')) calls.push(['an unknown path value', await request(sample, 'own', { badPath: true })]);
        if (op.requestBody) calls.push(['a wrong-typed body', await request(sample, 'own', { payload: '"not an object"' })], ['a malformed body', await request(sample, 'own', { payload: '{"a":' })]);
        if (params.some((p) => p.in === 'query' && p.name === 'format')) calls.push(['?format=xml', await request(sample, 'own', { query: { format: 'xml' } })]);
        for (const [what, call] of calls) {
          const res = await (streams(op) ? sendStreaming(call) : send(call));
          check(opKey, op, path, { statusCode: res.statusCode, headers: res.headers, body: res.body }, what);
        }
        // The documented errors the calls above cannot reach: each must be answered, as documented.
        for (const error of ERROR_SAMPLES[name]?.[op.operationId] ?? []) {
          const res = await send(await request(await resolve(error.sample), 'own'));
          if (res.statusCode !== error.status) problems.push(`${opKey} (${error.what}): ${res.statusCode}, not ${error.status} (${res.body.slice(0, 120)})`);
          check(opKey, op, path, { statusCode: res.statusCode, headers: res.headers, body: res.body }, error.what);
        }
      }

      const failed = operations.filter((o) => !succeeded.has(o));
      if (process.env.OPENAPI_TRUTH_REPORT === '1') console.log(`${name}: ${operations.length} operations, ${succeeded.size} with a documented success; not: ${failed.join(', ')}`);
      expect(problems).toEqual([]);
      // Every operation answers its sample with a documented success; every sample names an operation.
      expect(failed).toEqual([]);
      expect([...unusedSamples]).toEqual([]);
    }, 60_000);
  }
});
