import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { answerOf, presentationOf, servedDialects, urlOf, type DialectUnderTest } from '../helpers/dialect-clients.ts';

/**
 * Issue 11, "Input that must never escape the vendor's shape", for every served dialect: deep
 * JSON, router refusals (bad percent-encoding, an overlong path parameter), bodies over the
 * limit sent by a client that writes everything before it reads, and an oversized header
 * block. Each answer is the dialect's own error shape, never a 5xx, never quoting the URL.
 */
const dialects = await servedDialects();

/** A path with a parameter in each dialect (the router decodes parameters). */
const PARAM_PATH: Record<string, (segment: string) => string> = {
  touchoffice: (s) => `/vouchers/${s}`,
  revel: (s) => `/resources/Product/${s}/`,
  comeback: (s) => `/customers/${s}`,
  intouch: (s) => `/stores/${s}/status`,
  reversio: (s) => `/orders/${s}`,
};

/** One raw HTTP exchange: the whole request written (body included) before anything is read, as Python's urllib does. */
function rawExchange(port: number, head: string, body: Buffer = Buffer.alloc(0)): Promise<{ status: number; headers: Record<string, string>; text: string; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (error = (e as NodeJS.ErrnoException).code));
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [headText, ...rest] = raw.split('\r\n\r\n');
      const [statusLine, ...headerLines] = headText.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      let text = rest.join('\r\n\r\n');
      if (headers['transfer-encoding'] === 'chunked') text = text.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '').replace(/\r\n[0-9a-f]+\r\n/gi, '');
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, text, error });
    });
    socket.write(head);
    socket.end(body);
  });
}

describe('hostile input, in every dialect', () => {
  const app = useTestApp({}, { listen: true });
  const port = () => Number(new URL(app.url).port);
  const presented = new Map<string, { headers: Record<string, string>; query: Record<string, string> }>();
  let sandboxId = '';
  beforeAll(async () => {
    const sb = await app.t.sandbox('demo');
    sandboxId = sb.id;
    for (const d of dialects) presented.set(d.def.name, await presentationOf(app.t, d, sb.credentials[d.def.name]));
  });
  const auth = (d: DialectUnderTest) => presented.get(d.def.name)!;

  for (const d of dialects) {
    const name = d.def.name;

    it(`${name}: JSON nested thousands deep is refused in the dialect's shape, before any other work`, async () => {
      const { headers, query } = auth(d);
      for (const body of ['['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), `{"x": ${'['.repeat(65)}${']'.repeat(65)}}`]) {
        const res = await app.t.app.inject({ method: d.conformance.write.method, url: urlOf(d, d.conformance.write.path, query), headers: { ...headers, 'content-type': 'application/json' }, payload: body });
        const a = answerOf(res.statusCode, res.headers, res.body);
        expect(a.status, res.body.slice(0, 200)).toBeLessThan(500);
        expect(d.conformance.isError(a), res.body.slice(0, 200)).toBe(true);
        expect(res.body).toContain('nested deeper than 64 levels');
      }
      // 64 levels is fine (the dialect says what else is wrong, if anything).
      const ok = await app.t.app.inject({ method: d.conformance.write.method, url: urlOf(d, d.conformance.write.path, query), headers: { ...headers, 'content-type': 'application/json' }, payload: `{"x": ${'['.repeat(63)}${']'.repeat(63)}}` });
      expect(ok.body).not.toContain('nested deeper');
      await app.t.core.journal.flush();
      expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandboxId}/requests?dialect=${name}&limit=3` })).status).toBe(200);
    });

    it(`${name}: a bad percent-encoding or an overlong path parameter is the dialect's error, never quoting the URL`, async () => {
      const { headers, query } = auth(d);
      const secretQuery = { ...query, secret: 'do-not-echo-me' };
      for (const segment of ['%ZZ', '%ED%A0%80', 'x'.repeat(600)]) {
        const res = await app.t.app.inject({ method: 'GET', url: urlOf(d, PARAM_PATH[name](segment), secretQuery), headers });
        const a = answerOf(res.statusCode, res.headers, res.body);
        expect(a.status, res.body).toBeLessThan(500);
        expect(d.conformance.isError(a), res.body).toBe(true);
        expect(res.body).not.toMatch(/FST_ERR|do-not-echo-me|%ZZ|%ED|xxxxxxxxxx/);
        for (const v of Object.values(query)) expect(res.body.includes(v)).toBe(false);
      }
    });

    it(`${name}: a NUL in a path parameter or a query value is answered in the dialect's shape (PostgreSQL text cannot hold one)`, async () => {
      const { headers, query } = auth(d);
      for (const segment of ['%00', 'a%00b']) {
        for (const method of ['GET', 'DELETE'] as const) {
          const res = await app.t.app.inject({ method, url: urlOf(d, PARAM_PATH[name](segment), { ...query, q: 'x\u0000y' }), headers });
          const a = answerOf(res.statusCode, res.headers, res.body);
          expect(a.status, `${method} ${segment}: ${res.body}`).toBeLessThan(500);
          expect(d.conformance.isError(a) || d.conformance.isRejection(a) || !!d.conformance.isOtherError?.(a), `${method} ${segment}: ${res.body}`).toBe(true);
        }
      }
    });

    it(`${name}: a body over the limit, written whole before reading, gets the dialect's too-large answer`, async () => {
      const { headers, query } = auth(d);
      const body = Buffer.alloc(20 * 1024 * 1024, 0x20);
      const head =
        `${d.conformance.write.method} ${urlOf(d, d.conformance.write.path, query)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n` +
        Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') +
        '\r\n';
      const res = await rawExchange(port(), head, body);
      expect(res.error).toBeUndefined();
      expect(res.status).toBeGreaterThan(0);
      expect(res.status).toBeLessThan(500);
      expect(d.conformance.isError(answerOf(res.status, res.headers, res.text)), res.text).toBe(true);
      expect(res.text).toMatch(/too large/i);
    });

    it(`${name}: a header block over the server's limit is answered in the dialect's shape and the connection closed`, async () => {
      const head = `GET ${urlOf(d, PARAM_PATH[name]('1'), {})} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'y'.repeat(40_000)}\r\n\r\n`;
      const res = await rawExchange(port(), head);
      expect(res.status).toBeGreaterThan(0);
      expect(res.status).toBeLessThan(500);
      expect(d.conformance.isError(answerOf(res.status, res.headers, res.text)), res.text).toBe(true);
      expect(res.text).not.toContain('yyyyyyyy');
    });
  }

  it('the control plane refuses deep JSON and bad URLs with its {"error"}', async () => {
    const deep = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { 'content-type': 'application/json' }, payload: '['.repeat(5000) + ']'.repeat(5000) });
    expect(deep.status).toBe(400);
    expect(deep.body.error).toContain('nested deeper');
    const bad = await app.t.call({ method: 'GET', url: '/_understudy/sandboxes/%ZZ' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: expect.any(String) });
  });
});
