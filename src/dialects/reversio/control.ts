import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { DialectServices } from '../../core/dialect.ts';
import { NotFoundError } from '../../core/errors.ts';
import { changeFileStatus, FileRefused, listFiles } from './files.ts';
import { ensureKeyPairs } from './keys.ts';
import { File, FileList, FileParams, FilesQuery, FileStatusChange, KeyList as Keys, SandboxParams as Sandbox } from './control-schemas.ts';

const ErrorBody = Type.Object({ error: Type.String() });

/**
 * `/_understudy/sandboxes/{id}/reversio/…`: the sandbox's two key pairs, and its after-sales
 * files, which the control plane moves through their statuses as the vendor's back office would.
 */
export async function reversioControlRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  app.get('/keys', { schema: { tags: ['reversio'], summary: 'The two subscription key / secret value pairs of the sandbox (either works)', params: Sandbox, response: { 200: Keys } } }, async (request) => {
    const { sandboxId } = request.params as { sandboxId: string };
    const s = await services.scopeOf(sandboxId);
    return { keys: await s.tx((tx) => ensureKeyPairs(tx, sandboxId, sandboxId === 'demo')) };
  });

  app.get(
    '/files',
    {
      schema: {
        tags: ['reversio'],
        summary: 'The after-sales files of the sandbox (or of one order), oldest first',
        params: Sandbox,
        querystring: FilesQuery,
        response: { 200: FileList },
      },
    },
    async (request) => {
      const { sandboxId } = request.params as { sandboxId: string };
      const s = await services.scopeOf(sandboxId);
      return { files: await listFiles(s, (request.query as { orderReference?: string }).orderReference) };
    },
  );

  app.put(
    '/files/:fileId',
    {
      schema: {
        tags: ['reversio'],
        summary: 'Moves a file: Created → Accepted → Closed, or Refused (from Created or Accepted); sends a File Update webhook',
        params: FileParams,
        body: FileStatusChange,
        response: { 200: File, 400: ErrorBody, 409: { ...ErrorBody, description: 'The file is not in a status it can move from' } },
      },
    },
    async (request, reply) => {
      const { sandboxId, fileId } = request.params as { sandboxId: string; fileId: string };
      const s = await services.scopeOf(sandboxId);
      try {
        const file = await changeFileStatus(s, fileId, (request.body as { status: string }).status);
        if (!file) throw new NotFoundError(`file '${fileId}' not found in sandbox '${sandboxId}'`);
        return file;
      } catch (err) {
        if (err instanceof FileRefused) return reply.code(err.conflict ? 409 : 400).send({ error: err.message });
        throw err;
      }
    },
  );
}
