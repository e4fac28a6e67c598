import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The console's session (issue 14): with `UNDERSTUDY_ADMIN_TOKEN` set, the console asks for the
 * token once and the server answers with an HttpOnly, SameSite=Strict cookie. The cookie holds
 * a value derived from the token (an HMAC), never the token itself, so it cannot be replayed
 * as `Authorization: Bearer`; it needs no server-side state, so every node of a PostgreSQL
 * deployment sharing the token accepts it. Changing the token ends every session.
 *
 * A request that changes state on the strength of the cookie must also carry
 * `X-Understudy-CSRF` with the session's CSRF value: a page of another site can neither read
 * that value nor (without a CORS grant, which the server never gives) set a custom header.
 */
export const SESSION_COOKIE = 'understudy_console';
export const CSRF_HEADER = 'x-understudy-csrf';

const derive = (token: string, purpose: string) => createHmac('sha256', token).update(`understudy console ${purpose} v1`).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The cookie's value in a `Cookie` header, if it is there. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class ConsoleSessions {
  private readonly session: string;
  readonly csrf: string;

  constructor(private readonly token: string) {
    this.session = derive(token, 'session');
    this.csrf = derive(token, 'csrf');
  }

  /** Whether a token typed into the login form is the admin token. */
  tokenMatches(given: unknown): boolean {
    return typeof given === 'string' && same(given, this.token);
  }

  /** Whether the request's cookies hold a session. */
  fromCookies(header: string | undefined): boolean {
    const value = cookieValue(header, SESSION_COOKIE);
    return value !== undefined && same(value, this.session);
  }

  csrfMatches(header: string | string[] | undefined): boolean {
    return typeof header === 'string' && same(header, this.csrf);
  }

  /** The Set-Cookie header that opens a session (Secure when the console is served over HTTPS). */
  cookie(secure: boolean): string {
    return `${SESSION_COOKIE}=${this.session}; Path=/_understudy; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }
}

/** The Set-Cookie header that ends a session. */
export const clearedCookie = (secure: boolean) => `${SESSION_COOKIE}=; Path=/_understudy; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
