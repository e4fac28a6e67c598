import type { Core } from './core.ts';
import type { DialectDefinition, DialectServices } from './dialect.ts';

/** What core hands one dialect's route plugins (vendor routes and control routes alike). */
export function servicesFor(core: Core, def: DialectDefinition<any>): DialectServices {
  return {
    db: core.db,
    engine: core.engine,
    config: core.config,
    log: core.log,
    tokens: core.tokens,
    mount: def.prefix,
    requireSandbox: async (id) => void (await core.sandboxes.require(id)),
    scopeOf: async (sandboxId) => core.scopes.create({ dialect: def.name, sandbox: await core.sandboxes.context(sandboxId), stream: null }),
  };
}
