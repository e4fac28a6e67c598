import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { STREAM_SETTINGS } from '../../src/control/journal-stream.ts';
import { ENGINE, testApp, useSandbox, useTestApp, type TestApp } from '../helpers/app.ts';
import { openStream, type OpenedStream } from '../helpers/event-stream.ts';
import { journalEntry } from '../helpers/journal-entry.ts';

/**
 * `GET /_understudy/sandboxes/{id}/requests/stream`: the request journal as server-sent events
 * (the console's live Requests view, an EventSource): each entry as GET …/requests lists it,
 * oldest first, as it is written; the journal's filters; `since` and Last-Event-ID replay;
 * `gone` when the sandbox is deleted; a slow client is cut off; a stop of the server ends it.
 */
const entryOf = journalEntry;

const SETTINGS = { ...STREAM_SETTINGS };

describe('the journal stream', () => {
  const app = useTestApp({}, { listen: true });
  const own = useSandbox(app);
  const opened: OpenedStream[] = [];
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
    Object.assign(STREAM_SETTINGS, SETTINGS);
  });

  const streamUrl = (query = '', sandbox = own.id) => `${app.url}/_understudy/sandboxes/${sandbox}/requests/stream${query}`;
  const open = async (query = '', headers: Record<string, string> = {}, sandbox = own.id) => {
    const s = await openStream(streamUrl(query, sandbox), headers);
    opened.push(s);
    return s;
  };
  /** Open, and connected: the server has registered it (its first bytes are written after that look-up). */
  const connected = async (query = '', headers: Record<string, string> = {}, sandbox = own.id) => {
    const s = await open(query, headers, sandbox);
    expect(s.status).toBe(200);
    await s.until('the connected comment', (events) => events.some((e) => e.comments.includes('connected')));
    return s;
  };
  const vouchers = (tak = own.tak) => fetch(`${app.url}/touchoffice/vouchers?TAK=${tak}&site=1`).then((r) => r.status);
  const journal = async (query = '', sandbox = own.id) => (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandbox}/requests${query}` })).body;
  const record = async (paths: string[], over: Record<string, unknown> = {}, sandbox = own.id) => {
    for (const p of paths) app.t.core.journal.record(entryOf(sandbox, p, over));
    await app.t.core.journal.flush();
  };

  it('opens with retry and a comment, as text/event-stream that no proxy buffers or caches', async () => {
    const s = await connected();
    expect(s.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(s.headers.get('cache-control')).toBe('no-cache');
    expect(s.headers.get('x-accel-buffering')).toBe('no');
    expect(s.text().startsWith('retry: 2000\n: connected\n\n')).toBe(true);
    expect(s.events[0]).toEqual({ retry: '2000', comments: ['connected'] });
  });

  it('sends each vendor request as it is journaled, exactly as GET …/requests lists it; none from before it opened', async () => {
    expect(await vouchers()).toBe(200);
    await app.t.core.journal.flush();
    const before = (await journal()).requests[0];
    const s = await connected();
    expect(await vouchers()).toBe(200);
    expect(await fetch(`${app.url}/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}`).then((r) => r.status)).toBe(200);
    await s.until('two entries', () => s.entries().length === 2);
    const listed = (await journal()).requests;
    expect(listed).toHaveLength(3);
    const events = s.events.filter((e) => e.event === 'request');
    // Oldest first, the entry id as the event id, the entry as listed (the same JSON text).
    expect(events.map((e) => Number(e.id))).toEqual([listed[1].id, listed[0].id]);
    expect(events.map((e) => e.data)).toEqual([JSON.stringify(listed[1]), JSON.stringify(listed[0])]);
    expect(s.entries().map((e) => e.path)).toEqual(['/vouchers', '/vouchers/ABCDEF123']);
    expect(s.entries().some((e) => e.id === before.id)).toBe(false);
    // The raw frame: id, event, data, blank line.
    expect(s.text()).toContain(`id: ${listed[0].id}\nevent: request\ndata: ${JSON.stringify(listed[0])}\n\n`);
  });

  it("keeps to the journal's filters: dialect, method (any case), status class or code, path (any case)", async () => {
    const byMethod = await connected('?method=post');
    const byClass = await connected('?status=4xx');
    const byCode = await connected('?status=503');
    const byPath = await connected('?path=VOUCHERS/AB');
    const byDialect = await connected('?dialect=revel');
    const all = await connected('?dialect=touchoffice&method=GET&status=2xx&path=vouch');
    await record(['/vouchers/ABC1'], { method: 'POST', status: 201 });
    await record(['/vouchers/ABC2'], { status: 404 });
    await record(['/vouchers/x'], { status: 503 });
    await record(['/resources/Product/'], { dialect: 'revel' });
    await record(['/vouchers/abc3']);
    await record(['/end'], { method: 'POST', status: 404, dialect: 'revel' });
    const paths = async (s: OpenedStream, n: number) => {
      await s.until(`${n} entries`, () => s.entries().length >= n);
      await new Promise((r) => setTimeout(r, 50));
      return s.entries().map((e) => e.path);
    };
    expect(await paths(byMethod, 2)).toEqual(['/vouchers/ABC1', '/end']);
    expect(await paths(byClass, 2)).toEqual(['/vouchers/ABC2', '/end']);
    expect(await paths(byCode, 1)).toEqual(['/vouchers/x']);
    expect(await paths(byPath, 3)).toEqual(['/vouchers/ABC1', '/vouchers/ABC2', '/vouchers/abc3']);
    expect(await paths(byDialect, 2)).toEqual(['/resources/Product/', '/end']);
    expect(await paths(all, 1)).toEqual(['/vouchers/abc3']);
  });

  it('since: every matching entry newer than that id first, oldest first, then live', async () => {
    await record(['/r1', '/r2', '/r3', '/r4', '/r5']);
    const ids = (await journal()).requests.map((e: { id: number }) => e.id).reverse();
    const s = await connected(`?since=${ids[1]}`);
    await s.until('the replay', () => s.entries().length === 3);
    expect(s.entries().map((e) => e.path)).toEqual(['/r3', '/r4', '/r5']);
    await record(['/r6']);
    await s.until('the live entry', () => s.entries().length === 4);
    expect(s.entries().map((e) => e.path)).toEqual(['/r3', '/r4', '/r5', '/r6']);
    const since0 = await connected('?since=0&path=r5');
    await since0.until('r5', () => since0.entries().length === 1);
    expect(since0.entries()[0].path).toBe('/r5');
  });

  it('Last-Event-ID (an EventSource reconnecting) takes precedence over since', async () => {
    await record(['/l1', '/l2', '/l3']);
    const ids = (await journal()).requests.map((e: { id: number }) => e.id).reverse();
    const s = await connected('?since=0', { 'Last-Event-ID': String(ids[1]) });
    await s.until('the entry after the last one seen', () => s.entries().length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.entries().map((e) => e.path)).toEqual(['/l3']);
    // Not an entry id: as if not sent.
    const odd = await connected(`?since=${ids[0]}`, { 'Last-Event-ID': 'banana' });
    await odd.until('the replay after since', () => odd.entries().length === 2);
    expect(odd.entries().map((e) => e.path)).toEqual(['/l2', '/l3']);
  });

  it('a long replay comes whole and in order, page after page', async () => {
    const paths = Array.from({ length: 1234 }, (_, i) => `/many/${i}`);
    for (let i = 0; i < paths.length; i += 400) await record(paths.slice(i, i + 400));
    const s = await connected('?since=0');
    await s.until('every entry', () => s.entries().length >= paths.length);
    expect(s.entries().map((e) => e.path)).toEqual(paths);
    const ids = s.entries().map((e) => e.id);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
  });

  it("another sandbox's entries are not in the stream", async () => {
    const other = await app.t.sandbox('demo');
    const s = await connected();
    expect(await vouchers(other.credentials.touchoffice.tak)).toBe(200);
    await record(['/mine']);
    await s.until('my entry', () => s.entries().length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.entries().map((e) => e.path)).toEqual(['/mine']);
  });

  it('a deleted sandbox: event gone with data {}, and the stream ends', async () => {
    const sb = await app.t.sandbox('empty');
    const s = await connected('', {}, sb.id);
    expect((await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${sb.id}` })).status).toBe(204);
    await s.ended;
    expect(s.events.at(-1)).toEqual({ event: 'gone', data: '{}', comments: [] });
    expect(s.text().endsWith('event: gone\ndata: {}\n\n')).toBe(true);
  });

  it('an unknown sandbox is the usual 404 {"error"}; bad filters are 400 {"error"}', async () => {
    const res = await fetch(streamUrl('', 'no-such-sandbox'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: expect.stringContaining('no-such-sandbox') });
    for (const q of ['?status=6xx', '?status=40', '?status=4XX', '?method=G3T', '?since=-1', '?since=x']) {
      const bad = await fetch(streamUrl(q));
      expect({ q, status: bad.status, body: await bad.json() }).toEqual({ q, status: 400, body: { error: expect.any(String) } });
    }
  });

  it('a comment ping keeps an idle stream open', async () => {
    STREAM_SETTINGS.pingMs = 30;
    const s = await connected();
    await s.until('a ping', (events) => events.some((e) => e.comments.includes('ping')));
    expect(s.text()).toContain('\n: ping\n\n');
  });

  it('a client that takes nothing is cut off, and what waits for it stays bounded', async () => {
    STREAM_SETTINGS.pauseBytes = 16 * 1024;
    STREAM_SETTINGS.drainTimeoutMs = 300;
    const { port } = app.t.app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`GET /_understudy/sandboxes/${own.id}/requests/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    let received = 0;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    socket.once('data', (chunk) => {
      received += chunk.length;
      // Connected: from now on nothing is read.
      socket.pause();
    });
    await new Promise((r) => setTimeout(r, 100));
    const big = 'x'.repeat(60 * 1024);
    const n = 400;
    for (let i = 0; i < n; i += 50) await record(Array.from({ length: 50 }, (_, k) => `/big/${i + k}`), { method: 'POST', requestBody: big });
    // Past the drain timeout the server cuts the connection; reading again shows it ended early.
    await new Promise((r) => setTimeout(r, 800));
    socket.on('data', (chunk) => (received += chunk.length));
    socket.resume();
    await closed;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(n * big.length);
  });
});

describe('the journal stream and the server stopping', () => {
  it('app.close() ends every open stream and resolves promptly', async () => {
    const t = await testApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const sb = await t.sandbox('empty');
    const streams = await Promise.all([0, 1].map(() => openStream(`${url}/_understudy/sandboxes/${sb.id}/requests/stream`)));
    for (const s of streams) await s.until('connected', (events) => events.length > 0);
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await Promise.all(streams.map((s) => s.ended));
  });

  it('the admin token applies: without it 401 {"error"} as JSON, with it the stream', async () => {
    const t = await testApp({ adminToken: 'stream-token' });
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/_understudy/sandboxes/demo/requests/stream`;
      const refused = await fetch(url);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await refused.json()).toEqual({ error: expect.any(String) });
      const sb = (await t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { authorization: 'Bearer stream-token' }, payload: { fixtures: 'empty' } })).body;
      const s = await openStream(url.replace('/demo/', `/${sb.id}/`), { authorization: 'Bearer stream-token' });
      expect(s.status).toBe(200);
      await s.until('connected', (events) => events.length > 0);
      s.close();
    } finally {
      await t.close();
    }
  });
});

