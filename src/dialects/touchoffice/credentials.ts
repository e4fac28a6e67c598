import type { Static } from 'typebox';
import { TouchofficeCredentials as TouchofficeCredentialsSchema } from './control-schemas.ts';
import type { AuthScheme, CredentialSpec } from '../../core/dialect.ts';

export type TouchofficeCredentials = Static<typeof TouchofficeCredentialsSchema>;

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A TAK (terminal access key) per sandbox; the document gives it as String(30). */
export const credentials: CredentialSpec<TouchofficeCredentials> = {
  schema: TouchofficeCredentialsSchema,
  demo: { tak: 'DEMOTAK' },
  random: (random) => ({ tak: random.pick(UPPER, 24) }),
  rows: (c) => [{ kind: 'primary', key: c.tak }],
  fromRows: (rows) => ({ tak: rows[0].key }),
  sensitive: ['TAK'],
};

/** "TAK" is a query parameter on every call (FIDELITY.md). */
export const takAuth: AuthScheme = {
  extract(request) {
    const tak = (request.query as { TAK?: unknown }).TAK;
    return typeof tak === 'string' && tak ? { kind: 'primary', key: tak } : null;
  },
  present: (c) => ({ query: { TAK: c.tak } }),
};
