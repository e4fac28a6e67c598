// The console benchmark's baseline: a bare Fastify 5 server answering the same three files the
// console's page loads (its HTML, script and stylesheet, the same bytes, fetched from Understudy
// before the run) and nothing else. Its page load is what those bytes cost a browser, whatever
// serves them.
import Fastify from 'fastify';

const [html, js, css] = await Promise.all(['', '/app.js', '/app.css'].map(async (p) => Buffer.from(await (await fetch(`${process.argv[2]}/_understudy/console${p}`)).arrayBuffer())));
const app = Fastify({ logger: false });
app.get('/_understudy/console', async (_r, reply) => reply.type('text/html; charset=utf-8').send(html));
app.get('/_understudy/console/app.js', async (_r, reply) => reply.type('text/javascript; charset=utf-8').send(js));
app.get('/_understudy/console/app.css', async (_r, reply) => reply.type('text/css; charset=utf-8').send(css));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`baseline listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
