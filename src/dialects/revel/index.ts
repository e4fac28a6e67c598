import type { FastifyInstance } from 'fastify';
import type { DialectDefinition, DialectServices } from '../../core/dialect.ts';
import { apiKeyAuth, credentials, type RevelCredentials } from './credentials.ts';
import { DiscountCodes, EMS_CODE_JOB } from './discount-codes/model.ts';
import { discountCodeRoutes } from './discount-codes/routes.ts';
import { addBundle, Bundle, seed } from './fixtures.ts';
import { protocol } from './protocol.ts';
import { registry } from './resources/index.ts';
import { tables } from './store.ts';
import { TastypieEngine } from './tastypie/engine.ts';
import { registerResource } from './tastypie/routes.ts';
import { openapi } from './openapi.ts';

const PREFIX = '/revel';
const codes = new DiscountCodes();

async function revelRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const engine = new TastypieEngine(services.db, registry, services.engine);
  for (const def of registry.all()) if (def.routed !== false) registerResource(app, engine, def, PREFIX);
  discountCodeRoutes(app, codes);
}

/** Revel POS (Django Tastypie): `https://{establishment}.revelup.com/` at `/revel/`. */
export const revel: DialectDefinition<RevelCredentials> = {
  name: 'revel',
  prefix: PREFIX,
  // `{establishment}.revelup.com`, the sandbox hosts (`api-sandbox-revel.revelup.com`) included.
  vendor: { hosts: ['*.revelup.com'], basePath: '' },
  credentials,
  auth: { default: apiKeyAuth },
  protocol,
  openapi,
  tables,
  fixtures: { seed, bundle: { schema: Bundle, add: addBundle } },
  // A queued EMS code is processed when it comes due by the sandbox clock, so its callback_url
  // hears back without anybody reading the codes.
  jobs: { [EMS_CODE_JOB]: (s, tx, key) => codes.process(s, tx, Number(key)) },
  routes: revelRoutes,
};