/** PostgreSQL: nodes share the database; a stream on one shows what another journals, and its sandbox's deletion there. */
describe.runIf(ENGINE === 'postgres')('the journal stream across two nodes', () => {
  let first: TestApp;
  let second: TestApp;
  let url = '';
  it('a stream on one node shows the entries another node writes, and gone when another node deletes the sandbox', async () => {
    first = await testApp();
    second = await testApp();
    try {
      await first.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(first.app.server.address() as AddressInfo).port}`;
      const sb = await first.sandbox('demo');
      const s = await openStream(`${url}/_understudy/sandboxes/${sb.id}/requests/stream`);
      await s.until('connected', (events) => events.length > 0);
      const res = await second.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${sb.credentials.touchoffice.tak}&site=1` });
      expect(res.status).toBe(200);
      await s.until("the second node's entry", () => s.entries().length === 1, 5000);
      expect(s.entries()[0]).toMatchObject({ method: 'GET', path: '/vouchers', dialect: 'touchoffice' });
      // Entries of both nodes at once: every one, each once, in id order.
      for (let i = 0; i < 20; i++) {
        first.core.journal.record(entryOf(sb.id, `/first/${i}`));
        second.core.journal.record(entryOf(sb.id, `/second/${i}`));
      }
      await Promise.all([first.core.journal.flush(), second.core.journal.flush()]);
      await s.until('the 40 entries', () => s.entries().length === 41, 5000);
      const ids = s.entries().map((e) => e.id);
      expect(new Set(ids).size).toBe(41);
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
      expect((await second.call({ method: 'DELETE', url: `/_understudy/sandboxes/${sb.id}` })).status).toBe(204);
      await s.ended;
      expect(s.events.at(-1)).toMatchObject({ event: 'gone', data: '{}' });
    } finally {
      await second.close();
      await first.close();
    }
  });
});

