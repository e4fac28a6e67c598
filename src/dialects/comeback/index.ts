import type { DialectDefinition } from '../../core/dialect.ts';
import { comebackControlRoutes } from './control.ts';
import { credentials, publicPage, tokenAuth, type ComebackCredentials } from './credentials.ts';
import { expirePoints } from './expiry.ts';
import { addBundle, Bundle, seed } from './fixtures.ts';
import { EXPIRE_POINTS_JOB } from './points.ts';
import { protocol } from './protocol.ts';
import { comebackRoutes } from './routes.ts';
import { tables } from './store.ts';
import { openapi } from './openapi.ts';

/** Comeback loyalty: `https://api.comeback.es/v1/` at `/comeback/v1/` (CONTRACT.md). */
export const comeback: DialectDefinition<ComebackCredentials> = {
  name: 'comeback',
  prefix: '/comeback/v1',
  vendor: { hosts: ['api.comeback.es'], basePath: '/v1' },
  credentials,
  auth: { default: tokenAuth, public: publicPage },
  protocol,
  openapi,
  tables,
  fixtures: { seed, bundle: { schema: Bundle, add: addBundle } },
  jobs: { [EXPIRE_POINTS_JOB]: expirePoints },
  routes: comebackRoutes,
  control: comebackControlRoutes,
};
