import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** With `UNDERSTUDY_ADMIN_TOKEN` set, every `/_understudy/` call needs `Authorization: Bearer <token>`. */
export function adminAuth(token: string | undefined) {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!expected) return;
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'the control API needs Authorization: Bearer <UNDERSTUDY_ADMIN_TOKEN>' });
    }
  };
}
