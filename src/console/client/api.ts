/**
 * The control API, as the console calls it: same origin, the session cookie sent by the
 * browser, and on every change the CSRF header the session gave.
 */
let csrf: string | null = null;
let onUnauthorized: () => void = () => {};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function setCsrf(value: string | null): void {
  csrf = value;
}
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

export async function control<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-understudy-csrf'] = csrf;
  const res = await fetch(`/_understudy${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401) onUnauthorized();
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) throw new ApiError(res.status, parsed?.error ?? `${method} ${path}: HTTP ${res.status}`);
  return parsed as T;
}

export interface SessionState {
  auth: 'open' | 'session' | 'required';
  csrf?: string;
}

export async function session(): Promise<SessionState> {
  const res = await fetch('/_understudy/console/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  const body = (await res.json()) as SessionState;
  setCsrf(body.csrf ?? null);
  return body;
}

export async function login(token: string): Promise<SessionState> {
  const res = await fetch('/_understudy/console/session', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const body = await res.json();
  if (!res.ok) throw new ApiError(res.status, body.error ?? 'login failed');
  setCsrf(body.csrf ?? null);
  return body;
}

export async function logout(): Promise<void> {
  await fetch('/_understudy/console/session', { method: 'DELETE', credentials: 'same-origin' });
  setCsrf(null);
}

export const sandboxPath = (id: string) => `/sandboxes/${encodeURIComponent(id)}`;
