import { Type } from 'typebox';
import type { CredentialSpec } from '../../core/dialect.ts';

export type IntouchCredentials = { account: string; apiToken: string };

/**
 * CONTRACT.md: an account name and an API token per sandbox. Stored as the API token (kind
 * `primary`, its account as the second half) and the account alone (kind `account`, for the
 * calls that send only the `account` header); account names are unique across sandboxes.
 */
export const credentials: CredentialSpec<IntouchCredentials> = {
  schema: Type.Object({ account: Type.String(), apiToken: Type.String() }),
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
