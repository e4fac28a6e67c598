import type { FastifyRequest } from 'fastify';
import { systemRandom } from '../../core/random.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { unknownReference } from './errors.ts';
import { insertLink, selectOrder } from './store.ts';

/** A link is good for 7 days by the sandbox clock. */
export const LINK_TTL_MS = 7 * 24 * 3600 * 1000;
/** Where the self-care portal is served (outside the API's `/reversio/api/v1/`). */
export const PORTAL_PREFIX = '/reversio/portal';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The origin a link points at: the address the server listens on (its port, and its host unless
 * it listens on every interface: then the host the client reached it by); without a listening
 * socket (`app.inject`), the request's `Host`.
 */
export function originOf(request: FastifyRequest): string {
  const address = request.server.server.address();
  if (address && typeof address === 'object') {
    const wildcard = address.address === '0.0.0.0' || address.address === '::';
    const host = wildcard ? request.hostname.replace(/:\d+$/, '') : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `${request.protocol}://${host}:${address.port}`;
  }
  return `${request.protocol}://${request.host}`;
}

/**
 * `POST links {"orderId"}`: a signed-in link to the self-care portal for that order. Its token
 * finds its sandbox by itself, so, like a credential, it comes from the system's random (a seeded
 * sandbox gives the same ids, never the same link), and the journal keeps it out.
 */
export async function createLink(s: SandboxScope, orderId: string, origin: string): Promise<string> {
  return s.tx(async (tx) => {
    if (!(await selectOrder(tx, s.sandboxId, { id: orderId }))) throw unknownReference('orderId', 'order', orderId);
    const token = systemRandom.pick(ALPHABET, 40);
    await insertLink(tx, { token, sandbox_id: s.sandboxId, order_id: orderId, created_at: s.now, expires_at: s.now + LINK_TTL_MS });
    s.secret(token);
    return `${origin}${PORTAL_PREFIX}/t/${token}`;
  });
}
