import type { FastifyPluginAsync } from 'fastify';
import type { Tx } from './db/engine.ts';
import type { SchemaStep } from './db/migrate.ts';
import type { Core } from './core.ts';
import type { Credentials } from './sandboxes/credentials.ts';

export const DIALECT_NAMES = ['revel', 'intouch', 'touchoffice', 'comeback', 'reversio'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];
export type FixtureKind = 'demo' | 'empty';

export interface SeedContext {
  sandboxId: string;
  fixtures: FixtureKind;
  /** The sandbox clock at seeding time. */
  nowMs: number;
  /** The sandbox's primary credentials (e.g. to tie a Comeback token to its organization). */
  credentials: Credentials;
  /** True for the `demo` sandbox, whose extra credentials are fixed (CONTRACT.md). */
  isDemo: boolean;
}

export interface DialectPluginOptions {
  core: Core;
}

/**
 * What a dialect folder hands the core: its tables, fixtures and HTTP plugins.
 * The core never looks inside a dialect beyond this.
 */
export interface Dialect {
  name: DialectName;
  /** Where the vendor's base URL is mounted (CONTRACT.md), e.g. '/touchoffice'. */
  prefix: string;
  schema: Record<string, SchemaStep>;
  /** Every table holding this dialect's sandbox data (each has a `sandbox_id` column). */
  tables: string[];
  seed(tx: Tx, ctx: SeedContext): Promise<void>;
  /** `POST /_understudy/sandboxes/{id}/fixtures/{dialect}`: adds records the vendor API cannot create. */
  addFixtures?(tx: Tx, sandboxId: string, bundle: unknown): Promise<unknown>;
  /** The vendor's error body, used for injected faults that bring no body of their own. */
  errorBody(status: number, message: string): unknown;
  /** The vendor API, registered under `prefix`. */
  plugin: FastifyPluginAsync<DialectPluginOptions>;
  /** Extra control-plane routes, registered under `/_understudy/sandboxes/:sandboxId/{name}`. */
  controlPlugin?: FastifyPluginAsync<DialectPluginOptions>;
}

/** A client error a dialect's route turns into the vendor's error shape. */
export class FixtureError extends Error {}
