import { CliError } from './errors.ts';

export const DEFAULT_URL = 'http://127.0.0.1:4010';

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** The control API of a running server (`--url`/UNDERSTUDY_URL, `--token`/UNDERSTUDY_ADMIN_TOKEN). */
export class Control {
  readonly base: string;
  private readonly token?: string;

  constructor(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
    this.base = (opts.url || env.UNDERSTUDY_URL || DEFAULT_URL).replace(/\/+$/, '');
    this.token = opts.token || env.UNDERSTUDY_ADMIN_TOKEN || undefined;
    try {
      const u = new URL(this.base);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new CliError(`--url must be an http:// or https:// URL, got '${this.base}'`, 2);
    }
  }

  /** `/_understudy` + path; a non-2xx answer throws its `{error}` message, an unreachable server says where it looked. */
  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.base}/_understudy${path}`;
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new CliError(`cannot reach an Understudy server at ${this.base} (${why}); start one with 'understudy serve', or point --url / UNDERSTUDY_URL at it`);
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const message = (parsed as { error?: unknown } | undefined)?.error;
      throw new CliError(typeof message === 'string' ? `${message} (HTTP ${res.status})` : `${method} ${url} answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    }
    return parsed as T;
  }
}

export const seg = encodeURIComponent;
