import { createHmac, timingSafeEqual } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';

const { parse, serialize } = fastifyCookie;

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

/** Two secrets compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const OPTIONS = { path: '/_understudy', httpOnly: true, sameSite: 'strict' } as const;

export class ConsoleSessions {
  private readonly session: string;
  readonly csrf: string;

  constructor(private readonly token: string) {
    this.session = derive(token, 'session');
    this.csrf = derive(token, 'csrf');
  }

  /** Whether a token typed into the login form is the admin token. */
  tokenMatches(given: unknown): boolean {
    return typeof given === 'string' && sameSecret(given, this.token);
  }

  /** Whether the request's cookies hold a session. */
  fromCookies(header: string | undefined): boolean {
    const value = header ? parse(header)[SESSION_COOKIE] : undefined;
    return value !== undefined && sameSecret(value, this.session);
  }

  csrfMatches(header: string | string[] | undefined): boolean {
    return typeof header === 'string' && sameSecret(header, this.csrf);
  }

  /** The Set-Cookie header that opens a session (Secure when the console is served over HTTPS). */
  cookie(secure: boolean): string {
    return serialize(SESSION_COOKIE, this.session, { ...OPTIONS, secure });
  }
}

/** The Set-Cookie header that ends a session. */
export const clearedCookie = (secure: boolean) => serialize(SESSION_COOKIE, '', { ...OPTIONS, secure, maxAge: 0 });
