import type { DialectDefinition } from '../../core/dialect.ts';
import { reactivate, REACTIVATE_JOB } from './catalog.ts';
import { intouchControlRoutes } from './control.ts';
import { accountAuth, apiTokenAuth, credentials, customerTokenAuth, type IntouchCredentials } from './credentials.ts';
import { addBundle, Bundle, seed } from './fixtures.ts';
import { protocol } from './protocol.ts';
import { intouchRoutes } from './routes.ts';
import { tables } from './store.ts';
import { openapi } from './openapi.ts';

/** Revo InTouch (Laravel): `https://revointouch.works/api/v1/` at `/intouch/api/v1/` (CONTRACT.md). */
export const intouch: DialectDefinition<IntouchCredentials> = {
  name: 'intouch',
  prefix: '/intouch/api/v1',
  // `{account}.revointouch.works` (and `{account}.intouch.localhost`) also carry the account (credentials.ts).
  vendor: { hosts: ['revointouch.works', '*.revointouch.works', '*.intouch.localhost'], basePath: '/api/v1' },
  credentials,
  auth: { default: apiTokenAuth, customer: customerTokenAuth, account: accountAuth },
  protocol,
  openapi,
  tables,
  fixtures: { seed, bundle: { schema: Bundle, add: addBundle } },
  jobs: { [REACTIVATE_JOB]: reactivate },
  routes: intouchRoutes,
  control: intouchControlRoutes,
};
