import type { DialectDefinition } from '../../core/dialect.ts';
import { credentials, type ReversioCredentials } from './credentials.ts';

/** Revers.io: `https://customer-api.revers.io/api/v1/` at `/reversio/api/v1/`. Its API is not served yet. */
export const reversio: DialectDefinition<ReversioCredentials> = {
  name: 'reversio',
  prefix: '/reversio/api/v1',
  credentials,
  auth: {},
  tables: { tables: {}, migrations: {} },
  fixtures: { seed: async () => {} },
};
