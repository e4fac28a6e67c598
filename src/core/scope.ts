import type { JWTPayload } from 'jose';
import type { Logger } from 'pino';
import { sandboxNow } from './clock.ts';
import type { Db, Tx } from './db/engine.ts';
import { nextId } from './db/sequences.ts';
import type { StoredCredential } from './dialect.ts';
import type { Outbox } from './outbox/index.ts';
import { webhookUrl } from './outbox/store.ts';
import { randomFor, type Random } from './random.ts';
import { deleteTimer, upsertTimer } from './scheduler/store.ts';
import type { SandboxContext } from './sandboxes/store.ts';
import { SandboxGoneError } from './errors.ts';
import { isLive } from './sandboxes/transaction.ts';
import type { TokenService } from './tokens.ts';
import { forgetAnswers } from './http/kept-answers.ts';

/** What a transaction of a scope can ask for: work once it has committed. */
export interface UnitOfWork {
  afterCommit(fn: () => void): void;
}

/**
 * One tenant-bound handle: built by the request chain for each vendor request, by the scheduler
 * for each job, by core for seeding and fixture bundles. Its clock is read once; its
 * transactions are guarded against a concurrent delete of the sandbox; what it emits and
 * schedules wakes the delivery worker and the scheduler once the transaction has committed.
 */
export interface SandboxScope {
  readonly sandboxId: string;
  readonly dialect: string;
  /** The sandbox clock, epoch ms, read once when the scope was made. */
  readonly now: number;
  /**
   * The sandbox's random source: seeded sandboxes draw from their seed, and only inside
   * `tx` (the stream of each request is numbered in the database, so it survives restarts).
   */
  readonly random: Random;
  /** Whether the sandbox draws its values from a seed. */
  readonly seeded: boolean;
  readonly db: Db;
  readonly log: Logger;
  /** The credential a request authenticated with (absent for jobs, seeds and bundles). */
  readonly credential?: StoredCredential;
  /** Whom an issued token stands for (an InTouch customer), when the scheme said. */
  readonly subject?: string | null;

  tx<T>(run: (tx: Tx, uow: UnitOfWork) => Promise<T>): Promise<T>;
  /** Queues an outbox event (the sandbox's webhook URL for this dialect, unless `url`); false when there is nowhere to send it. */
  emit(tx: Tx, event: string, payload: unknown, opts?: { url?: string; headers?: Record<string, string> }): Promise<boolean>;
  /** Whether the dialect has a webhook URL set (to skip building payloads nobody receives). */
  hasWebhook(db: Db | Tx): Promise<boolean>;
  /** Sets a timer of one of the dialect's jobs, due at `dueAt` by the sandbox clock. */
  schedule(tx: Tx, job: string, key: string, dueAt: number, opts?: { keep?: 'earliest' | 'replace' }): Promise<void>;
  unschedule(tx: Tx, job: string, key: string): Promise<void>;
  /** A new opaque token for `subject`, stored by value; redacted from this request's journal entry. */
  issueToken(tx: Tx, kind: string, subject: string, opts?: { expiresAt?: number | null; length?: number }): Promise<string>;
  revokeTokens(tx: Tx, kind: string, which: { token?: string; subject?: string }): Promise<number>;
  /**
   * The answer being built stays right only until this sandbox time (a balance's next expiry):
   * a kept answer (core/http/kept-answers.ts) is not given again from then on.
   */
  answerValidUntil(ms: number): void;
  /** The earliest time given to `answerValidUntil` (Infinity: none). */
  readonly answerUntil: number;
  /** Whom an opaque token this sandbox issued stands for; undefined when it did not issue it (or it expired). */
  tokenSubject(kind: string, token: string): Promise<string | undefined>;
  /** A JWT signed with the sandbox's key, `iat` now and `exp` `ttlSeconds` later by the sandbox clock. */
  signJwt(claims: JWTPayload, ttlSeconds: number): Promise<string>;
  /** Keeps a value out of this request's journal entry. */
  secret(value: string): void;
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** The per-sandbox counter numbering the random streams of requests (seeded sandboxes). */
export const RANDOM_SEQUENCE = 'core.random';

export interface ScopeServices {
  db: Db;
  log: Logger;
  outbox: Outbox;
  tokens: TokenService;
  wakeScheduler(): void;
}

export interface ScopeOptions {
  dialect: string;
  sandbox: SandboxContext;
  /** The sandbox clock to use (default: read now). */
  now?: number;
  /** Seeded sandboxes: a fixed stream name, or null to number one per scope in the database. */
  stream: string | null;
  credential?: StoredCredential;
  subject?: string | null;
  /** Where issued tokens and presented secrets are collected (the request's journal entry). */
  secrets?: string[];
  /** Run every transaction in this one (seeding inside the sandbox's creation or reset). */
  within?: { tx: Tx; uow: UnitOfWork };
}

class Scope implements SandboxScope {
  readonly sandboxId: string;
  readonly now: number;
  readonly dialect: string;
  readonly credential?: StoredCredential;
  readonly subject?: string | null;
  private stream: Random | null;
  private webhook: string | null | undefined = undefined;
  private readonly secrets: string[];

