import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TObject, TSchema } from 'typebox';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db, Engine, Tx } from './db/engine.ts';
import type { SchemaStep } from './db/migrate.ts';
import type { OpenApiDescription } from './openapi.ts';
import type { Random } from './random.ts';
import type { SandboxScope } from './scope.ts';
import type { SandboxContext } from './sandboxes/store.ts';
import type { TokenService } from './tokens.ts';

/**
 * The dialect contract (ARCHITECTURE.md, "The dialect contract"): everything core knows about a
 * vendor is one `DialectDefinition`, mounted by `mountDialect` (core/http/mount.ts), which
 * installs the request chain in its one fixed order. A dialect adds no hooks of its own.
 */
export interface DialectDefinition<C extends Record<string, string> = Record<string, string>> {
  /** `touchoffice`, `revel`, …: the key of its credentials, webhooks, faults and journal entries. */
  name: string;
  /** Where the vendor's base URL is mounted (CONTRACT.md), e.g. '/touchoffice'. */
  prefix: string;
  /**
   * The vendor's own base URL (CONTRACT.md, "Pointing a client that cannot change its base
   * URL"): a request whose `Host` is one of `hosts` (`*.` is any one label), or
   * `{name}.localhost`, reaches the dialect at the vendor's own paths (core/http/hosts.ts).
   * `basePath` is the vendor's path of its base URL, the end of `prefix` ('/api/v1' of
   * '/intouch/api/v1'; '' when the vendor's API starts at `/`). The server certificate of
   * `serve --https` names every host.
   */
  vendor?: { hosts: string[]; basePath: string };
  credentials: CredentialSpec<C>;
  /**
   * The dialect's auth schemes by name; a route picks one (or several, tried in order) with
   * `config: { auth: 'name' }`, and routes that name none use `default`.
   */
  auth: Record<string, AuthScheme>;
  /** The wire format; required once the dialect has `routes`. */
  protocol?: Protocol;
  tables: TableSpec;
  fixtures: {
    seed(s: SandboxScope, tx: Tx, seeding: Seeding<C>): Promise<void>;
    /** `POST /_understudy/sandboxes/{id}/fixtures/{name}`: records the vendor API cannot create. */
    bundle?: { schema: TSchema; add(s: SandboxScope, tx: Tx, bundle: any): Promise<unknown> };
  };
  /** Jobs the scheduler runs when their timers come due by the sandbox clock (`scope.schedule`). */
  jobs?: Record<string, (s: SandboxScope, tx: Tx, key: string) => Promise<void>>;
  /** The vendor API, below `prefix`. Absent: the dialect has credentials but no API yet. */
  routes?: FastifyPluginAsync<DialectServices>;
  /** Extra control-plane routes, under `/_understudy/sandboxes/:sandboxId/{name}`. */
  control?: FastifyPluginAsync<DialectServices>;
  /**
   * Web pages the vendor serves to people rather than to integrations (Revers.io's self-care
   * portal), at their own `prefix` outside the API: no credentials (a page finds its sandbox
   * from what its URL carries), no journal, and the plugin's own error pages.
   */
  pages?: { prefix: string; routes: FastifyPluginAsync<DialectServices> };
  /** What its OpenAPI document says beyond the route schemas: security, the vendor's errors, formats (core/openapi.ts). */
  openapi?: OpenApiDescription;
}

export type FixtureKind = 'demo' | 'empty';

/** What a seed knows besides its scope: which fixtures, and the sandbox's own credentials. */
export interface Seeding<C> {
  kind: FixtureKind;
  credentials: C;
  /** The `demo` sandbox, whose fixed values CONTRACT.md gives (e.g. a second Comeback token). */
  isDemo: boolean;
}

/** What a dialect's route plugins are given. */
export interface DialectServices {
  db: Db;
  engine: Engine;
  config: Config;
  log: Logger;
  tokens: TokenService;
  /**
   * The dialect's own mount point, its `prefix` (e.g. to build absolute URLs into the vendor
   * API; `clientPrefix(request, mount)` in core/http/hosts.ts is that as the client sees it).
   */
  mount: string;
  /** Every sandbox's lifecycle, for control routes that check a sandbox exists. */
  requireSandbox(id: string): Promise<void>;
  /** A scope of a sandbox outside a vendor request (control routes that change vendor data). */
  scopeOf(sandboxId: string): Promise<SandboxScope>;
}

// ---------------------------------------------------------------- credentials

/** One stored credential of a sandbox: looked up by (dialect, kind, key). */
export interface StoredCredential {
  kind: string;
  key: string;
  /** The second half a scheme checks (Revel apiSecret, Revers.io secret value, InTouch account). */
  secret?: string | null;
  /** What the credential acts as inside its sandbox (a Comeback organization). */
  scope?: string | null;
}

