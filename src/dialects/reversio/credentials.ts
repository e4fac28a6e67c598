import type { Static } from 'typebox';
import { ReversioCredentials as ReversioCredentialsSchema } from './control-schemas.ts';
import type { FastifyRequest } from 'fastify';
import type { AuthScheme, CredentialSpec } from '../../core/dialect.ts';

export type ReversioCredentials = Static<typeof ReversioCredentialsSchema>;

/**
 * CONTRACT.md: a subscription key and its secret value (the APIM gateway's pair), stored as
 * kind `primary` with the secret as its second half. reversio.txt hands out two pairs "to allow
 * for easy rotations": the second is a non-primary credential of the same kind, added by the
 * seed (fixtures.ts) and listed at `GET /_understudy/sandboxes/{id}/reversio/keys`.
 */
export const credentials: CredentialSpec<ReversioCredentials> = {
  schema: ReversioCredentialsSchema,
  demo: { subscriptionKey: 'demo-reversio-key', secretValue: 'demo-reversio-secret' },
  random: (random) => ({ subscriptionKey: random.hex(16), secretValue: random.hex(24) }),
  rows: (c) => [{ kind: 'primary', key: c.subscriptionKey, secret: c.secretValue }],
  fromRows: (rows) => ({ subscriptionKey: rows[0].key, secretValue: rows[0].secret ?? '' }),
  sensitive: ['Ocp-Apim-Subscription-Key', 'Ocp-Apim-Secret-Value', 'subscription-key', 'secret', 'Authorization'],
};

/** The `demo` sandbox's second pair (every other sandbox gets a random one). */
export const DEMO_SECOND_PAIR: ReversioCredentials = { subscriptionKey: 'demo-reversio-key-2', secretValue: 'demo-reversio-secret-2' };

const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  const text = Array.isArray(v) ? v[0] : v;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
};

const queryParam = (request: FastifyRequest, name: string): string | undefined => {
  const v = (request.query as Record<string, unknown> | undefined)?.[name];
  const text = Array.isArray(v) ? v[0] : v;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
};

/** APIM takes the key from the `Ocp-Apim-Subscription-Key` header or the `subscription-key` query parameter. */
export const subscriptionKeyOf = (request: FastifyRequest) => header(request, 'ocp-apim-subscription-key') ?? queryParam(request, 'subscription-key');

const bearer = (request: FastifyRequest): string | undefined => {
  const h = header(request, 'authorization');
  return h && /^Bearer\s+\S/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined;
};

/**
 * `GET token`: the subscription key with its secret value, in `Ocp-Apim-Secret-Value` or (the
 * older form, FIDELITY.md) `?secret=`.
 */
export const secretAuth: AuthScheme = {
  extract(request) {
    const key = subscriptionKeyOf(request);
    if (!key) return null;
    return { kind: 'primary', key, secret: header(request, 'ocp-apim-secret-value') ?? queryParam(request, 'secret') ?? '' };
  },
  verify: (presented, stored) => (presented.secret && presented.secret === stored.secret ? { ok: true } : { ok: false, reason: 'unknown', part: 'secret' }),
  present: (c) => ({ headers: { 'Ocp-Apim-Subscription-Key': c.subscriptionKey, 'Ocp-Apim-Secret-Value': c.secretValue } }),
};

/** Every other call: the subscription key and `Authorization: Bearer <jwt>` from `GET token`, both of one sandbox. */
export const jwtAuth: AuthScheme = {
  extract(request) {
    const key = subscriptionKeyOf(request);
    return key ? { kind: 'primary', key, token: bearer(request) ?? '' } : null;
  },
  async verify(presented, _stored, ctx) {
    if (!presented.token) return { ok: false, reason: 'unknown', part: 'token' };
    const checked = await ctx.tokens.verifyJwt(ctx.signingKey, presented.token, ctx.now);
    if (!checked.ok) return { ok: false, reason: checked.reason, part: 'token' };
    // Signed with this sandbox's key, and issued for it.
    return checked.claims.sub === ctx.sandboxId ? { ok: true } : { ok: false, reason: 'unknown', part: 'token' };
  },
  // The key alone: the bearer JWT comes from `GET token` (conformance.ts does that first).
  present: (c) => ({ headers: { 'Ocp-Apim-Subscription-Key': c.subscriptionKey } }),
};

/** The JWT's lifetime (reversio.txt: "a validity of one hour"). */
export const TOKEN_TTL_SECONDS = 3600;
