import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { DialectServices } from '../../core/dialect.ts';
import { NotFoundError } from '../../core/errors.ts';
import { selectPhoto } from './store.ts';

/** `/_understudy/sandboxes/{id}/intouch/photos/{name}`: a profile photo uploaded through `uploadProfilePhoto`. */
export async function intouchControlRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  app.get(
    '/photos/:name',
    {
      schema: {
        tags: ['intouch'],
        summary: 'A profile photo a customer uploaded',
        params: Type.Object({ sandboxId: Type.String(), name: Type.String({ maxLength: 100 }) }),
        response: { 200: { description: 'The photo as uploaded', content: { 'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } }, 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } } } },
      },
    },
    async (request, reply) => {
      const { sandboxId, name } = request.params as { sandboxId: string; name: string };
      await services.requireSandbox(sandboxId);
      const photo = await selectPhoto(services.db, sandboxId, name);
      if (!photo) throw new NotFoundError(`photo '${name}' not found in sandbox '${sandboxId}'`);
      return reply.type(photo.mime).send(Buffer.from(photo.data, 'base64'));
    },
  );
}
