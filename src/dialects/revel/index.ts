import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Dialect, DialectPluginOptions } from '../../core/dialect.ts';
import { installDialectPipeline, type PresentedCredential } from '../../core/http/dialect-pipeline.ts';
import { describeRequestError } from '../../core/http/request-errors.ts';
import { DiscountCodes } from './discount-codes/model.ts';
import { discountCodeRoutes } from './discount-codes/routes.ts';
import { EmsCodeWorker } from './discount-codes/worker.ts';
import { addFixtures, seed } from './fixtures.ts';
import { registry } from './resources/index.ts';
import { schema, TABLES } from './store.ts';
import { TastypieEngine } from './tastypie/engine.ts';
import { RevelError } from './tastypie/errors.ts';
import { sendRevel } from './tastypie/reply.ts';
import { registerResource } from './tastypie/routes.ts';
import { SandboxGoneError } from '../../core/sandboxes/transaction.ts';

const PREFIX = '/revel';
/** How often pending EMS discount codes are looked at (their due time is by the sandbox clock). */
const EMS_POLL_MS = 500;

/** Tastypie's error body (FIDELITY.md). */
const errorBody = (message: string) => ({ error: message });

const isForm = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/**
 * FIDELITY.md, Revel auth: `API-AUTHENTICATION: key:secret`, or `api_key` + `api_secret` as
 * query or form parameters.
 */
function credentialOf(request: FastifyRequest): PresentedCredential | null {
  const header = request.headers['api-authentication'];
  if (typeof header === 'string' && header.includes(':')) {
    const at = header.indexOf(':');
    return { key: header.slice(0, at).trim(), secret: header.slice(at + 1).trim() };
  }
  const query = (request.query ?? {}) as Record<string, unknown>;
  const body = isForm(request) && request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
  const pick = (name: string) => {
    const v = query[name] ?? body[name];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[v.length - 1] === 'string' ? (v[v.length - 1] as string) : undefined;
  };
  const key = pick('api_key');
  return key ? { key, secret: pick('api_secret') } : null;
}

async function revelPlugin(app: FastifyInstance, { core }: DialectPluginOptions): Promise<void> {
  // JSON bodies, whatever the declared type (Tastypie reads a missing Content-Type as JSON);
  // an empty body is no body; a malformed one is Tastypie's 400.
  const parseJson = (_request: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void) => {
    if (body.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body));
    } catch (err) {
      done(Object.assign(new Error(`Malformed JSON body: ${(err as Error).message}`), { statusCode: 400, code: 'REVEL_MALFORMED_JSON' }), undefined);
    }
  };
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (request, body, done) => parseJson(request, body as string, done));
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => parseJson(request, body as string, done));

  installDialectPipeline(app, core, {
    dialect: 'revel',
    prefix: PREFIX,
    credential: credentialOf,
    secretMatches: (presented, stored) => presented !== undefined && stored !== null && presented === stored,
    // Failed auth: 401 with an empty body (FIDELITY.md).
    rejectAuth: (reply) => reply.code(401).send(),
    errorBody: (_status, message) => errorBody(message),
    credentialInBody: (request) => {
      if (request.headers['api-authentication'] !== undefined) return false;
      if ((request.query as Record<string, unknown> | undefined)?.api_key !== undefined) return false;
      return isForm(request);
    },
  });

  // The form parameters that authenticated the request are not fields of the object
  // (a synchronous hook: it runs on every request).
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.body && typeof request.body === 'object' && isForm(request)) {
      const { api_key: _key, api_secret: _secret, ...rest } = request.body as Record<string, unknown>;
      request.body = rest;
    }
    done();
  });

  app.setErrorHandler((err: FastifyError | RevelError, request, reply) => {
    // The sandbox was deleted after the credential was checked: the credential is now unknown.
    if (err instanceof SandboxGoneError) return reply.code(401).send();
    if (err instanceof RevelError) return sendRevel(request, reply, err.status, err.body, err.headers);
    if ((err as FastifyError).code === 'REVEL_MALFORMED_JSON') return sendRevel(request, reply, 400, errorBody(err.message));
    const known = describeRequestError(err as FastifyError);
    // Django answers a body over its limit with 400 (RequestDataTooBig), as every other bad request.
    if (known) return sendRevel(request, reply, 400, errorBody(known.message));
    request.log.error({ err }, 'revel request failed');
    return sendRevel(request, reply, 500, errorBody('Sorry, this request could not be processed. Please try again later.'));
  });
  app.setNotFoundHandler((request, reply) => sendRevel(request, reply, 404, errorBody(`No Revel resource at ${request.method} ${request.dialectPath}`)));

  const engine = new TastypieEngine(core.db, registry, core.engine);
  for (const def of registry.all()) if (def.routed !== false) registerResource(app, engine, def, PREFIX);

  const codes = new DiscountCodes(core.db, core.outbox);
  discountCodeRoutes(app, codes);

  // Pending EMS codes are processed on their own, so their callback_url hears back without a read.
  const worker = new EmsCodeWorker(core.db, codes, core.log, EMS_POLL_MS);
  app.addHook('onReady', async () => worker.start());
  // preClose, not onClose: the root's onClose closes the database before a child's onClose runs.
  app.addHook('preClose', async () => worker.stop());
}

export const revel: Dialect = {
  name: 'revel',
  prefix: PREFIX,
  schema,
  tables: TABLES,
  seed,
  addFixtures,
  errorBody: (_status, message) => errorBody(message),
  plugin: revelPlugin,
};
