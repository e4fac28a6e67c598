import type { DialectDefinition } from '../../core/dialect.ts';
import { credentials, type IntouchCredentials } from './credentials.ts';
import { tables } from './store.ts';

/** Revo InTouch: `https://revointouch.works/api/v1/` at `/intouch/api/v1/`. Its API is not served yet. */
export const intouch: DialectDefinition<IntouchCredentials> = {
  name: 'intouch',
  prefix: '/intouch/api/v1',
  credentials,
  auth: {},
  tables,
  fixtures: { seed: async () => {} },
};
