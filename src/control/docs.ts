import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ControlOptions } from './index.ts';

/**
 * `/_understudy/docs`: the served OpenAPI documents in Swagger UI, from swagger-ui-dist's own
 * files (no CDN); the top bar chooses the document (`?doc=revel` opens one).
 */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const distDir = () => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = () => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Understudy: OpenAPI documents</title>
<link rel="stylesheet" href="/_understudy/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/_understudy/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/_understudy/docs/assets/swagger-ui-bundle.js"></script>
<script src="/_understudy/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/_understudy/docs/init.js"></script>
</body>
</html>
`;

const init = (names: string[]) => `window.onload = function () {
  var names = ${JSON.stringify(names)};
  var wanted = new URLSearchParams(location.search).get('doc');
  window.ui = SwaggerUIBundle({
    urls: names.map(function (n) { return { name: n, url: '/_understudy/openapi/' + n + '.json' }; }),
    'urls.primaryName': names.indexOf(wanted) >= 0 ? wanted : names[0],
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    validatorUrl: null,
  });
};
`;

export async function docsRoutes(app: FastifyInstance, { core }: ControlOptions): Promise<void> {
  const names = ['control', ...core.dialects.filter((d) => d.routes).map((d) => d.name)];
  const cache = new Map<string, Buffer>();
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page()));
  app.get('/docs/init.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(init(names)));
  app.get('/docs/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return reply.code(404).send({ error: `no docs asset '${file}'` });
    let body = cache.get(file);
    if (!body) cache.set(file, (body = await readFile(join(distDir(), file))));
    return reply.type(type).header('cache-control', 'public, max-age=3600').send(body);
  });
}
