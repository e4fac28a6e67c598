import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Core } from '../core/core.ts';
import type { JournalFilter, JournalRecord } from '../core/journal.ts';
import type { ControlOptions } from './index.ts';
import { RequestsStreamQuery, SandboxIdParams } from './schemas.ts';

/** How the journal's live streams behave; tests may change them. */
export const STREAM_SETTINGS = {
  /** A comment line this often, so that proxies keep an idle stream open. */
  pingMs: 15_000,
  /** PostgreSQL: how often a stream reads again (another node may have written), and looks for its sandbox. */
  pollMs: 1_000,
  /** Entries read at a time. */
  page: 100,
  /** Past this much written and not yet taken by the client, the stream reads no more until the client has taken it. */
  pauseBytes: 256 * 1024,
  /** A client this far behind is cut off (it reconnects with Last-Event-ID and carries on from there). */
  maxBufferedBytes: 1024 * 1024,
  /** …and so is one that takes nothing of a paused stream for this long. */
  drainTimeoutMs: 30_000,
  /** PostgreSQL: how long an entry may be held back for an older transaction (another node's) that has not ended. */
  holdMs: 2_000,
  /** PostgreSQL: how soon a stream that held entries back reads again (twice as long each time, to 500 ms). */
  recheckMs: 25,
};

/** `retry`: how long an EventSource waits before it reconnects. */
const OPENING = 'retry: 2000\n: connected\n\n';
const PING = ': ping\n\n';
const GONE = 'event: gone\ndata: {}\n\n';

const frame = (r: JournalRecord) => `id: ${r.id}\nevent: request\ndata: ${JSON.stringify(r)}\n\n`;

type EndReason = 'client' | 'gone' | 'slow' | 'closing' | 'error';

/**
 * Entries held back on PostgreSQL: ids come from a sequence when a row is inserted, and rows
 * become visible when their transaction commits, so an entry of another node's transaction may
 * appear after a newer one was sent. An entry is sent once every id below it is final: `maxId`
 * was the newest entry read in a snapshot whose `xmax` was this; once a later snapshot's xmin
 * has passed it, every transaction that could still commit a smaller id has ended (a journal
 * write takes its transaction id, locking its sandbox row, before it draws an id).
 */
interface Held {
  xmax: bigint;
  maxId: number;
  since: number;
}

/** One open stream of one sandbox's journal. */
class JournalStream {
  /** The id of the newest entry sent (entries are sent in id order). */
  private lastSent: number;
  /** PostgreSQL: entries up to this id are final (see Held). */
  private safe: number;
  private held: Held[] = [];
  private rechecks = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private ended = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private recheck: NodeJS.Timeout | null = null;
  private wakeWaiter: (() => void) | null = null;

  constructor(
    private readonly hub: StreamHub,
    readonly sandboxId: string,
    private readonly filter: JournalFilter,
    private readonly raw: ServerResponse,
    since: number,
  ) {
    this.lastSent = since;
    this.safe = since;
  }

  start(): void {
    this.raw.on('close', () => this.end('client'));
    this.raw.on('error', () => this.end('client'));
    const ping = setInterval(() => {
      if (this.raw.writableLength <= STREAM_SETTINGS.pauseBytes) this.write(PING);
    }, STREAM_SETTINGS.pingMs);
    this.timers.push(ping);
    if (this.hub.engine === 'postgres') this.timers.push(setInterval(() => void this.poll(), STREAM_SETTINGS.pollMs));
    for (const t of this.timers) t.unref();
    this.kick();
  }

  /** Reads what is new, now or right after the read under way (one read at a time; calls meanwhile make one more). */
  kick(): void {
    if (this.ended) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.again = false;
    this.reading = this.pump()
      .catch((err) => {
        if (!this.ended) this.hub.log.warn({ err, sandbox: this.sandboxId }, 'journal stream: a read failed; the stream is ended (the client reconnects)');
        this.end('error');
      })
      .finally(() => {
        this.reading = null;
        if (this.again) this.kick();
      });
  }

  /** Resolves once no read is under way. */
  async idle(): Promise<void> {
    while (this.reading) await this.reading;
  }

  private async poll(): Promise<void> {
    if (this.ended) return;
    try {
      if (!(await this.hub.core.sandboxes.exists(this.sandboxId))) return this.end('gone');
    } catch {
      return;
    }
    this.kick();
  }

