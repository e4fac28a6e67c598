// A typed client for the whole control API (`/_understudy/…`, CONTRACT.md). Every method is one
// HTTP call; a non-2xx answer throws a ControlApiError carrying the status and the `{error}` body.
import type {
  Clock,
  ClockChange,
  ComebackOrganization,
  ComebackOrganizationList,
  CreateSandbox,
  Delivery,
  DeliveryList,
  FaultList,
  DialectName,
  ErrorBody,
  FaultRule,
  StoredFaultRule,
  FixturesAdded,
  Health,
  OpenApiDocument,
  RequestsQuery,
  RequestsResult,
  ResetResult,
  RestoreResult,
  RetryResult,
  ReversioFile,
  ReversioFileList,
  ReversioFileStatus,
  ReversioFilesQuery,
  ReversioKeyList,
  ReversioKeyPair,
  Sandbox,
  SandboxList,
  Snapshot,
  SnapshotList,
  SnapshotListEntry,
  Timer,
  TimerList,
  TimersRun,
  Webhook,
  WebhookList,
  WebhookSet,
} from './types.ts';

export type * from './types.ts';

export interface ControlClientOptions {
  /** The server's UNDERSTUDY_ADMIN_TOKEN: sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** A fetch of your own (default: the global one). */
  fetch?: typeof fetch;
}

/** A control API call that did not succeed: `status` and the answer's `{error}` body. */
export class ControlApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string, status: number, body: ErrorBody) {
    super(`${method} /_understudy${path}: ${status} ${body.error}`);
    this.name = 'ControlApiError';
    this.method = method;
    this.path = path;
    this.status = status;
    this.body = body;
  }
}

export interface ControlClient {
  /** The control API's base URL (`…/_understudy`). */
  readonly baseUrl: string;
  health(): Promise<Health>;
  /** A dialect's OpenAPI document, or the control API's own (`'control'`). */
  openapi(name: DialectName | 'control' | (string & {})): Promise<OpenApiDocument>;
  sandboxes: {
    create(options?: CreateSandbox): Promise<Sandbox>;
    list(): Promise<Sandbox[]>;
    get(id: string): Promise<Sandbox>;
    delete(id: string): Promise<void>;
    /** Data back to its fixtures; credentials, clock, webhooks and fault rules stay. */
    reset(id: string): Promise<ResetResult>;
  };
  snapshots: {
    /** A named copy of all the sandbox's data (the same name again replaces it). */
    create(id: string, name: string): Promise<Snapshot>;
    list(id: string): Promise<SnapshotListEntry[]>;
    restore(id: string, name: string): Promise<RestoreResult>;
  };
  clock: {
    get(id: string): Promise<Clock>;
    /** Applies `now`, then `advanceSeconds`, then `frozen`. */
    set(id: string, change: ClockChange): Promise<Clock>;
    /** Real time again. */
    real(id: string): Promise<Clock>;
  };
  /**
   * The request journal, newest first: filtered by `dialect`, `method`, `status` (`4xx` or `404`)
   * and `path` (a substring); `before` pages back (`more` says whether older entries match).
   */
  requests(id: string, query?: RequestsQuery): Promise<RequestsResult>;
  webhooks: {
    /** The webhook URL of every dialect that has one. */
    list(id: string): Promise<WebhookList['webhooks']>;
    set(id: string, dialect: DialectName, url: Webhook['url']): Promise<WebhookSet>;
    /** Stops new events (deliveries already queued still go). */
    delete(id: string, dialect: DialectName): Promise<void>;
  };
  deliveries: {
    list(id: string): Promise<Delivery[]>;
    /** One more attempt now. */
    retry(id: string, deliveryId: number): Promise<RetryResult>;
  };
  faults: {
    /** The rules, each with how many times it has fired since it was set. */
    get(id: string): Promise<StoredFaultRule[]>;
    /** Replaces the sandbox's rules; returns them as stored (a rule the same as one before, but for `times`, keeps its `fired`). */
    set(id: string, rules: FaultRule[]): Promise<StoredFaultRule[]>;
    clear(id: string): Promise<StoredFaultRule[]>;
  };
  fixtures: {
    /** Adds records the vendor API cannot create, in that dialect's fixture bundle. */
    add(id: string, dialect: DialectName, bundle: Record<string, unknown>): Promise<FixturesAdded>;
  };
  timers: {
    /** The pending timers, by the sandbox clock. */
    list(id: string): Promise<Timer[]>;
    /** Runs every due timer now. */
    run(id: string): Promise<TimersRun>;
  };
  /** Comeback's own control routes. */
  comeback: {
    /** Each organization of the sandbox with its tokens (how a test finds the second one's token), levels and locations. */
    organizations(id: string): Promise<ComebackOrganization[]>;
  };
  /** Revers.io's own control routes. */
  reversio: {
    /** The sandbox's two subscription key / secret value pairs (either works). */
    keys(id: string): Promise<ReversioKeyPair[]>;
    /** The after-sales files of the sandbox (or of one order), oldest first. */
    files(id: string, query?: ReversioFilesQuery): Promise<ReversioFile[]>;
    /** Moves a file (Created → Accepted → Closed, or Refused) as the back office would; sends a File Update webhook. */
    setFileStatus(id: string, fileId: string, status: ReversioFileStatus): Promise<ReversioFile>;
  };
  /**
   * Any other control call (a dialect's own, such as `GET /sandboxes/{id}/reversio/keys`): `path`
   * is below `/_understudy`. Returns the parsed JSON answer (undefined for an empty one).
   */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

const seg = (value: string | number) => encodeURIComponent(String(value));

/** `?a=1&b=2` of the defined values, or nothing. */
function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return params.size ? `?${params}` : '';
}