export interface CredentialSpec<C extends Record<string, string>> {
  /** The dialect's entry of a sandbox's `credentials` (also the control API's schema). */
  schema: TObject;
  /** CONTRACT.md, "The demo sandbox". */
  demo: C;
  /** A new sandbox's values (always from the system's random: credentials identify the sandbox). */
  random(random: Random): C;
  /** How `C` is stored: its primary credential rows. */
  rows(c: C): StoredCredential[];
  fromRows(rows: StoredCredential[]): C;
  /**
   * Header, query-parameter and body-field names that carry credentials in this dialect, in
   * any case: the journal replaces their values wherever they appear.
   */
  sensitive: string[];
}

// ---------------------------------------------------------------- auth

/** A credential as a request presents it. `kind` and `key` find the stored credential. */
export interface Presented {
  kind: string;
  key: string;
  /** A second half, checked by the scheme's `verify` (or equal to the stored `secret` by default). */
  secret?: string;
  /** A token the scheme verifies (a JWT, an issued opaque token). */
  token?: string;
}

export type AuthFailureReason = 'missing' | 'unknown' | 'expired' | 'forbidden';

/** Why a request was refused, for the protocol's `reject`; `part` says which part (e.g. `token`). */
export interface AuthFailure {
  reason: AuthFailureReason;
  scheme: string;
  part?: string;
}

export type Verified = { ok: true; subject?: string | null } | { ok: false; reason: Exclude<AuthFailureReason, 'missing'>; part?: string };

export interface VerifyContext {
  sandboxId: string;
  /** The sandbox clock, epoch ms. */
  now: number;
  tokens: TokenService;
  signingKey: string;
  db: Db;
}

export interface AuthScheme {
  /** No credential at all: the route serves no sandbox (e.g. Comeback's public pass pages). */
  public?: boolean;
  /** The credential as presented; null, or `{ missing: part }`, when there is none. */
  extract?(request: FastifyRequest): Presented | { missing: string } | null;
  /** Whether the credential of this request can only be read from its parsed body. */
  readsBody?(request: FastifyRequest): boolean;
  /**
   * Whether the presented credential is good, given the stored one. Default: a presented
   * `secret` must equal the stored one when the stored one has a secret.
   */
  verify?(presented: Presented, stored: StoredCredential, ctx: VerifyContext): Verified | Promise<Verified>;
  /** Takes the credential out of what the handler sees (Revel's form parameters). */
  consume?(request: FastifyRequest): void;
  /** How a client presents the sandbox's credentials with this scheme (docs, console, conformance). */
  present?(credentials: Record<string, string>): { headers?: Record<string, string>; query?: Record<string, string> };
}

// ---------------------------------------------------------------- the wire

/** An answer the protocol sends: status, body (undefined: none) and headers. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The wire format of a dialect: how bodies are read, how answers are written, and the vendor's
 * answers for errors, refused credentials, unknown paths and injected faults. Everything that
 * answers on the dialect's behalf goes through `send`.
 */
export interface Protocol {
  /** Registers the dialect's body parsers (its scope starts with none). */
  parsers(app: FastifyInstance): void;
  /** Writes an answer. Default: `reply.code(status).headers(headers).send(body)`. */
  send?(request: FastifyRequest, reply: FastifyReply, answer: Answer): FastifyReply;
  /** Turns a serialized payload into the wire form the request asked for (e.g. `?format=xml`). */
  encode?(request: FastifyRequest, reply: FastifyReply, payload: string): string;
  /** Any error thrown in the chain: a dialect error, a parse or validation error, or a fault (5xx body). */
  error(err: unknown, request: FastifyRequest): Answer;
  reject(failure: AuthFailure, request: FastifyRequest): Answer;
  notFound(request: FastifyRequest): Answer;
  /** The answer to an injected fault with a status and no body of its own. */
  fault(status: number, request: FastifyRequest): Answer;
}

// ---------------------------------------------------------------- tables

/**
 * `data`: the sandbox's vendor data (cleared by reset, copied by snapshots). `owned`: belongs to
 * the sandbox but is not its data (kept by reset, not in snapshots); gone with the sandbox.
 */
export type TableScope = 'data' | 'owned';

/** A dialect's tables, declared once: every table with a `sandbox_id` column and its scope, and the steps that make them. */
export interface TableSpec {
  tables: Record<string, TableScope>;
  /** Named `<dialect>-<NNNN>-<what>`, applied in name order. */
  migrations: Record<string, SchemaStep>;
}

/** The route config a dialect's routes may carry. */
export interface DialectRouteConfig {
  /** The auth scheme(s) of the route; default: the dialect's `default` scheme. */
  auth?: string | string[];
  /** Not recorded in the request journal (e.g. a public page). */
  journal?: false;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The sandbox a dialect request's credential resolved to. */
    sandbox: SandboxContext | null;
    /** The request's sandbox scope (core/scope.ts): what handlers and models work through. */
    scope: SandboxScope | null;
    /** Values to keep out of the journal: presented credentials and tokens issued meanwhile. */
    journalSecrets: string[];
    startedAt: number;
    /** The path below the dialect's prefix. */
    dialectPath: string;
  }
  interface FastifyContextConfig {
    auth?: string | string[];
    journal?: false;
  }
}

/** A client error a dialect's fixture bundle or control route turns into `{"error": …}`. */
export class FixtureError extends Error {}
