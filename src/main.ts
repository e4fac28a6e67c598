import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import swagger from '@fastify/swagger';
import { Ajv } from 'ajv';
import pino, { type Logger } from 'pino';
import type { Config } from './core/config.ts';
import { createCore, type Core } from './core/core.ts';
import { logDestination } from './core/log.ts';
import type { DialectDefinition } from './core/dialect.ts';
import { servicesFor } from './core/services.ts';
import { decorateDialectRequests, mountDialect, sendAnswer } from './core/http/mount.ts';
import { HostTable, outsideVendorApi } from './core/http/hosts.ts';
import { authTransform } from './core/openapi.ts';
import { defaultJsonParser } from './core/http/parsers.ts';
import { clientErrorHandler, frameworkErrorHandler } from './core/http/framework-errors.ts';
import { drainUnreadBodies } from './core/http/drain.ts';
import { controlPlugin } from './control/index.ts';
import { consolePlugin } from './console/plugin.ts';
import { DIALECTS } from './dialects/index.ts';

export { DIALECTS };

export const BODY_LIMIT = 1024 * 1024;

export interface BuiltApp {
  app: FastifyInstance;
  core: Core;
  /** The host names host routing answers to (the server certificate's names). */
  hosts: HostTable;
}

export function createLogger(config: Config): Logger {
  const destination = logDestination(config.logFormat);
  return destination ? pino({ level: config.logLevel, base: undefined }, destination) : pino({ level: config.logLevel, base: undefined });
}

type Validate = ((data: unknown) => boolean) & { errors?: any };

function lazyValidator(ajv: Ajv, schema: object): Validate {
  let compiled: ReturnType<Ajv['compile']> | null = null;
  const validate: Validate = (data) => {
    compiled ??= ajv.compile(schema);
    const ok = compiled(data) as boolean;
    validate.errors = compiled.errors;
    return ok;
  };
  return validate;
}

/**
 * Fastify's own response serializers (fast-json-stringify), compiled on a route's first answer
 * rather than at start: compiling every dialect's response schemas was a sixth of the time to
 * the ready line.
 */
function lazySerializers() {
  const eager = SerializerSelector();
  return (externalSchemas: unknown, options: unknown) => {
    const build = eager(externalSchemas as never, options as never);
    return (route: Parameters<typeof build>[0]) => {
      let compiled: ((data: unknown) => string) | null = null;
      return (data: unknown) => (compiled ??= build(route) as (data: unknown) => string)(data);
    };
  };
}

export interface BuildOptions {
  /** The dialects to serve (default: every dialect of src/dialects/index.ts). */
  dialects?: DialectDefinition<any>[];
  log?: Logger;
  /** Serve TLS with this key and certificate chain (PEM): `serve --https` (server.ts). */
  https?: { key: string | Buffer; cert: string | Buffer };
}

/** Builds the whole server: the core, the control plane, then each dialect, mounted by core. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<BuiltApp> {
  const { dialects = DIALECTS, log = createLogger(config) } = opts;
  const core = await createCore(config, dialects, log);
  const hosts = new HostTable(core.dialects);
  const app = Fastify({
    ...(opts.https ? { https: opts.https } : {}),
    // A vendor's own host reaches its dialect at the vendor's paths (core/http/hosts.ts).
    rewriteUrl: (req) => hosts.rewrite(req),
    loggerInstance: log as unknown as FastifyBaseLogger,
    // One debug line per request, written below; none of Fastify's own.
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger (measured: 2% of a simple read); our request line carries the fields.
    childLoggerFactory: (logger) => logger,
    bodyLimit: BODY_LIMIT,
    // Revel clients send `//resources/Product/` and omit trailing slashes (FIDELITY.md).
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() as never } },
    // Router and HTTP-parser refusals, answered in the dialect's shape (core/http/framework-errors.ts).
    frameworkErrors: frameworkErrorHandler(dialects),
    clientErrorHandler: clientErrorHandler(dialects) as never,
  });

  // Bodies are validated as sent (a string is not a number); query strings and path
  // parameters are text on the wire and are coerced.
  const bodyAjv = new Ajv({ coerceTypes: false, useDefaults: true, strict: false, allErrors: false });
  const textAjv = new Ajv({ coerceTypes: 'array', useDefaults: true, strict: false, allErrors: false });
  // Compiled on first use, not at start: a route's validator costs nothing until it is called.
  app.setValidatorCompiler(({ schema, httpPart }) => lazyValidator(httpPart === 'body' ? bodyAjv : textAjv, schema));

  if (log.isLevelEnabled('debug')) {
    app.addHook('onResponse', async (request, reply) => {
      // The path only: query strings carry credentials (TAK, api_key, api_secret).
      request.log.debug({ method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 }, 'request');
    });
  }

  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  // Any JSON outside the dialects and the control plane: Fastify's parser, behind the depth guard.
  app.removeContentTypeParser('application/json');
  defaultJsonParser(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Understudy', version: '0.1.0' },
    },
    // Each route's auth scheme names, for the documents' `security` (core/openapi.ts).
    transform: authTransform as never,
  });
  decorateDialectRequests(app);
  drainUnreadBodies(app);

  // Outside every prefix: Fastify's own 404, except on a vendor host, where a path outside the
  // vendor's API is that dialect's not-found.
  app.setNotFoundHandler((request, reply) => {
    const route = outsideVendorApi(request);
    if (!route) {
      const message = `Route ${request.method}:${request.url} not found`;
      return reply.code(404).send({ message, error: 'Not Found', statusCode: 404 });
    }
    request.journalSecrets = [];
    request.dialectPath = (request.originalUrl.split('?')[0] || '/').replace(/\/{2,}/g, '/');
    return sendAnswer(route.dialect, request, reply, route.dialect.protocol!.notFound(request));
  });

  await app.register(controlPlugin, { prefix: '/_understudy', core });
  await app.register(consolePlugin, { core });
  for (const dialect of core.dialects) {
    await mountDialect(app, core, dialect, servicesFor(core, dialect));
    if (dialect.pages) await app.register(dialect.pages.routes, { prefix: dialect.pages.prefix, ...servicesFor(core, dialect) });
  }

  // Graceful stop: the server stops accepting and waits for requests in flight; a keep-alive
  // socket that turns idle after its last response is closed too, so a client's open
  // connection cannot hold the stop (a timer here costs nothing per request, a hook would).
  let reaper: NodeJS.Timeout | null = null;
  app.addHook('preClose', async () => {
    reaper = setInterval(() => app.server.closeIdleConnections(), 25);
  });
  app.addHook('onClose', async () => {
    if (reaper) clearInterval(reaper);
  });

  app.addHook('onReady', async () => {
    core.outbox.worker.start();
    core.scheduler.start();
  });
  app.addHook('onClose', async () => core.close());
  return { app, core, hosts };
}
