import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { Core } from '../../src/core/core.ts';
import type { Credentials } from '../../src/core/sandboxes/credentials.ts';
import type { DialectDefinition } from '../../src/core/dialect.ts';
import { buildApp } from '../../src/main.ts';
import { probe } from './probe-dialect.ts';

/**
 * The engine every test runs on: PostgreSQL when UNDERSTUDY_TEST_DATABASE_URL is set
 * (.ci/run and `npm run test:pg` set it), else an in-memory SQLite database.
 * Tests share a PostgreSQL database safely because each works in sandboxes of its own.
 */
export const TEST_DATABASE_URL = process.env.UNDERSTUDY_TEST_DATABASE_URL || undefined;
export const ENGINE = TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** The repository's root folder. */
export const ROOT_DIR = new URL('../../', import.meta.url).pathname;

export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ db: ':memory:' }, { LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  return {
    ...base,
    databaseUrl: TEST_DATABASE_URL,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    delivery: { ...base.delivery, backoffMs: 100, timeoutMs: 1000, pollMs: 50, leaseMs: 5000 },
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  core: Core;
  /** A new sandbox (demo fixtures unless told otherwise) with its credentials. */
  sandbox(fixtures?: 'demo' | 'empty'): Promise<{ id: string; credentials: Credentials }>;
  /** `app.inject` returning the parsed JSON body alongside. */
  call(opts: InjectOptions): Promise<{ status: number; body: any; text: string; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function testApp(overrides: Partial<Config> = {}, dialects?: DialectDefinition<any>[]): Promise<TestApp> {
  const { app, core } = await buildApp(testConfig(overrides), { dialects });
  await app.ready();
  const call: TestApp['call'] = async (opts) => {
    const res = await app.inject(opts);
    let body: unknown = undefined;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, body, text: res.body, headers: res.headers as Record<string, unknown> };
  };
  return {
    app,
    core,
    call,
    async sandbox(fixtures = 'demo') {
      const res = await call({ method: 'POST', url: '/_understudy/sandboxes', payload: { fixtures } });
      if (res.status !== 201) throw new Error(`creating a sandbox failed: ${res.status} ${res.text}`);
      return res.body;
    },
    close: () => app.close(),
  };
}

/**
 * One app for the whole test file: registers beforeAll/afterAll and returns a handle whose
 * `t` (and `url`, when `listen` is set, for tests that need real HTTP) is ready inside tests.
 */
export function useTestApp(overrides: Partial<Config> = {}, opts: { listen?: boolean; dialects?: DialectDefinition<any>[] } = {}): { readonly t: TestApp; readonly url: string } {
  let app: TestApp | undefined;
  let url = '';
  beforeAll(async () => {
    app = await testApp(overrides, opts.dialects);
    if (opts.listen) {
      await app.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
    }
  });
  afterAll(() => app?.close());
  return {
    get t() {
      if (!app) throw new Error('useTestApp: the app exists only inside tests and hooks');
      return app;
    },
    get url() {
      return url;
    },
  };
}

/**
 * A new sandbox before each test of the file (demo fixtures unless told otherwise), registered
 * where it is called so that later beforeEach hooks see it: its id, TAK and credentials.
 */
export function useSandbox(app: { readonly t: TestApp }, fixtures: 'demo' | 'empty' = 'demo') {
  let current: { id: string; credentials: Credentials } | undefined;
  beforeEach(async () => {
    current = await app.t.sandbox(fixtures);
  });
  const sandbox = () => {
    if (!current) throw new Error('useSandbox: the sandbox exists only inside tests and hooks');
    return current;
  };
  return {
    get id() {
      return sandbox().id;
    },
    get tak() {
      return sandbox().credentials.touchoffice.tak;
    },
    get credentials() {
      return sandbox().credentials;
    },
  };
}

/**
 * An app serving only the test dialect `probe` (test/helpers/probe-dialect.ts), which core's own
 * tests run on. On PostgreSQL its tables live in a schema of their own, so that the apps of the
 * other test files (which do not declare `probe_items`) still start on the shared database.
 */
export function useProbeApp(overrides: Partial<Config> = {}, opts: { listen?: boolean } = {}) {
  return useTestApp({ databaseSchema: 'understudy_probe', ...overrides }, { ...opts, dialects: [probe] });
}
