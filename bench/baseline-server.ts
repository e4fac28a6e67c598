// The baselines of every ratio, bare Fastify 5 routes in their own process like Understudy:
// - `GET /json`, a tiny JSON answer (the ratio every earlier run reports);
// - `/replay/{key}` (any method): answers exactly the bytes Understudy answered one request of a
//   load (status, content type, body), registered before the load by `PUT /_replay/{key}`; a
//   request body is read as Fastify reads one. So a ratio to it says how close Understudy is to
//   the cost of HTTP itself for those bytes.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
const voucher = { id: 2, site: 0, number: 'XMSNWVPZRG', type: 1, name: '£10 Gift Voucher', active: true };
app.get('/json', async () => ({ vouchers: [voucher], status: 1 }));

interface Recorded {
  status: number;
  contentType: string;
  body: Buffer;
}
const recorded = new Map<string, Recorded>();
app.put<{ Params: { key: string }; Body: { status: number; contentType: string; body: string } }>('/_replay/:key', async (request) => {
  const { status, contentType, body } = request.body;
  recorded.set(request.params.key, { status, contentType, body: Buffer.from(body, 'base64') });
  return { ok: true };
});
// Any content type is read as it comes (Understudy's dialects read JSON, forms and text).
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.all<{ Params: { key: string } }>('/replay/:key', async (request, reply) => {
  const r = recorded.get(request.params.key);
  if (!r) return reply.code(404).send({ error: 'nothing recorded' });
  return reply.code(r.status).type(r.contentType).send(r.body);
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`baseline listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
