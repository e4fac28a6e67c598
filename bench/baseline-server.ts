// The baseline of every ratio: a bare Fastify 5 JSON route, in its own process like Understudy.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const voucher = { id: 2, site: 0, number: 'XMSNWVPZRG', type: 1, name: '£10 Gift Voucher', active: true };
app.get('/json', async () => ({ vouchers: [voucher], status: 1 }));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`baseline listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
