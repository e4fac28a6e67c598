import { ControlApiError, createControlClient, type ControlClient } from '../client/index.ts';
import { CliError } from './errors.ts';

export const DEFAULT_URL = 'http://127.0.0.1:4010';

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** The control API of a running server (`--url`/UNDERSTUDY_URL, `--token`/UNDERSTUDY_ADMIN_TOKEN), through the package's own client. */
export class Control {
  readonly base: string;
  private readonly client: ControlClient;

  constructor(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
    this.base = (opts.url || env.UNDERSTUDY_URL || DEFAULT_URL).replace(/\/+$/, '');
    try {
      const u = new URL(this.base);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new CliError(`--url must be an http:// or https:// URL, got '${this.base}'`, 2);
    }
    this.client = createControlClient(this.base, { token: opts.token || env.UNDERSTUDY_ADMIN_TOKEN || undefined });
  }

  /** `/_understudy` + path, the server's answer as it is; a refusal is its `{error}` message, an unreachable server says where it looked. */
  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.client.call<T>(method, path, body);
    } catch (err) {
      if (err instanceof ControlApiError) throw new CliError(`${err.body.error} (HTTP ${err.status})`);
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new CliError(`cannot reach an Understudy server at ${this.base} (${why}); start one with 'understudy serve', or point --url / UNDERSTUDY_URL at it`);
    }
  }
}

export const seg = encodeURIComponent;
