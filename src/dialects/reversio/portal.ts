import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DialectServices } from '../../core/dialect.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { FileRefused, FILE_TYPES, openFile } from './files.ts';
import { PORTAL_PREFIX } from './links.ts';
import { messagePage, orderPage, type PortalView } from './portal-page.ts';
import { selectFiles, selectLink, selectModelsByIds, selectOrder, type LinkRow } from './store.ts';
import { fileView, iso, orderView } from './views.ts';

/** What every portal page is sent with: never cached, never framed, no script, forms to itself. */
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const send = (reply: FastifyReply, status: number, body: string) => reply.code(status).headers(HEADERS).send(body);

class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/**
 * The self-care portal a `POST links` URL opens (`/reversio/portal/t/<token>`): the order and a
 * form per product to open an after-sales file. A link finds its sandbox by its token alone; it
 * is good for 7 days by that sandbox's clock (then `410`), and an unknown one is `404`. Forms
 * carry a CSRF token tied to a `SameSite=Strict` cookie (@fastify/csrf-protection), and a
 * cross-origin submission is refused.
 */
export async function portalRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  await app.register(cookie);
  await app.register(csrf, { cookieOpts: { path: PORTAL_PREFIX, httpOnly: true, sameSite: 'strict', secure: 'auto' } });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof PageError) return send(reply, err.status, messagePage(err.title, err.message));
    const e = err as { statusCode?: number; code?: string };
    if (e.code?.startsWith('FST_CSRF') || e.statusCode === 403) {
      return send(reply, 403, messagePage('This form has expired', 'The page was open too long or came from elsewhere. Open your link again and send the form from there.'));
    }
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return send(reply, e.statusCode, messagePage('This request cannot be read', 'Open your link again and send the form from there.'));
    request.log.error({ err }, 'reversio portal failed');
    return send(reply, 500, messagePage('Something went wrong', 'Try again in a moment.'));
  });
  app.setNotFoundHandler((_request, reply) => send(reply, 404, messagePage('Page not found', 'There is no page at this address.')));

  /** The link of a token, and a scope of its sandbox; 404 when unknown, 410 when past its 7 days. */
  async function linkOf(token: string): Promise<{ link: LinkRow; s: SandboxScope }> {
    const unknown = new PageError(404, 'This link is not valid', 'Check that the whole address was copied, or ask the shop for a new link.');
    if (!/^[A-Za-z0-9]{10,100}$/.test(token)) throw unknown;
    const link = await selectLink(services.db, token);
    if (!link) throw unknown;
    let s: SandboxScope;
    try {
      s = await services.scopeOf(link.sandbox_id);
    } catch (err) {
      if (err instanceof NotFoundError) throw unknown;
      throw err;
    }
    if (Number(link.expires_at) <= s.now) {
      throw new PageError(410, 'This link has expired', `It was good until ${iso(Number(link.expires_at)).replace('T', ' ').slice(0, 16)} UTC. Ask the shop for a new link to your order.`);
    }
    return { link, s };
  }

  async function view(s: SandboxScope, link: LinkRow, request: FastifyRequest, reply: FastifyReply, extra: Partial<PortalView> = {}): Promise<PortalView> {
    const row = await selectOrder(s.db, s.sandboxId, { id: link.order_id });
    if (!row) throw new PageError(404, 'This order is no longer available', 'Ask the shop for a new link to your order.');
    const order = orderView(row);
    const files = (await selectFiles(s.db, s.sandboxId, { orderId: order.id })).map((f) => fileView(f, order));
    const models = await selectModelsByIds(s.db, s.sandboxId, order.products.map((p) => p.modelId));
    const token = (request.params as { token: string }).token;
    return { order, files, models, action: `${PORTAL_PREFIX}/t/${token}/files`, csrf: await reply.generateCsrf(), ...extra };
  }

  app.get('/t/:token', { schema: { hide: true, params: TokenParams, querystring: Type.Object({ created: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (request, reply) => {
    const { link, s } = await linkOf((request.params as { token: string }).token);
    const v = await view(s, link, request, reply);
    const created = v.files.find((f) => f.id === (request.query as { created?: string }).created);
    if (created) v.notice = { kind: 'ok', text: `Your request ${created.id} is open (${created.type}, status ${created.status}). We will keep you informed.` };
    return send(reply, 200, orderPage(v));
  });

  app.post(
    '/t/:token/files',
    {
      schema: { hide: true, params: TokenParams },
      preHandler: (request, reply, done) => {
        // A form sent from another site is refused before its token is even looked at.
        const origin = request.headers.origin;
        if (origin && origin !== 'null') {
          // Compared as URLs, so that a default port written or not is the same origin.
          let same = false;
          try {
            same = new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
          } catch {
            same = false;
          }
          if (!same) return done(new PageError(403, 'This form has expired', 'The form came from another site. Open your link again and send the form from there.'));
        }
        app.csrfProtection(request, reply, done);
      },
    },
    async (request, reply) => {
      const token = (request.params as { token: string }).token;
      const { link, s } = await linkOf(token);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : Array.isArray(body[name]) ? String((body[name] as unknown[])[0]) : '');
      const form = { orderLineId: field('orderLineId'), type: field('type') || FILE_TYPES[0], reason: field('reason'), comment: field('comment') };
      try {
        const file = await openFile(s, link.order_id, form);
        return reply.code(303).header('location', `${PORTAL_PREFIX}/t/${token}?created=${file.id}#file-${file.id}`).header('cache-control', 'no-store').send();
      } catch (err) {
        if (!(err instanceof FileRefused)) throw err;
        const v = await view(s, link, request, reply, { notice: { kind: 'error', text: err.message }, form });
        return send(reply, err.conflict ? 409 : 400, orderPage(v));
      }
    },
  );
}
