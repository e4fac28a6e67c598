import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sandboxNow } from '../clock.ts';
import type { Core } from '../core.ts';
import type { Answer, AuthFailure, AuthScheme, DialectDefinition, DialectServices, Presented, StoredCredential, Verified } from '../dialect.ts';
import { SandboxGoneError } from '../errors.ts';
import { findByCredential, type CredentialMatch, type SandboxContext } from '../sandboxes/store.ts';
import { keepAnswers } from './kept-answers.ts';


const defaultSend = (_request: FastifyRequest, reply: FastifyReply, answer: Answer) => {
  reply.code(answer.status);
  if (answer.headers) reply.headers(answer.headers);
  return answer.body === undefined ? reply.send() : reply.send(answer.body);
};

/** Sends an answer on a dialect's behalf through its protocol (for answers given outside its chain). */
export const sendAnswer = (def: DialectDefinition<any>, request: FastifyRequest, reply: FastifyReply, answer: Answer) => (def.protocol?.send ?? defaultSend)(request, reply, answer);

/** The default check: a stored secret must be presented, and be the same. */
function defaultVerify(presented: Presented, stored: StoredCredential): Verified {
  if (stored.secret !== null && stored.secret !== undefined && presented.secret !== stored.secret) return { ok: false, reason: 'unknown', part: 'secret' };
  return { ok: true };
}

/** A failure that got further (an unknown credential rather than none) says more. */
const RANK = { missing: 0, unknown: 1, expired: 2, forbidden: 3 } as const;

export function decorateDialectRequests(app: FastifyInstance): void {
  app.decorateRequest('sandbox', null);
  app.decorateRequest('scope', null);
  app.decorateRequest('journalSecrets', null as unknown as string[]);
  app.decorateRequest('startedAt', 0);
  app.decorateRequest('dialectPath', '');
}

/**
 * Mounts one dialect under its prefix and installs its request chain, in this order, for every
 * request below the prefix (ARCHITECTURE.md, "One chain, written down once"):
 *
 * 1. **parsers**: the protocol's body parsers (the dialect's scope starts with none);
 * 2. **auth**, by the route's scheme(s) (`config.auth`, else `default`): the credential is
 *    extracted, looked up by (dialect, kind, key), verified; a refusal is the protocol's
 *    `reject`. This runs when the request arrives (onRequest), or once the body is parsed
 *    (preValidation) for a scheme that reads its credential from the body. It builds the
 *    request's sandbox scope;
 * 3. **faults**: the sandbox's fault rules; a bodiless fault is the protocol's `fault`;
 * 4. **validation**: the route's schemas (Fastify);
 * 5. **handler**: the dialect's route, through `request.scope`;
 * 6. **envelope/send**: the protocol's `encode` turns the payload into the asked-for format;
 * 7. **journal**: the answer, as sent, with every presented and issued secret redacted;
 * 8. **error mapping**: anything thrown is the protocol's `error` (a write for a sandbox deleted
 *    meanwhile is the protocol's unknown credential);
 * 9. **not-found**: the protocol's `notFound`.
 *
 * Every answer the chain gives on the dialect's behalf goes through the protocol's `send`.
 */
