import type { FastifyError, FastifyInstance } from 'fastify';
import type { Core } from '../core/core.ts';
import { FixtureError } from '../core/dialect.ts';
import { ConflictError, NotFoundError } from '../core/errors.ts';
import { describeRequestError } from '../core/http/request-errors.ts';
import { servicesFor } from '../core/services.ts';
import { sandboxRoutes } from './sandboxes.ts';
import { sandboxStateRoutes } from './sandbox-state.ts';
import { journalStreamRoutes } from './journal-stream.ts';
import { openapiRoutes } from './openapi.ts';
import { docsRoutes } from './docs.ts';
import { adminAuth } from './admin-auth.ts';
import { nestsDeeperThan, tooDeep } from '../core/http/json.ts';
import { Health } from './schemas.ts';

/** The control plane: `/_understudy/…` (CONTRACT.md). Errors are `{"error": message}`. */
export interface ControlOptions {
  core: Core;
}

export async function controlPlugin(app: FastifyInstance, opts: ControlOptions): Promise<void> {
  const { core } = opts;
  app.addHook('onRequest', adminAuth(core.config.adminToken));
  // A control write may change what a credential resolves to (clock, faults, deletion):
  // the cached contexts go before the write answers.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') core.sandboxContexts.clear();
    return payload;
  });

  // Every control body is optional where its fields are (`POST /sandboxes` with nothing sent
  // makes a demo sandbox): an absent or empty body is read as `{}`, then validated.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    if (nestsDeeperThan(body as string)) return done(tooDeep(), undefined);
    json(request, body as string, done);
  });
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined) request.body = {};
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof NotFoundError) return reply.code(404).send({ error: err.message });
    if (err instanceof ConflictError) return reply.code(409).send({ error: err.message });
    if (err instanceof FixtureError || err instanceof RangeError) return reply.code(400).send({ error: err.message });
    const known = describeRequestError(err);
    if (known) return reply.code(known.status).send({ error: known.message });
    request.log.error({ err }, 'control request failed');
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no control route ${request.method} ${request.url.split('?')[0]}` }));

  app.get('/health', { schema: { hide: true, response: { 200: Health } } }, async () => ({
    status: 'ok',
    engine: core.engine,
    dialects: core.dialects.filter((d) => d.routes).map((d) => d.name),
    uptimeSeconds: Math.round(process.uptime()),
    journal: core.journal.stat(),
  }));

  await app.register(openapiRoutes, { core });
  await app.register(docsRoutes, { core });
  await app.register(sandboxRoutes, { core });
  await app.register(sandboxStateRoutes, { core });
  await app.register(journalStreamRoutes, { core });
  for (const dialect of core.dialects) {
    if (dialect.control) await app.register(dialect.control, { prefix: `/sandboxes/:sandboxId/${dialect.name}`, ...servicesFor(core, dialect) });
  }
}
