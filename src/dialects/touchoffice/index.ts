import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Dialect, DialectPluginOptions } from '../../core/dialect.ts';
import { installDialectPipeline } from '../../core/http/dialect-pipeline.ts';
import { SandboxGoneError } from '../../core/sandboxes/transaction.ts';
import { barcodeRoutes } from './barcode.ts';
import { errorMessage } from './errors.ts';
import { addFixtures, seed } from './fixtures.ts';
import { touchofficeRoutes } from './routes.ts';
import { schema, TABLES } from './store.ts';
import { parseJsonExact, toXml } from './wire.ts';

const PREFIX = '/touchoffice';

/** FIDELITY.md: every answer is HTTP 200 with `status` 1, or 0 and `msg`. */
const failure = (msg: string) => ({ status: 0, msg });

/** FIDELITY.md: a missing or unknown TAK is `"auth": "false"` (a string), still HTTP 200. */
const rejectAuth = (reply: FastifyReply, reason: 'missing' | 'unknown') =>
  reply.code(200).send({ status: 0, msg: reason === 'missing' ? 'No TAK supplied' : 'Invalid TAK', auth: 'false' });

async function touchofficePlugin(app: FastifyInstance, { core }: DialectPluginOptions): Promise<void> {
  // The vendor reads the raw body as JSON whatever the Content-Type says (`curl -d` sends
  // form encoding): so does Understudy, in this dialect's scope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      // An empty body (a DELETE sent with a Content-Type) is no body, not malformed JSON.
      done(null, (body as string).trim() === '' ? undefined : parseJsonExact(body as string));
    } catch (err) {
      done(Object.assign(new Error(`Malformed JSON body: ${(err as Error).message}`), { statusCode: 400, code: 'TO_MALFORMED_JSON' }), undefined);
    }
  });

  // `?format=xml`: the same document as XML, errors included. Registered before
  // the pipeline so that the journal records what was sent.
  app.addHook('onSend', (request, reply, payload, done) => {
    if ((request.query as { format?: string })?.format !== 'xml' || typeof payload !== 'string') return done(null, payload);
    let xml: string;
    try {
      xml = toXml(JSON.parse(payload));
    } catch {
      return done(null, payload);
    }
    reply.header('content-type', 'application/xml; charset=utf-8');
    done(null, xml);
  });

  installDialectPipeline(app, core, {
    dialect: 'touchoffice',
    prefix: PREFIX,
    credential: (request) => {
      const tak = (request.query as { TAK?: unknown }).TAK;
      return typeof tak === 'string' && tak ? { key: tak } : null;
    },
    rejectAuth,
    errorBody: (_status, message) => failure(message),
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    // The sandbox was deleted while this request was under way: its TAK is now unknown.
    if (err instanceof SandboxGoneError) return rejectAuth(reply, 'unknown');
    const msg = err.code === 'TO_MALFORMED_JSON' ? err.message : errorMessage(err);
    if (msg !== null) return reply.code(200).send(failure(msg));
    request.log.error({ err }, 'touchoffice request failed');
    return reply.code(500).send(failure('Internal error'));
  });
  app.setNotFoundHandler((request, reply) => reply.code(200).send(failure(`Unknown endpoint ${request.method} ${request.dialectPath}`)));

  await app.register(touchofficeRoutes, { core });
}

export const touchoffice: Dialect = {
  name: 'touchoffice',
  prefix: PREFIX,
  schema,
  tables: TABLES,
  seed,
  addFixtures,
  errorBody: (_status, message) => failure(message),
  plugin: touchofficePlugin,
  controlPlugin: barcodeRoutes,
};
