import type { DialectDefinition } from '../../core/dialect.ts';
import { barcodeRoutes } from './barcode.ts';
import { credentials, takAuth, type TouchofficeCredentials } from './credentials.ts';
import { addBundle, Bundle, seed } from './fixtures.ts';
import { protocol } from './protocol.ts';
import { touchofficeRoutes } from './routes.ts';
import { tables } from './store.ts';
import { openapi } from './openapi.ts';

/** TouchOffice Web vouchers (ICRTouch): `https://api.touchoffice.net/` at `/touchoffice/`. */
export const touchoffice: DialectDefinition<TouchofficeCredentials> = {
  name: 'touchoffice',
  prefix: '/touchoffice',
  vendor: { hosts: ['api.touchoffice.net'], basePath: '' },
  credentials,
  auth: { default: takAuth },
  protocol,
  openapi,
  tables,
  fixtures: { seed, bundle: { schema: Bundle, add: addBundle } },
  routes: touchofficeRoutes,
  control: barcodeRoutes,
};