export async function mountDialect(app: FastifyInstance, core: Core, def: DialectDefinition<any>, services: DialectServices): Promise<void> {
  if (!def.routes) return;
  if (!def.protocol) throw new Error(`dialect '${def.name}' has routes but no protocol`);
  const protocol = def.protocol;
  const send = protocol.send ?? defaultSend;
  const answer = (request: FastifyRequest, reply: FastifyReply, a: Answer) => send(request, reply, a);
  const schemeNames = (request: FastifyRequest): string[] => {
    const auth = request.routeOptions.config?.auth ?? 'default';
    return Array.isArray(auth) ? auth : [auth];
  };
  const schemesOf = (request: FastifyRequest): Array<[string, AuthScheme]> =>
    schemeNames(request).map((name) => {
      const scheme = def.auth[name];
      if (!scheme) throw new Error(`${def.name}: route ${request.routeOptions.url} names auth scheme '${name}', which the dialect does not declare`);
      return [name, scheme];
    });

  await app.register(
    async (scope) => {
      // 1. parsers
      scope.removeAllContentTypeParsers();
      protocol.parsers(scope);

      // 2-3. auth, then faults
      const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
        let failure: AuthFailure | null = null;
        let matched: { match: CredentialMatch; presented: Presented; verified: Verified & { ok: true }; scheme: AuthScheme } | null = null;
        for (const [name, scheme] of schemesOf(request)) {
          const presented = scheme.extract?.(request) ?? null;
          const fail = (f: AuthFailure) => {
            if (!failure || RANK[f.reason] > RANK[failure.reason]) failure = f;
          };
          if (!presented || 'missing' in presented || !presented.key) {
            fail({ reason: 'missing', scheme: name, part: presented && 'missing' in presented ? presented.missing : undefined });
            continue;
          }
          let match = core.sandboxContexts.get(def.name, presented.kind, presented.key);
          if (!match) {
            match = await findByCredential(core.db, def.name, presented.kind, presented.key);
            if (match) core.sandboxContexts.set(def.name, presented.kind, presented.key, match);
          }
          if (!match) {
            fail({ reason: 'unknown', scheme: name, part: 'key' });
            continue;
          }
          const verified = scheme.verify
            ? await scheme.verify(presented, match.credential, { sandboxId: match.sandbox.id, now: sandboxNow(match.sandbox.clock), tokens: core.tokens, signingKey: match.sandbox.signingKey, db: core.db })
            : defaultVerify(presented, match.credential);
          if (!verified.ok) {
            fail({ reason: verified.reason, scheme: name, part: verified.part });
            continue;
          }
          matched = { match, presented, verified, scheme };
          break;
        }
        if (!matched) return answer(request, reply, protocol.reject(failure ?? { reason: 'missing', scheme: 'default' }, request));

        const { match, presented, verified, scheme } = matched;
        request.sandbox = match.sandbox;
        for (const v of [presented.key, presented.secret, presented.token]) if (v) request.journalSecrets.push(v);
        request.scope = core.scopes.create({
          dialect: def.name,
          sandbox: match.sandbox,
          stream: null,
          credential: match.credential,
          subject: verified.subject ?? null,
          secrets: request.journalSecrets,
        });
        scheme.consume?.(request);

        if (match.sandbox.faultRuleCount > 0) {
          const fault = await core.faults.fire(match.sandbox.id, def.name, request.method, request.dialectPath);
          if (fault) {
            if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
            if (fault.body !== undefined) return answer(request, reply, { status: fault.status ?? 500, body: fault.body });
            if (fault.status !== undefined) return answer(request, reply, protocol.fault(fault.status, request));
          }
        }
        return undefined;
      };

      const afterParsing = new WeakSet<FastifyRequest>();
      scope.addHook('onRequest', async (request, reply) => {
        request.startedAt = performance.now();
        request.journalSecrets = [];
        const q = request.url.indexOf('?');
        const path = q === -1 ? request.url : request.url.slice(0, q);
        request.dialectPath = path.replace(/\/{2,}/g, '/').slice(def.prefix.length) || '/';
        const schemes = schemesOf(request);
        if (schemes.every(([, s]) => s.public)) return;
        if (schemes.some(([, s]) => s.readsBody?.(request))) {
          afterParsing.add(request);
          return;
        }
        return authenticate(request, reply);
      });
      if (Object.values(def.auth).some((s) => s.readsBody)) {
        scope.addHook('preValidation', async (request, reply) => {
          if (afterParsing.has(request)) return authenticate(request, reply);
        });
      }

      // 6. envelope/send: the protocol's wire form, before the journal takes the answer as sent.
      if (protocol.encode) {
        const encode = protocol.encode;
        scope.addHook('onSend', (request, reply, payload, done) => {
          if (typeof payload !== 'string' || request.keptHit) return done(null, payload);
          done(null, encode(request, reply, payload));
        });
      }
      // Answers kept between writes (kept-answers.ts): looked up after validation, kept as sent.
      if (core.config.keepAnswers) keepAnswers(scope, def.name, core.db);

      // 7. journal: one synchronous hook, as every hook costs on every request.
      scope.addHook('onSend', (request, reply, payload, done) => {
        const sandbox = request.sandbox;
        if (!sandbox || request.routeOptions.config?.journal === false) return done(null, payload);
        core.journal.record({
          sandboxId: sandbox.id,
          at: Date.now(),
          dialect: def.name,
          method: request.method,
          path: request.dialectPath,
          query: (request.query as Record<string, unknown>) ?? {},
          status: reply.statusCode,
          durationMs: performance.now() - request.startedAt,
          requestBody: request.body ?? null,
          responseBody: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : null,
          responseType: Buffer.isBuffer(payload) ? String(reply.getHeader('content-type') ?? '') : undefined,
          secrets: request.journalSecrets,
        });
        done(null, payload);
      });

      // 8. error mapping
      scope.setErrorHandler((err, request, reply) => {
        if (err instanceof SandboxGoneError) return answer(request, reply, protocol.reject({ reason: 'unknown', scheme: schemeNames(request)[0] }, request));
        const a = protocol.error(err, request);
        if (a.status >= 500) request.log.error({ err }, `${def.name} request failed`);
        return answer(request, reply, a);
      });
      // 9. not-found
      scope.setNotFoundHandler((request, reply) => answer(request, reply, protocol.notFound(request)));

      // 4-5. validation and handlers: the dialect's routes.
      await scope.register(def.routes!, services);
    },
    { prefix: def.prefix },
  );
}