/** The control API of the Understudy server at `url` (its base URL, e.g. `http://127.0.0.1:4010`). */
export function createControlClient(url: string | URL, options: ControlClientOptions = {}): ControlClient {
  const root = String(url).replace(/\/+$/, '').replace(/\/_understudy$/, '');
  const baseUrl = `${root}/_understudy`;
  const doFetch = options.fetch ?? globalThis.fetch;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await doFetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!res.ok) {
      const error = parsed && typeof parsed === 'object' && typeof (parsed as ErrorBody).error === 'string' ? (parsed as ErrorBody).error : text || res.statusText;
      throw new ControlApiError(method, path, res.status, { ...(parsed as object), error });
    }
    if (parsed === undefined && text !== '') throw new ControlApiError(method, path, res.status, { error: `the answer is not JSON: ${text.slice(0, 200)}` });
    return parsed as T;
  }

  const sandbox = (id: string) => `/sandboxes/${seg(id)}`;
  return {
    baseUrl,
    call,
    health: () => call('GET', '/health'),
    openapi: (name) => call('GET', `/openapi/${seg(name)}.json`),
    sandboxes: {
      create: (body = {}) => call('POST', '/sandboxes', body),
      list: async () => (await call<SandboxList>('GET', '/sandboxes')).sandboxes,
      get: (id) => call('GET', sandbox(id)),
      delete: async (id) => void (await call('DELETE', sandbox(id))),
      reset: (id) => call('POST', `${sandbox(id)}/reset`),
    },
    snapshots: {
      create: (id, name) => call('POST', `${sandbox(id)}/snapshots`, { name }),
      list: async (id) => (await call<SnapshotList>('GET', `${sandbox(id)}/snapshots`)).snapshots,
      restore: (id, name) => call('POST', `${sandbox(id)}/snapshots/${seg(name)}/restore`),
    },
    clock: {
      get: (id) => call('GET', `${sandbox(id)}/clock`),
      set: (id, change) => call('PUT', `${sandbox(id)}/clock`, change),
      real: (id) => call('DELETE', `${sandbox(id)}/clock`),
    },
    requests: (id, query = {}) => call('GET', `${sandbox(id)}/requests${queryString(query)}`),
    webhooks: {
      list: async (id) => (await call<WebhookList>('GET', `${sandbox(id)}/webhooks`)).webhooks,
      set: (id, dialect, url) => call('PUT', `${sandbox(id)}/webhooks/${seg(dialect)}`, { url }),
      delete: async (id, dialect) => void (await call('DELETE', `${sandbox(id)}/webhooks/${seg(dialect)}`)),
    },
    deliveries: {
      list: async (id) => (await call<DeliveryList>('GET', `${sandbox(id)}/deliveries`)).deliveries,
      retry: (id, deliveryId) => call('POST', `${sandbox(id)}/deliveries/${seg(deliveryId)}/retry`),
    },
    faults: {
      get: async (id) => (await call<FaultList>('GET', `${sandbox(id)}/faults`)).rules,
      set: async (id, rules) => (await call<FaultList>('PUT', `${sandbox(id)}/faults`, { rules })).rules,
      clear: async (id) => (await call<FaultList>('DELETE', `${sandbox(id)}/faults`)).rules,
    },
    fixtures: {
      add: (id, dialect, bundle) => call('POST', `${sandbox(id)}/fixtures/${seg(dialect)}`, bundle),
    },
    timers: {
      list: async (id) => (await call<TimerList>('GET', `${sandbox(id)}/timers`)).timers,
      run: (id) => call('POST', `${sandbox(id)}/timers/run`),
    },
    comeback: {
      organizations: async (id) => (await call<ComebackOrganizationList>('GET', `${sandbox(id)}/comeback/organizations`)).organizations,
    },
    reversio: {
      keys: async (id) => (await call<ReversioKeyList>('GET', `${sandbox(id)}/reversio/keys`)).keys,
      files: async (id, query = {}) => (await call<ReversioFileList>('GET', `${sandbox(id)}/reversio/files${queryString(query)}`)).files,
      setFileStatus: (id, fileId, status) => call('PUT', `${sandbox(id)}/reversio/files/${seg(fileId)}`, { status }),
    },
  };
}