/**
 * PostgreSQL: an entry id is drawn when its row is inserted, and the row is seen when its
 * transaction commits, so a smaller id can appear after a larger one was sent. The stream holds
 * an entry back until every transaction that could still commit a smaller id has ended.
 */
describe.runIf(ENGINE === 'postgres')('the journal stream and transactions committing out of id order', () => {
  const app = useTestApp({}, { listen: true });
  const own = useSandbox(app, 'empty');

  it('an entry whose transaction commits late still comes, before the newer one', async () => {
    const s = await openStream(`${app.url}/_understudy/sandboxes/${own.id}/requests/stream`);
    try {
      await s.until('connected', (events) => events.length > 0);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let lateId = 0;
      // As another node's journal writer would: the sandbox row locked, a row inserted, the commit late.
      const late = app.t.core.db.transaction().execute(async (tx) => {
        await tx.selectFrom('sandboxes').select('id').where('id', '=', own.id).forKeyShare().execute();
        const row = { sandbox_id: own.id, at: Date.now(), dialect: 'touchoffice', method: 'GET', path: '/late', query: '{}', status: 200, duration_ms: 1, request_body: null, response_body: null };
        lateId = Number((await tx.insertInto('requests').values(row).returning('id').executeTakeFirstOrThrow()).id);
        await held;
      });
      while (!lateId) await new Promise((r) => setTimeout(r, 5));
      app.t.core.journal.record(entryOf(own.id, '/newer'));
      await app.t.core.journal.flush();
      await new Promise((r) => setTimeout(r, 300));
      // The newer entry is written, but not sent while an older id may still come.
      expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests` })).body.requests.map((e: { path: string }) => e.path)).toEqual(['/newer']);
      expect(s.entries()).toEqual([]);
      release();
      await late;
      await s.until('both entries', () => s.entries().length === 2);
      expect(s.entries().map((e) => [e.id, e.path])).toEqual([
        [lateId, '/late'],
        [expect.any(Number), '/newer'],
      ]);
      expect(s.entries()[1].id).toBeGreaterThan(lateId);
    } finally {
      s.close();
    }
  });
});
