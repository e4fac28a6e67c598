import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { DialectServices } from '../../core/dialect.ts';
import { selectLocations, selectOrganizations, selectSandboxTokens } from './store.ts';
import { levelsOf } from './model.ts';
import { OrganizationList } from './control-schemas.ts';

/**
 * `/_understudy/sandboxes/{id}/comeback/organizations`: each organization of the sandbox with
 * its token(s) and locations — how a test finds the second organization's token, which is
 * random outside the `demo` sandbox.
 */
export async function comebackControlRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  app.get(
    '/organizations',
    {
      schema: {
        tags: ['comeback'],
        summary: 'Comeback organizations of the sandbox, with their tokens',
        params: Type.Object({ sandboxId: Type.String() }),
        response: { 200: OrganizationList },
      },
    },
    async (request) => {
      const { sandboxId } = request.params as { sandboxId: string };
      await services.requireSandbox(sandboxId);
      const [orgs, tokens] = await Promise.all([selectOrganizations(services.db, sandboxId), selectSandboxTokens(services.db, sandboxId)]);
      const organizations = [];
      for (const o of orgs) {
        const own = tokens.filter((t) => t.scope === o.id).map((t) => t.key);
        organizations.push({
          id: o.id,
          name: o.name,
          token: own[0] ?? null,
          tokens: own,
          levels: levelsOf(o.levels),
          locationIds: (await selectLocations(services.db, sandboxId, o.id)).map((l) => l.id),
        });
      }
      return { organizations };
    },
  );
}
