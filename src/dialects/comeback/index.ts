import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Dialect, DialectPluginOptions } from '../../core/dialect.ts';
import { installDialectPipeline } from '../../core/http/dialect-pipeline.ts';
import { comebackControlRoutes } from './control.ts';
import { clientError, errorBody } from './errors.ts';
import { ExpirySweep } from './expiry-sweep.ts';
import { addFixtures, seed } from './fixtures.ts';
import { PASS_PATH } from './passes.ts';
import { comebackRoutes } from './routes.ts';
import { schema, TABLES } from './store.ts';
import { SandboxGoneError } from '../../core/sandboxes/transaction.ts';

const rejectAuth = (reply: FastifyReply, reason: 'missing' | 'unknown') =>
  reply.code(401).send(errorBody(reason === 'missing' ? 'Unauthorized: missing token' : 'Unauthorized: invalid token'));

/** CONTRACT.md: https://api.comeback.es/v1/ is served at /comeback/v1/. */
const PREFIX = '/comeback/v1';
/** How often expired points are looked for without a read of the customer. */
const EXPIRY_SWEEP_MS = 1000;

async function comebackPlugin(app: FastifyInstance, { core }: DialectPluginOptions): Promise<void> {
  installDialectPipeline(app, core, {
    dialect: 'comeback',
    prefix: PREFIX,
    // comeback.txt "Authentication": `Authorization: TOKEN`, the raw token (FIDELITY.md: no `Bearer`).
    credential: (request) => {
      const token = request.headers.authorization;
      return typeof token === 'string' && token.trim() ? { key: token.trim() } : null;
    },
    rejectAuth,
    errorBody: (_status, message) => errorBody(message),
    // The pass pages behind the download URLs are opened by phones, without a token.
    isPublic: (request) => request.dialectPath.startsWith(PASS_PATH),
  });
  // A token acts as its organization (the credential's scope); one without any is not a Comeback token.
  app.addHook('onRequest', async (request, reply) => {
    if (request.sandbox && !request.sandbox.credential.scope) return reply.code(401).send(errorBody('Unauthorized: invalid token'));
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    // The sandbox was deleted after the token was checked: the token is now unknown.
    if (err instanceof SandboxGoneError) return rejectAuth(reply, 'unknown');
    const known = clientError(err);
    if (known) return reply.code(known.status).send(errorBody(known.message));
    request.log.error({ err }, 'comeback request failed');
    return reply.code(500).send(errorBody('Internal error'));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody(`Not found: ${request.method} ${request.dialectPath}`)));

  const sweep = new ExpirySweep(core.db, core.outbox, (id) => core.sandboxes.nowMs(id), core.log, EXPIRY_SWEEP_MS);
  app.addHook('onReady', async () => sweep.start());
  app.addHook('onClose', async () => sweep.stop());

  await app.register(comebackRoutes, { core, mount: PREFIX });
}

export const comeback: Dialect = {
  name: 'comeback',
  prefix: PREFIX,
  schema,
  tables: TABLES,
  seed,
  addFixtures,
  errorBody: (_status, message) => errorBody(message),
  plugin: comebackPlugin,
  controlPlugin: comebackControlRoutes,
};
