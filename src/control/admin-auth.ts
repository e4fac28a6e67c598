import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, ConsoleSessions, sameSecret } from '../console/session.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser request sent by a page of another origin: `Sec-Fetch-Site` other than same-origin
 * (or none, typed in the address bar), or an `Origin` naming another host. Clients outside a
 * browser send neither header.
 */
export function crossOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  try {
    const from = new URL(origin);
    // Compared as URLs: a default port is dropped from both (`http://h` is `Host: h:80`).
    return from.host !== new URL(`${from.protocol}//${request.headers.host}`).host;
  } catch {
    return true;
  }
}

/**
 * With `UNDERSTUDY_ADMIN_TOKEN` set, every `/_understudy/` call needs `Authorization: Bearer
 * <token>`, or the console's session cookie (src/console/session.ts) with, on a change, its CSRF
 * header. With or without a token, a browser page of another origin cannot change anything:
 * the control plane never answers CORS, and a change it sends anyway is refused here.
 */
export function adminAuth(token: string | undefined) {
  const expected = token ? `Bearer ${token}` : null;
  const sessions = token ? new ConsoleSessions(token) : null;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const safe = SAFE.has(request.method);
    if (!safe && crossOrigin(request)) {
      return reply.code(403).send({ error: 'a page of another origin cannot change the control API (cross-origin request refused)' });
    }
    if (!expected || !sessions) return;
    if (sameSecret(request.headers.authorization ?? '', expected)) return;
    if (sessions.fromCookies(request.headers.cookie)) {
      if (safe || sessions.csrfMatches(request.headers[CSRF_HEADER])) return;
      return reply.code(403).send({ error: `a console session changes nothing without its ${CSRF_HEADER} header` });
    }
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'the control API needs Authorization: Bearer <UNDERSTUDY_ADMIN_TOKEN>' });
  };
}