  private write(text: string): void {
    if (!this.ended && !this.raw.destroyed) this.raw.write(text);
  }

  /** Every new entry that matches, page by page, at the client's pace. */
  private async pump(): Promise<void> {
    for (;;) {
      const { rows, read } = await this.read();
      if (this.ended) return;
      let sent = 0;
      for (const r of rows) {
        this.write(frame(r));
        this.lastSent = r.id;
        sent++;
        if (this.raw.writableLength > STREAM_SETTINGS.maxBufferedBytes) return this.end('slow');
        if (this.raw.writableLength > STREAM_SETTINGS.pauseBytes) break;
      }
      if (this.raw.writableLength > STREAM_SETTINGS.pauseBytes && !(await this.drained())) return this.end('slow');
      if (this.ended) return;
      // More to send: the rest of this page, or a next one.
      if (sent < rows.length || read === STREAM_SETTINGS.page) continue;
      return;
    }
  }

  /** The entries after the last one sent that may be sent now (PostgreSQL: those that are final), and how many were read. */
  private async read(): Promise<{ rows: JournalRecord[]; read: number }> {
    const { journal, db } = this.hub.core;
    if (this.hub.engine !== 'postgres' || !this.hub.snapshots) {
      const rows = await journal.after(this.sandboxId, this.lastSent, this.filter, STREAM_SETTINGS.page);
      return { rows, read: rows.length };
    }
    // One snapshot for the rows and for the transactions under way.
    let found: { rows: JournalRecord[]; snap: { xmin: string; xmax: string } | null };
    try {
      found = await db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (tx) => {
          const rows = await journal.after(this.sandboxId, this.lastSent, this.filter, STREAM_SETTINGS.page, tx);
          const snap =
            rows.length || this.held.length
              ? (await sql<{ xmin: string; xmax: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(tx)).rows[0]
              : null;
          return { rows, snap };
        });
    } catch (err) {
      // PostgreSQL before 13 has no pg_current_snapshot(): entries are sent as they are read.
      if ((err as { code?: string }).code !== '42883') throw err;
      this.hub.snapshots = false;
      return this.read();
    }
    const { rows, snap } = found;
    if (!snap) return { rows, read: rows.length };
    const xmin = BigInt(snap.xmin);
    const now = Date.now();
    this.held = this.held.filter((h) => {
      const released = h.xmax <= xmin || now - h.since >= STREAM_SETTINGS.holdMs;
      if (released) this.safe = Math.max(this.safe, h.maxId);
      return !released;
    });
    const ready = rows.filter((r) => r.id <= this.safe);
    if (ready.length < rows.length) {
      const maxId = rows[rows.length - 1].id;
      if (!this.held.some((h) => h.maxId >= maxId)) this.held.push({ xmax: BigInt(snap.xmax), maxId, since: now });
      if (!this.recheck && !this.ended) {
        this.recheck = setTimeout(
          () => {
            this.recheck = null;
            this.kick();
          },
          Math.min(STREAM_SETTINGS.recheckMs * 2 ** this.rechecks++, 500),
        );
        this.recheck.unref();
      }
      // What is held back is read again then: this read is not a full page to go on from.
      return { rows: ready, read: 0 };
    }
    this.rechecks = 0;
    return { rows, read: rows.length };
  }

  /** Waits until the client has taken what was written; false if it does not in time (or the stream ends). */
  private drained(): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.raw.off('drain', onDrain);
        this.wakeWaiter = null;
        resolve(ok);
      };
      const onDrain = () => done(true);
      const timer = setTimeout(() => done(false), STREAM_SETTINGS.drainTimeoutMs);
      this.raw.once('drain', onDrain);
      this.wakeWaiter = () => done(false);
    });
  }

  /** Ends the stream: `gone` says so first; a slow client is cut off; an app closing ends it (and cuts it off if it does not close). */
  end(why: EndReason): void {
    if (this.ended) return;
    if (why === 'gone') this.write(GONE);
    this.ended = true;
    for (const t of this.timers) clearInterval(t);
    if (this.recheck) clearTimeout(this.recheck);
    this.hub.remove(this);
    this.wakeWaiter?.();
    if (this.raw.destroyed) return;
    if (why === 'slow' || why === 'error') {
      this.raw.destroy();
      return;
    }
    this.raw.end();
    // A client that takes nothing cannot hold the connection (nor a stop of the server) open.
    // Only this answer's: once it is all sent, the connection may carry the client's next request.
    setTimeout(() => {
      if (!this.raw.writableFinished) this.raw.destroy();
    }, 1000).unref();
  }
}