  constructor(
    private readonly services: ScopeServices,
    private readonly opts: ScopeOptions,
  ) {
    this.sandboxId = opts.sandbox.id;
    this.dialect = opts.dialect;
    this.now = opts.now ?? sandboxNow(opts.sandbox.clock);
    this.credential = opts.credential;
    this.subject = opts.subject;
    this.secrets = opts.secrets ?? [];
    this.stream = opts.sandbox.seed === null ? randomFor(null, '') : opts.stream === null ? null : randomFor(opts.sandbox.seed, opts.stream);
  }

  get db(): Db {
    return this.services.db;
  }

  get log(): Logger {
    return this.services.log;
  }

  get seeded(): boolean {
    return this.opts.sandbox.seed !== null;
  }

  get random(): Random {
    if (!this.stream) throw new Error(`sandbox '${this.sandboxId}' is seeded: its random values are drawn inside scope.tx()`);
    return this.stream;
  }

  async tx<T>(run: (tx: Tx, uow: UnitOfWork) => Promise<T>): Promise<T> {
    if (this.opts.within) return run(this.opts.within.tx, this.opts.within.uow);
    for (let attempt = 1; ; attempt++) {
      const callbacks: Array<() => void> = [];
      const uow: UnitOfWork = { afterCommit: (fn) => void callbacks.push(fn) };
      try {
        const result = await this.services.db.transaction().execute(async (tx) => {
          if (!(await isLive(tx, this.sandboxId))) throw new SandboxGoneError(this.sandboxId);
          if (!this.stream) this.stream = randomFor(this.opts.sandbox.seed, `scope:${await nextId(tx, this.sandboxId, RANDOM_SEQUENCE)}`);
          pending.set(tx, uow);
          try {
            return await run(tx, uow);
          } finally {
            pending.delete(tx);
          }
        });
        // Whatever the transaction wrote, the sandbox's kept answers are older (kept-answers.ts).
        forgetAnswers(this.services.db, this.sandboxId);
        for (const fn of callbacks) fn();
        return result;
      } catch (err) {
        // PostgreSQL chose this transaction to break a deadlock (or a serialization failure):
        // nothing of it was kept, so it runs again.
        const code = (err as { code?: string }).code;
        if ((code !== '40P01' && code !== '40001') || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  private afterCommit(tx: Tx, fn: () => void): void {
    const uow = pending.get(tx) ?? this.opts.within?.uow;
    if (uow) uow.afterCommit(fn);
    else fn();
  }

  async hasWebhook(db: Db | Tx): Promise<boolean> {
    if (this.webhook === undefined) this.webhook = (await webhookUrl(db, this.sandboxId, this.dialect)) ?? null;
    return this.webhook !== null;
  }

  async emit(tx: Tx, event: string, payload: unknown, opts: { url?: string; headers?: Record<string, string> } = {}): Promise<boolean> {
    const url = opts.url ?? ((await this.hasWebhook(tx)) ? this.webhook! : undefined);
    if (!url) return false;
    await this.services.outbox.enqueue(tx, { sandboxId: this.sandboxId, dialect: this.dialect, event, url, payload, headers: opts.headers });
    this.afterCommit(tx, () => this.services.outbox.wake());
    return true;
  }

  async schedule(tx: Tx, job: string, key: string, dueAt: number, opts: { keep?: 'earliest' | 'replace' } = {}): Promise<void> {
    await upsertTimer(tx, { sandboxId: this.sandboxId, dialect: this.dialect, job, key, dueAt, createdAt: Date.now(), keep: opts.keep ?? 'replace' });
    this.afterCommit(tx, () => this.services.wakeScheduler());
  }

  async unschedule(tx: Tx, job: string, key: string): Promise<void> {
    await deleteTimer(tx, { sandboxId: this.sandboxId, dialect: this.dialect, job, key });
  }

  async issueToken(tx: Tx, kind: string, subject: string, opts: { expiresAt?: number | null; length?: number } = {}): Promise<string> {
    const token = this.random.pick(TOKEN_ALPHABET, opts.length ?? 60);
    await this.services.tokens.issue(tx, { sandboxId: this.sandboxId, dialect: this.dialect, kind, token, subject, nowMs: this.now, expiresAt: opts.expiresAt });
    this.secret(token);
    return token;
  }

  answerUntil = Infinity;

  answerValidUntil(ms: number): void {
    if (ms < this.answerUntil) this.answerUntil = ms;
  }

  revokeTokens(tx: Tx, kind: string, which: { token?: string; subject?: string }): Promise<number> {
    return this.services.tokens.revoke(tx, { sandboxId: this.sandboxId, dialect: this.dialect, kind, ...which });
  }

  async tokenSubject(kind: string, token: string): Promise<string | undefined> {
    return (await this.services.tokens.find(this.services.db, this.sandboxId, this.dialect, kind, token, this.now))?.subject;
  }

  async signJwt(claims: JWTPayload, ttlSeconds: number): Promise<string> {
    const jwt = await this.services.tokens.signJwt(this.opts.sandbox.signingKey, claims, this.now, ttlSeconds);
    this.secret(jwt);
    return jwt;
  }

  secret(value: string): void {
    if (value) this.secrets.push(value);
  }
}

/** The unit of work of each transaction a scope has open (emit and schedule find theirs by the transaction). */
const pending = new WeakMap<Tx, UnitOfWork>();

export class ScopeFactory {
  constructor(readonly services: ScopeServices) {}

  create(opts: ScopeOptions): SandboxScope {
    return new Scope(this.services, opts);
  }
}
