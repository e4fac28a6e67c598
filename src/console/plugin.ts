import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../core/core.ts';
import { crossOrigin } from '../control/admin-auth.ts';
import { consoleClient } from './client-bundle.ts';
import { clearedCookie, ConsoleSessions } from './session.ts';
import { consolePage } from './shell.ts';
import { CONSOLE_CSS } from './style.ts';

export const CONSOLE_PATH = '/_understudy/console';

/** What the console's page may load and call: its own origin only (no CDN, no inline script). */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

interface Asset {
  body: string;
  etag: string;
}
const asset = (body: string): Asset => ({ body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });

function sendAsset(request: FastifyRequest, reply: FastifyReply, type: string, a: Asset) {
  reply.header('content-type', type).header('etag', a.etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === a.etag) return reply.code(304).send();
  return reply.send(a.body);
}

const secure = (request: FastifyRequest) => request.protocol === 'https';

/**
 * The web console (issue 14): `GET /_understudy/console`, its script and stylesheet, and the
 * session its login opens. `GET /` and `GET /_understudy/` lead to it. Everything it shows it
 * reads through the control API and the dialects' own APIs, as any client would.
 */
export async function consolePlugin(app: FastifyInstance, { core }: { core: Core }): Promise<void> {
  const token = core.config.adminToken;
  const sessions = token ? new ConsoleSessions(token) : null;
  const page = asset(consolePage());
  const css = asset(CONSOLE_CSS);
  let script: Promise<Asset> | null = null;
  const hide = { schema: { hide: true } };

  const toConsole = async (_request: FastifyRequest, reply: FastifyReply) => reply.redirect(CONSOLE_PATH, 302);
  app.get('/', hide, toConsole);
  app.get('/_understudy', hide, toConsole);

  app.get(CONSOLE_PATH, hide, async (request, reply) => {
    reply.header('content-security-policy', CSP).header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
    return sendAsset(request, reply, 'text/html; charset=utf-8', page);
  });
  app.get(`${CONSOLE_PATH}/app.css`, hide, async (request, reply) => sendAsset(request, reply, 'text/css; charset=utf-8', css));
  app.get(`${CONSOLE_PATH}/app.js`, hide, async (request, reply) => {
    script ??= consoleClient().then(asset);
    script.catch(() => (script = null));
    return sendAsset(request, reply, 'text/javascript; charset=utf-8', await script);
  });

  // The session: what the console asks first. `open`: no token is set; `session`: the cookie
  // holds one (with the CSRF value its changes carry); 401: the login form is needed.
  app.get(`${CONSOLE_PATH}/session`, hide, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!sessions) return { auth: 'open' };
    if (sessions.fromCookies(request.headers.cookie)) return { auth: 'session', csrf: sessions.csrf };
    return reply.code(401).send({ auth: 'required', error: 'the console needs the admin token (UNDERSTUDY_ADMIN_TOKEN)' });
  });
  app.post(`${CONSOLE_PATH}/session`, hide, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (crossOrigin(request)) return reply.code(403).send({ error: 'a page of another origin cannot open a console session' });
    if (!sessions) return { auth: 'open' };
    const body = request.body as { token?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !sessions.tokenMatches(body.token)) {
      return reply.code(401).send({ auth: 'required', error: 'that is not the admin token' });
    }
    reply.header('set-cookie', sessions.cookie(secure(request)));
    // The login form without script posts a form: it goes back to the console.
    if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return reply.redirect(CONSOLE_PATH, 303);
    return { auth: 'session', csrf: sessions.csrf };
  });
  app.delete(`${CONSOLE_PATH}/session`, hide, async (request, reply) => {
    if (crossOrigin(request)) return reply.code(403).send({ error: 'a page of another origin cannot end a console session' });
    return reply.header('set-cookie', clearedCookie(secure(request))).code(204).send();
  });
}
