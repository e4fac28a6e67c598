import type { Static } from 'typebox';
import { ComebackCredentials as ComebackCredentialsSchema } from './control-schemas.ts';
import type { AuthScheme, CredentialSpec } from '../../core/dialect.ts';

export type ComebackCredentials = Static<typeof ComebackCredentialsSchema>;

/**
 * One token per sandbox (CONTRACT.md); fixtures add the tokens of other organizations. A token's
 * `scope` is the organization it acts as (set by the fixtures).
 */
export const credentials: CredentialSpec<ComebackCredentials> = {
  schema: ComebackCredentialsSchema,
  demo: { token: 'demo-comeback-token' },
  random: (random) => ({ token: random.hex(20) }),
  rows: (c) => [{ kind: 'primary', key: c.token }],
  fromRows: (rows) => ({ token: rows[0].key }),
  sensitive: ['Authorization'],
};

/** comeback.txt "Authentication": `Authorization: TOKEN`, the raw token (FIDELITY.md: no `Bearer`). */
export const tokenAuth: AuthScheme = {
  extract(request) {
    const token = request.headers.authorization;
    return typeof token === 'string' && token.trim() ? { kind: 'primary', key: token.trim() } : null;
  },
  // A token acts as its organization; one without any is not a Comeback token.
  verify: (_presented, stored) => (stored.scope ? { ok: true } : { ok: false, reason: 'unknown' }),
  present: (c) => ({ headers: { Authorization: c.token } }),
};

/** The pass pages behind the download URLs are opened by phones, without a token. */
export const publicPage: AuthScheme = { public: true };
