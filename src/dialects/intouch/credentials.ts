import type { Static } from 'typebox';
import { IntouchCredentials as IntouchCredentialsSchema } from './control-schemas.ts';
import type { FastifyRequest } from 'fastify';
import type { AuthScheme, CredentialSpec } from '../../core/dialect.ts';

export type IntouchCredentials = Static<typeof IntouchCredentialsSchema>;

/**
 * CONTRACT.md: an account name and an API token per sandbox. Stored as the API token (kind
 * `primary`, its account as the second half) and the account alone (kind `account`, for the
 * calls that send only the `account` header); account names are unique across sandboxes.
 */
export const credentials: CredentialSpec<IntouchCredentials> = {
  schema: IntouchCredentialsSchema,
  demo: { account: 'demo', apiToken: 'demo-intouch-token' },
  random: (random) => ({ account: `acct-${random.pick('abcdefghijkmnpqrstuvwxyz23456789', 8)}`, apiToken: random.hex(24) }),
  rows: (c) => [
    { kind: 'primary', key: c.apiToken, secret: c.account },
    { kind: 'account', key: c.account },
  ],
  fromRows: (rows) => {
    const api = rows.find((r) => r.kind === 'primary')!;
    return { account: api.secret ?? '', apiToken: api.key };
  },
  sensitive: ['Authorization', 'api_token', 'password'],
};

const bearer = (h: unknown) => (typeof h === 'string' && /^Bearer\s+\S/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined);

/**
 * The account of a request: the `account` header, or (FIDELITY.md, the older variant) the host,
 * `{account}.revointouch.works`, `{account}.intouch.localhost` or `{account}.localhost`.
 */
export function accountOf(request: FastifyRequest): string | undefined {
  const header = request.headers.account;
  if (typeof header === 'string' && header.trim()) return header.trim();
  const host = (request.hostname ?? '').toLowerCase().split(':')[0];
  const m = /^([a-z0-9][a-z0-9_-]*)\.(revointouch\.works|intouch\.localhost|localhost)$/.exec(host);
  return m && m[1] !== 'www' && m[1] !== 'intouch' ? m[1] : undefined;
}

/** "API authorization type request": `account` and `Authorization: Bearer {api-token}`, of one sandbox. */
export const apiTokenAuth: AuthScheme = {
  extract(request) {
    const token = bearer(request.headers.authorization);
    return token ? { kind: 'primary', key: token, secret: accountOf(request) ?? '' } : null;
  },
  present: (c) => ({ headers: { account: c.account, Authorization: `Bearer ${c.apiToken}` } }),
};

/** "Customer authorization type request": `account` and `Authorization: Bearer {customer-token}`, a token issued to that account. */
export const customerTokenAuth: AuthScheme = {
  extract(request) {
    const account = accountOf(request);
    if (!account) return null;
    const token = bearer(request.headers.authorization);
    return token ? { kind: 'account', key: account, token } : { missing: 'token' };
  },
  async verify(presented, _stored, ctx) {
    const found = await ctx.tokens.find(ctx.db, ctx.sandboxId, 'intouch', CUSTOMER_TOKEN, presented.token!, ctx.now);
    return found ? { ok: true, subject: found.subject } : { ok: false, reason: 'unknown', part: 'token' };
  },
};

/** "Public customer type request": the `account` header alone. */
export const accountAuth: AuthScheme = {
  extract(request) {
    const account = accountOf(request);
    return account ? { kind: 'account', key: account } : null;
  },
  present: (c) => ({ headers: { account: c.account } }),
};

/** The kind of the customer tokens login and register issue. */
export const CUSTOMER_TOKEN = 'customer';
