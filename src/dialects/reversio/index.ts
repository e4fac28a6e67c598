import type { DialectDefinition } from '../../core/dialect.ts';
import { reversioControlRoutes } from './control.ts';
import { credentials, jwtAuth, secretAuth, type ReversioCredentials } from './credentials.ts';
import { addBundle, Bundle, seed } from './fixtures.ts';
import { PORTAL_PREFIX } from './links.ts';
import { portalRoutes } from './portal.ts';
import { protocol } from './protocol.ts';
import { reversioRoutes } from './routes.ts';
import { tables } from './store.ts';
import { openapi } from './openapi.ts';

/** Revers.io (ASP.NET behind Azure API Management): `https://customer-api.revers.io/api/v1/` at `/reversio/api/v1/` (CONTRACT.md), and its self-care portal at `/reversio/portal/`. */
export const reversio: DialectDefinition<ReversioCredentials> = {
  name: 'reversio',
  prefix: '/reversio/api/v1',
  vendor: { hosts: ['customer-api.revers.io'], basePath: '/api/v1' },
  credentials,
  auth: { default: jwtAuth, secret: secretAuth },
  protocol,
  openapi,
  tables,
  fixtures: { seed, bundle: { schema: Bundle, add: addBundle } },
  routes: reversioRoutes,
  control: reversioControlRoutes,
  pages: { prefix: PORTAL_PREFIX, routes: portalRoutes },
};
