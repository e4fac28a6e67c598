import type { InjectOptions } from 'fastify';
import type { TestApp } from '../helpers/app.ts';

export interface IntouchClient {
  sandboxId: string;
  account: string;
  apiToken: string;
  /** Headers of the three kinds of request (revo-intouch.txt). */
  api: Record<string, string>;
  public: Record<string, string>;
  customer(token: string): Record<string, string>;
  call(method: InjectOptions['method'], path: string, headers?: Record<string, string>, payload?: unknown): ReturnType<TestApp['call']>;
  /** `POST customer/login`: the customer token. */
  login(email?: string, password?: string): Promise<string>;
  control(method: InjectOptions['method'], path: string, payload?: unknown): ReturnType<TestApp['call']>;
}

export const JORDI = { email: 'jordi.p@revo.works', password: 'demo-password' };

/** A new sandbox (demo fixtures unless told otherwise) and a client for its InTouch API under /intouch/api/v1. */
export async function intouchClient(t: TestApp, fixtures: 'demo' | 'empty' = 'demo'): Promise<IntouchClient> {
  const sb = await t.sandbox(fixtures);
  const { account, apiToken } = sb.credentials.intouch;
  const call: IntouchClient['call'] = (method, path, headers = {}, payload) =>
    t.call({ method, url: `/intouch/api/v1${path}`, headers, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
  const client: IntouchClient = {
    sandboxId: sb.id,
    account,
    apiToken,
    api: { account, authorization: `Bearer ${apiToken}` },
    public: { account },
    customer: (token) => ({ account, authorization: `Bearer ${token}` }),
    call,
    async login(email = JORDI.email, password = JORDI.password) {
      const res = await call('POST', '/customer/login', { account }, { email, password });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      return res.body.data.api_token;
    },
    control: (method, path, payload) => t.call({ method, url: `/_understudy/sandboxes/${sb.id}${path}`, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) }),
  };
  return client;
}
