import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SqliteAdapter } from 'kysely';
import type { Db, Tx } from '../db/engine.ts';
import { onForgetSandbox } from '../answer-cache.ts';

/**
 * Answers kept between writes (README, Development: "Speed"). A GET route whose answer is a
 * function of the sandbox's rows and of the request alone (not of the sandbox clock, not of
 * anything outside the sandbox) says so with `config: { keep: true }`; its 200 answer is kept,
 * as sent (after the protocol's encode; a large one as UTF-8 bytes), and given again
 * to the same request until the sandbox is next written:
 *
 * - every transaction of a sandbox scope (requests, jobs, fixture bundles) forgets the
 *   sandbox's answers once it has committed, and reset, restore and delete forget them in
 *   theirs (`forgetSandbox`);
 * - a generation per sandbox, read before the answer is built, keeps an answer built from rows
 *   older than a write that committed meanwhile from being kept;
 * - an answer that depends on the clock only through a time to come (a Comeback balance's next
 *   expiry) says until when it holds (`scope.answerValidUntil`), and is not given from then on;
 * - only on SQLite, where one process owns the database (core/db/sqlite-owner.ts): on
 *   PostgreSQL another node may write, and nothing is kept;
 * - bounded in bytes over every sandbox (the oldest answers go first).
 *
 * The request is the key as far as it can change the answer: the dialect, the credential and
 * the subject it authenticated as, the headers answers are negotiated on, the URL as sent.
 * Auth, faults, validation and the journal run for a kept answer as for any other.
 */
export interface KeptAnswer {
  status: number;
  /** Given again only before this sandbox time (`SandboxScope.answerValidUntil`). */
  until: number;
  headers: Record<string, string | number | string[]>;
  payload: string | Buffer;
  bytes: number;
}

const MAX_BYTES = 32 * 1024 * 1024;
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Answers up to this many characters are kept as text, larger ones as bytes. */
const SMALL = 16 * 1024;

interface SandboxAnswers {
  generation: number;
  keys: Set<string>;
}

class KeptAnswers {
  private readonly answers = new Map<string, KeptAnswer & { sandboxId: string }>();
  private readonly sandboxes = new Map<string, SandboxAnswers>();
  private bytes = 0;

  private of(sandboxId: string): SandboxAnswers {
    let s = this.sandboxes.get(sandboxId);
    if (!s) {
      if (this.sandboxes.size > 10_000) for (const [id, v] of this.sandboxes) if (v.keys.size === 0) this.sandboxes.delete(id);
      this.sandboxes.set(sandboxId, (s = { generation: 0, keys: new Set() }));
    }
    return s;
  }

  get(key: string): KeptAnswer | undefined {
    return this.answers.get(key);
  }

  generation(sandboxId: string): number {
    return this.of(sandboxId).generation;
  }

  set(sandboxId: string, key: string, answer: KeptAnswer, generation: number): void {
    const s = this.of(sandboxId);
    if (s.generation !== generation || answer.bytes > MAX_ANSWER_BYTES) return;
    this.drop(key);
    this.answers.set(key, { ...answer, sandboxId });
    s.keys.add(key);
    this.bytes += answer.bytes;
    if (this.bytes <= MAX_BYTES) return;
    for (const k of this.answers.keys()) {
      this.drop(k);
      if (this.bytes <= MAX_BYTES / 2) break;
    }
  }

  private drop(key: string): void {
    const a = this.answers.get(key);
    if (!a) return;
    this.answers.delete(key);
    this.sandboxes.get(a.sandboxId)?.keys.delete(key);
    this.bytes -= a.bytes;
  }

  /** The sandbox was written: none of its answers is given again. */
  forget(sandboxId: string): void {
    const s = this.sandboxes.get(sandboxId);
    if (!s) return;
    s.generation++;
    for (const k of s.keys) {
      const a = this.answers.get(k);
      if (a) {
        this.answers.delete(k);
        this.bytes -= a.bytes;
      }
    }
    s.keys.clear();
  }
}

/** One store per database (several apps may run in one process, a test's each on its own). */
const byAdapter = new WeakMap<object, KeptAnswers>();
const keptOf = (db: Db | Tx): KeptAnswers | undefined => {
  const adapter = db.getExecutor().adapter;
  if (!(adapter instanceof SqliteAdapter)) return undefined;
  let k = byAdapter.get(adapter);
  if (!k) byAdapter.set(adapter, (k = new KeptAnswers()));
  return k;
};
onForgetSandbox((adapter, sandboxId) => byAdapter.get(adapter)?.forget(sandboxId));

/** A sandbox's rows were written (a scope's transaction committed): its kept answers go. */
export function forgetAnswers(db: Db | Tx, sandboxId: string): void {
  keptOf(db)?.forget(sandboxId);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** A kept route's request that missed: the key its answer is kept under, and the generation read before it was built. */
    keptMiss: { key: string; generation: number } | null;
    /** The answer is a kept one, already encoded. */
    keptHit: boolean;
  }
  interface FastifyContextConfig {
    /** The route's GET answer is a function of the sandbox's rows and the request alone: kept between writes (core/http/kept-answers.ts). */
    keep?: boolean;
  }
}

function keyOf(dialect: string, request: FastifyRequest): string {
  const s = request.scope!;
  const h = request.headers;
  return `${s.sandboxId}\u0000${dialect}\u0000${s.credential?.kind ?? ''}\u0000${s.credential?.key ?? ''}\u0000${s.subject ?? ''}\u0000${h.accept ?? ''}\u0000${h['accept-language'] ?? ''}\u0000${request.url}`;
}

/**
 * Installs keeping in a dialect's chain: the lookup after validation (preHandler), the keeping
 * in onSend. Call after the protocol's encode hook is added (which skips a kept answer) and
 * before the journal's (which records a kept answer as any other).
 */
export function keepAnswers(scope: FastifyInstance, dialect: string, db: Db): void {
  const kept = keptOf(db);
  if (!kept) return;
  scope.decorateRequest('keptMiss', null);
  scope.decorateRequest('keptHit', false);
  scope.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.method !== 'GET' || !request.routeOptions.config?.keep || !request.scope) return done();
    const key = keyOf(dialect, request);
    const found = kept.get(key);
    const hit = found && request.scope.now < found.until ? found : undefined;
    if (!hit) {
      request.keptMiss = { key, generation: kept.generation(request.scope.sandboxId) };
      return done();
    }
    request.keptHit = true;
    reply.code(hit.status).headers(hit.headers).send(hit.payload);
  });
  scope.addHook('onSend', (request, reply, payload, done) => {
    const miss = request.keptMiss;
    if (miss && reply.statusCode === 200 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      const headers = { ...reply.getHeaders() } as KeptAnswer['headers'];
      // What belongs to this one response, not to the answer.
      for (const h of ['content-length', 'connection', 'transfer-encoding', 'date']) delete headers[h];
      // A large answer is kept as bytes (encoded once; the journal reads text answers from bytes). A
      // small one is kept as text: Node writes its headers and a text body in one write, and a
      // small body copied in beats a second chunk written out (measured: 86 against 101 µs).
      const answer = typeof payload === 'string' ? (payload.length > SMALL ? Buffer.from(payload) : payload) : payload.byteLength > SMALL ? payload : payload.toString('utf8');
      const size = typeof answer === 'string' ? answer.length * 2 : answer.byteLength;
      kept.set(request.scope!.sandboxId, miss.key, { status: 200, until: request.scope!.answerUntil, headers, payload: answer, bytes: miss.key.length + size }, miss.generation);
      return done(null, answer);
    }
    done(null, payload);
  });
}
