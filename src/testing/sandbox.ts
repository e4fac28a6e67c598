// A sandbox per test: createSandbox makes one, useSandbox makes one before each test and deletes
// it after. Every helper is a control API call (createControlClient).
import type { ControlClient } from '../client/index.ts';
import { ControlApiError } from '../client/index.ts';
import type { Clock, CreateSandbox, Credentials, Delivery, DialectName, FaultRule, JournalRecord, RequestsQuery, ResetResult, RestoreResult, Sandbox, Snapshot, StoredFaultRule, Timer } from '../client/types.ts';
import { hook, HOOK_TIMEOUT_MS, type Hooks } from './hooks.ts';

/** Each dialect's base URL below the server's (src/dialects/<name>/index.ts `prefix`). */
export const DIALECT_PREFIXES: Record<DialectName, string> = {
  touchoffice: '/touchoffice',
  revel: '/revel',
  comeback: '/comeback/v1',
  intouch: '/intouch/api/v1',
  reversio: '/reversio/api/v1',
};

/** What a sandbox is made from: a server started by startUnderstudy/useUnderstudy, or any with a url and a client. */
export interface ServerLike {
  readonly url: string;
  readonly client: ControlClient;
}

export interface SandboxOptions extends CreateSandbox {
  /** The test framework's hooks (default: the globals). */
  hooks?: Hooks;
}

export interface SandboxHandle {
  readonly id: string;
  readonly credentials: Credentials;
  /** Each dialect's base URL in this server, without a trailing slash (`urls.touchoffice` = `http://127.0.0.1:PORT/touchoffice`). */
  readonly urls: Record<DialectName, string>;
  /** The sandbox as the control API returned it. */
  readonly sandbox: Sandbox;
  readonly client: ControlClient;
  clock: {
    get(): Promise<Clock>;
    /** The sandbox's time is `iso`, frozen there unless `{ frozen: false }` (then it runs on from it). */
    set(iso: string | Date, options?: { frozen?: boolean }): Promise<Clock>;
    advance(seconds: number): Promise<Clock>;
    /** Real time again. */
    real(): Promise<Clock>;
  };
  /** The request journal, newest first. */
  requests(query?: RequestsQuery): Promise<JournalRecord[]>;
  /** Outgoing webhooks and callbacks, with every attempt. */
  deliveries(): Promise<Delivery[]>;
  faults: {
    /** Replaces the fault rules; returns them as stored, each with how many times it has fired. */
    set(rules: FaultRule[]): Promise<StoredFaultRule[]>;
    get(): Promise<StoredFaultRule[]>;
    clear(): Promise<void>;
  };
  webhooks: {
    set(dialect: DialectName, url: string): Promise<void>;
    delete(dialect: DialectName): Promise<void>;
  };
  /** Adds records the vendor API cannot create (that dialect's fixture bundle). */
  fixtures(dialect: DialectName, bundle: Record<string, unknown>): Promise<unknown>;
  timers: {
    list(): Promise<Timer[]>;
    run(): Promise<number>;
  };
  snapshot(name: string): Promise<Snapshot>;
  restore(name: string): Promise<RestoreResult>;
  /** Data back to its fixtures; credentials, clock, webhooks and fault rules stay. */
  reset(): Promise<ResetResult>;
  /** Deletes the sandbox (useSandbox does it after each test). */
  delete(): Promise<void>;
}

function handleFor(server: ServerLike, sandbox: Sandbox): SandboxHandle {
  const { client } = server;
  const { id } = sandbox;
  const urls = Object.fromEntries(Object.entries(DIALECT_PREFIXES).map(([name, prefix]) => [name, `${server.url.replace(/\/+$/, '')}${prefix}`])) as Record<DialectName, string>;
  return {
    id,
    credentials: sandbox.credentials,
    urls,
    sandbox,
    client,
    clock: {
      get: () => client.clock.get(id),
      set: (iso, { frozen = true } = {}) => client.clock.set(id, { now: iso instanceof Date ? iso.toISOString() : iso, frozen }),
      advance: (seconds) => client.clock.set(id, { advanceSeconds: seconds }),
      real: () => client.clock.real(id),
    },
    requests: async (query) => (await client.requests(id, query)).requests,
    deliveries: () => client.deliveries.list(id),
    faults: {
      set: (rules) => client.faults.set(id, rules),
      get: () => client.faults.get(id),
      clear: async () => void (await client.faults.clear(id)),
    },
    webhooks: {
      set: async (dialect, url) => void (await client.webhooks.set(id, dialect, url)),
      delete: (dialect) => client.webhooks.delete(id, dialect),
    },
    fixtures: (dialect, bundle) => client.fixtures.add(id, dialect, bundle),
    timers: {
      list: () => client.timers.list(id),
      run: async () => (await client.timers.run(id)).ran,
    },
    snapshot: (name) => client.snapshots.create(id, name),
    restore: (name) => client.snapshots.restore(id, name),
    reset: () => client.sandboxes.reset(id),
    delete: async () => {
      try {
        await client.sandboxes.delete(id);
      } catch (err) {
        // Already gone (the test deleted it): nothing to clean up.
        if (!(err instanceof ControlApiError && err.status === 404)) throw err;
      }
    },
  };
}

/** A new sandbox on `server` (demo fixtures unless told otherwise); delete it with `handle.delete()`. */
export async function createSandbox(server: ServerLike, options: CreateSandbox = {}): Promise<SandboxHandle> {
  const { name, fixtures, seed } = options;
  const sandbox = await server.client.sandboxes.create({ name, fixtures, seed });
  return handleFor(server, sandbox);
}

/**
 * A sandbox of its own for every test: created before each test, deleted after it. Read the
 * handle's fields and call its helpers inside tests and hooks only. `server` may be a function,
 * for a server that is started in a beforeAll hook.
 */
export function useSandbox(server: ServerLike | (() => ServerLike), options: SandboxOptions = {}): SandboxHandle {
  const { hooks, ...create } = options;
  const beforeEach = hook('beforeEach', hooks);
  const afterEach = hook('afterEach', hooks);
  let current: SandboxHandle | undefined;
  beforeEach(async () => {
    current = await createSandbox(typeof server === 'function' ? server() : server, create);
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    const done = current;
    current = undefined;
    await done?.delete();
  }, HOOK_TIMEOUT_MS);
  const now = (): SandboxHandle => {
    if (!current) throw new Error('useSandbox: the sandbox exists only inside tests and beforeEach/afterEach hooks');
    return current;
  };
  return {
    get id() {
      return now().id;
    },
    get credentials() {
      return now().credentials;
    },
    get urls() {
      return now().urls;
    },
    get sandbox() {
      return now().sandbox;
    },
    get client() {
      return now().client;
    },
    clock: {
      get: () => now().clock.get(),
      set: (iso, opts) => now().clock.set(iso, opts),
      advance: (seconds) => now().clock.advance(seconds),
      real: () => now().clock.real(),
    },
    requests: (query) => now().requests(query),
    deliveries: () => now().deliveries(),
    faults: {
      set: (rules) => now().faults.set(rules),
      get: () => now().faults.get(),
      clear: () => now().faults.clear(),
    },
    webhooks: {
      set: (dialect, url) => now().webhooks.set(dialect, url),
      delete: (dialect) => now().webhooks.delete(dialect),
    },
    fixtures: (dialect, bundle) => now().fixtures(dialect, bundle),
    timers: {
      list: () => now().timers.list(),
      run: () => now().timers.run(),
    },
    snapshot: (name) => now().snapshot(name),
    restore: (name) => now().restore(name),
    reset: () => now().reset(),
    delete: () => now().delete(),
  };
}