/** Every open stream, by sandbox, told by the journal of what it wrote and by the sandboxes of what they deleted. */
class StreamHub {
  private readonly bySandbox = new Map<string, Set<JournalStream>>();
  private readonly stops: Array<() => void> = [];
  readonly engine: Core['engine'];
  /** PostgreSQL: whether it has pg_current_snapshot() (13 and later), which entries are held back by. */
  snapshots = true;

  constructor(readonly core: Core) {
    this.engine = core.engine;
    this.stops.push(
      core.journal.onWritten((ids) => {
        for (const id of ids) for (const s of this.bySandbox.get(id) ?? []) s.kick();
      }),
      core.sandboxes.onDeleted((id) => {
        for (const s of [...(this.bySandbox.get(id) ?? [])]) s.end('gone');
      }),
    );
  }

  get log() {
    return this.core.log;
  }

  open(sandboxId: string, filter: JournalFilter, since: number, raw: ServerResponse): JournalStream {
    const stream = new JournalStream(this, sandboxId, filter, raw, since);
    let set = this.bySandbox.get(sandboxId);
    if (!set) this.bySandbox.set(sandboxId, (set = new Set()));
    set.add(stream);
    stream.start();
    return stream;
  }

  remove(stream: JournalStream): void {
    const set = this.bySandbox.get(stream.sandboxId);
    set?.delete(stream);
    if (set?.size === 0) this.bySandbox.delete(stream.sandboxId);
  }

  /** Ends every stream and waits for the reads under way (the database closes next). */
  async closeAll(): Promise<void> {
    const streams = [...this.bySandbox.values()].flatMap((set) => [...set]);
    for (const s of streams) s.end('closing');
    await Promise.all(streams.map((s) => s.idle()));
    for (const stop of this.stops.splice(0)) stop();
  }
}

const STREAM_DESCRIPTION = [
  'Server-sent events (an EventSource): first `retry: 2000` and the comment `: connected`, then each entry that matches, oldest first, as',
  '`id: <entry id>` `event: request` `data: <the entry as GET …/requests lists it>`, as it is written.',
  'With `since` (or a `Last-Event-ID` header, which takes precedence, as an EventSource sends on reconnecting) every entry newer than that id comes first;',
  'without either, only entries written from now on. A comment `: ping` every 15 s keeps proxies from closing it.',
  'When the sandbox is deleted: `event: gone` `data: {}`, and the stream ends. The stream goes at the pace of its client (at most about 1 MiB written',
  'and not yet taken); a client that takes nothing for 30 s while entries wait is cut off, and its EventSource reconnects with Last-Event-ID and carries on.',
].join(' ');

/** `GET /sandboxes/{id}/requests/stream`: the request journal, live. */
export async function journalStreamRoutes(fastify: FastifyInstance, { core }: ControlOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const hub = new StreamHub(core);
  // Open streams never end by themselves: they must not hold the server's stop.
  app.addHook('preClose', () => hub.closeAll());

  app.get(
    '/sandboxes/:id/requests/stream',
    {
      schema: {
        tags: ['journal'],
        summary: 'The request journal as it is written (server-sent events)',
        description: STREAM_DESCRIPTION,
        params: SandboxIdParams,
        querystring: RequestsStreamQuery,
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ description: 'the id of the last entry received: the stream carries on after it (takes precedence over since)' })) }),
        produces: ['text/event-stream'],
        response: {
          200: {
            description: 'An event stream: `event: request` for each entry (its `id:` the entry id, its `data:` the entry), `event: gone` when the sandbox is deleted',
            content: { 'text/event-stream': { schema: { type: 'string', description: 'an event stream (text/event-stream)' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await core.sandboxes.require(id);
      const { since, dialect, method, status, path } = request.query;
      const header = request.headers['last-event-id'];
      const resumed = typeof header === 'string' && /^\s*\d{1,15}\s*$/.test(header) ? Number(header) : undefined;
      const from = resumed ?? since ?? (await core.journal.newestId(id));
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
      raw.write(OPENING);
      const stream = hub.open(id, { dialect, method, status, path }, from, raw);
      // Deleted between the look-up above and the stream's registration: it would never be told.
      if (!(await core.sandboxes.exists(id))) stream.end('gone');
    },
  );
}
