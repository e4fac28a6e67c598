import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sandboxNow } from '../clock.ts';
import type { Core } from '../core.ts';
import type { DialectName } from '../dialect.ts';
import { findByCredential, type SandboxContext } from '../sandboxes/store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The sandbox a dialect request's credential resolved to. */
    sandbox: SandboxContext | null;
    /** Credential values to keep out of the journal (a dialect may add issued tokens). */
    journalSecrets: string[];
    startedAt: number;
    dialectPath: string;
  }
}

export interface PresentedCredential {
  key: string;
  /** The second half a dialect checks against the stored one (Revel apiSecret, Revers.io secret value). */
  secret?: string;
}

export interface PipelineSpec {
  dialect: DialectName;
  /** Where the dialect is mounted (to compute the vendor path for faults and the journal). */
  prefix: string;
  /** The credential as the request presents it, or null when there is none. */
  credential(request: FastifyRequest): PresentedCredential | null;
  /** Whether a presented secret matches the stored one; default: no second half is checked. */
  secretMatches?(presented: string | undefined, stored: string | null): boolean;
  /** Sends the vendor's answer to a missing or unknown credential. */
  rejectAuth(reply: FastifyReply, reason: 'missing' | 'unknown'): FastifyReply;
  /** The vendor's error body for an injected fault with none of its own. */
  errorBody(status: number, message: string): unknown;
  /** Routes (below the prefix) that need no credential. */
  isPublic?(request: FastifyRequest): boolean;
  /**
   * Requests whose credential can only be read once the body is parsed (Revel's `api_key` and
   * `api_secret` as form parameters): they are authenticated in preValidation instead of onRequest.
   */
  credentialInBody?(request: FastifyRequest): boolean;
}

/**
 * The request chain of every dialect (ARCHITECTURE.md): credential → sandbox → faults →
 * vendor logic → journal. Registered inside the dialect's encapsulated plugin.
 */
export function installDialectPipeline(app: FastifyInstance, core: Core, spec: PipelineSpec): void {
  app.addHook('onRequest', async (request, reply) => {
    request.startedAt = performance.now();
    request.journalSecrets = [];
    const q = request.url.indexOf('?');
    const path = q === -1 ? request.url : request.url.slice(0, q);
    request.dialectPath = path.replace(/\/{2,}/g, '/').slice(spec.prefix.length) || '/';
    if (spec.isPublic?.(request)) return;
    if (spec.credentialInBody?.(request)) {
      bodyCredential.add(request);
      return;
    }
    return authenticate(request, reply);
  });

  const bodyCredential = new WeakSet<FastifyRequest>();
  if (spec.credentialInBody) {
    app.addHook('preValidation', async (request, reply) => {
      if (bodyCredential.has(request)) return authenticate(request, reply);
    });
  }

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const presented = spec.credential(request);
    if (!presented || !presented.key) return spec.rejectAuth(reply, 'missing');
    let sandbox = core.sandboxContexts.get(spec.dialect, presented.key);
    if (!sandbox) {
      sandbox = await findByCredential(core.db, spec.dialect, presented.key);
      if (sandbox) core.sandboxContexts.set(spec.dialect, presented.key, sandbox);
    }
    const secretOk = sandbox && (spec.secretMatches ? spec.secretMatches(presented.secret, sandbox.credential.secret) : true);
    if (!sandbox || !secretOk) return spec.rejectAuth(reply, 'unknown');
    request.sandbox = sandbox;
    request.journalSecrets.push(presented.key);
    if (presented.secret) request.journalSecrets.push(presented.secret);

    if (sandbox.faultRuleCount > 0) {
      const fault = await core.faults.fire(sandbox.id, spec.dialect, request.method, request.dialectPath);
      if (fault) {
        if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (fault.status !== undefined || fault.body !== undefined) {
          const status = fault.status ?? 500;
          const body = fault.body ?? spec.errorBody(status, `Injected fault (HTTP ${status})`);
          return reply.code(status).send(body);
        }
      }
    }
    return undefined;
  }

  // The journal entry is taken when the response is handed over (status and body are final);
  // one synchronous hook, as every hook costs on every request.
  app.addHook('onSend', (request, reply, payload, done) => {
    const sandbox = request.sandbox;
    if (!sandbox) return done(null, payload);
    core.journal.record({
      sandboxId: sandbox.id,
      at: Date.now(),
      dialect: spec.dialect,
      method: request.method,
      path: request.dialectPath,
      query: (request.query as Record<string, unknown>) ?? {},
      status: reply.statusCode,
      durationMs: performance.now() - request.startedAt,
      requestBody: request.body ?? null,
      responseBody: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : null,
      secrets: request.journalSecrets,
    });
    done(null, payload);
  });
}

/** The sandbox clock of a dialect request, in epoch milliseconds. */
export function requestNow(request: FastifyRequest): number {
  if (!request.sandbox) throw new Error('requestNow called on a request without a sandbox');
  return sandboxNow(request.sandbox.clock);
}

export function decorateDialectRequests(app: FastifyInstance): void {
  app.decorateRequest('sandbox', null);
  app.decorateRequest('journalSecrets', null as unknown as string[]);
  app.decorateRequest('startedAt', 0);
  app.decorateRequest('dialectPath', '');
}
