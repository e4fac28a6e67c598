import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db, Engine, Tx } from './db/engine.ts';
import { MAX_JSON_DEPTH } from './http/json.ts';
import { preparedWrite } from './db/prepared.ts';

/** One entry's row, compiled once (a batch is these run one after another in one transaction). */
const insertEntry = preparedWrite(
  (db, sandboxId: string, at: number, dialect: string, method: string, path: string, query: string, status: number, durationMs: number, requestBody: string | null, responseBody: string | null) =>
    db.insertInto('requests').values({ sandbox_id: sandboxId, at, dialect, method, path, query, status, duration_ms: durationMs, request_body: requestBody, response_body: responseBody }),
);
const insertRow = (tx: Tx, r: Row) =>
  insertEntry(tx, r.sandbox_id, r.at as number, r.dialect as string, r.method as string, r.path as string, r.query as string, r.status as number, r.duration_ms as number, r.request_body as string | null, r.response_body as string | null);

/**
 * A sandbox's activity (requests journaled since it was created, the newest one's time): one
 * statement per sandbox per batch, in the batch's transaction, so that the count is never cut
 * by the journal's trim and never counts an entry that was not written.
 */
const upsertActivity = preparedWrite((db, sandboxId: string, count: number, lastAt: number) =>
  db
    .insertInto('sandbox_activity')
    .values({ sandbox_id: sandboxId, request_count: count, last_request_at: lastAt })
    .onConflict((oc) =>
      oc.column('sandbox_id').doUpdateSet({
        request_count: sql`sandbox_activity.request_count + excluded.request_count`,
        last_request_at: sql`case when excluded.last_request_at > sandbox_activity.last_request_at then excluded.last_request_at else sandbox_activity.last_request_at end`,
      }),
    ),
);

async function countActivity(tx: Tx, rows: Row[]): Promise<void> {
  const by = new Map<string, { count: number; lastAt: number }>();
  for (const r of rows) {
    const at = r.at as number;
    const a = by.get(r.sandbox_id);
    if (!a) by.set(r.sandbox_id, { count: 1, lastAt: at });
    else {
      a.count++;
      if (at > a.lastAt) a.lastAt = at;
    }
  }
  for (const [sandboxId, a] of by) await upsertActivity(tx, sandboxId, a.count, a.lastAt);
}

/** Which entries a read keeps (GET …/requests and its stream); every field is optional. */
export interface JournalFilter {
  dialect?: string;
  /** The HTTP method, in any case. */
  method?: string;
  /** A status class (`4xx`) or an exact status (`404`). */
  status?: string;
  /** A substring of the path, ASCII letters in any case. */
  path?: string;
}

export interface JournalQuery extends JournalFilter {
  limit?: number;
  /** Only entries newer than this id. */
  since?: number;
  /** Only entries older than this id (paging back). */
  before?: number;
}

/** A page of the journal, newest first, and whether older entries that match exist past it. */
export interface JournalPage {
  requests: JournalRecord[];
  more: boolean;
}

/** `A-Z` folded to `a-z`, the same on both engines (SQLite's lower() folds ASCII only). */
const foldAscii = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
const foldedPath = (engine: Engine) => (engine === 'sqlite' ? sql`lower(path)` : sql`translate(path, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`);
/** A LIKE pattern matching `text` anywhere, its `\`, `%` and `_` taken literally. */
const containsPattern = (text: string) => `%${foldAscii(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filter's conditions on a read of `requests` (the index on (sandbox_id, id) orders it). */
function filtered<Q extends SelectQueryBuilder<any, any, any>>(q: Q, f: JournalFilter, engine: Engine): Q {
  let out = q as SelectQueryBuilder<any, any, any>;
  if (f.dialect) out = out.where('dialect', '=', f.dialect);
  if (f.method) out = out.where('method', '=', f.method.toUpperCase());
  if (f.status) {
    const klass = /^([1-5])xx$/.exec(f.status);
    if (klass) out = out.where('status', '>=', Number(klass[1]) * 100).where('status', '<', Number(klass[1]) * 100 + 100);
    else out = out.where('status', '=', Number(f.status));
  }
  if (f.path) out = out.where(sql<boolean>`${foldedPath(engine)} like ${containsPattern(f.path)} escape '\\'`);
  return out as Q;
}

/** A stored row as the control API lists it. */
function recordOf(r: Record<string, any>): JournalRecord {
  return {
    id: Number(r.id),
    at: new Date(Number(r.at)).toISOString(),
    dialect: r.dialect,
    method: r.method,
    path: r.path,
    query: parsedOrText(r.query) as Record<string, unknown>,
    status: r.status,
    durationMs: Number(r.duration_ms),
    requestBody: parsedOrText(r.request_body),
    responseBody: parsedOrText(r.response_body),
  };
}

/** One journal entry as the control API lists it (CONTRACT.md, `GET …/requests`). */
export interface JournalRecord {
  id: number;
  at: string;
  dialect: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  status: number;
  durationMs: number;
  requestBody: unknown;
  responseBody: unknown;
}

/** What the dialect pipeline hands the journal for one request. */
export interface JournalEntry extends Omit<JournalRecord, 'id' | 'at'> {
  sandboxId: string;
  at: number;
  /** Credential values seen in this request; replaced wherever they appear in what is stored. */
  secrets: string[];
  /** The answer's content type: an answer sent as bytes is kept as text when it is text (JSON, XML, forms, text/*). */
  responseType?: string;
}

const TEXTUAL = /^(text\/|application\/(json|xml|x-www-form-urlencoded|problem\+json|[\w.+-]+\+(json|xml)))/i;

/** What the journal says of itself (health, and the journal answer for one sandbox). */
export interface JournalStats {
  /** Entries waiting to be written. */
  queued: number;
  written: number;
  /** Entries dropped unwritten because the queue was full (the writer could not keep up). */
  shed: number;
  /** Entries written in a reduced form (method, path, status and a note), as they could not be written whole. */
  reduced: number;
}

/** Names that carry secrets whatever the dialect: every dialect adds its own (its credential spec's `sensitive`). */
const ALWAYS_SENSITIVE = ['authorization', 'password', 'secret', 'token'];
export const REDACTED = '[REDACTED]';
/** What is kept of a request body: what the integration sent, to 64 KiB. */
const MAX_REQUEST_BODY = 64 * 1024;
/**
 * What is kept of an answer: its first 8 KiB (the status, the envelope and the first objects of
 * a page), and how long it was. A large answer then costs the journal what a small one does.
 */
const MAX_RESPONSE_BODY = 8 * 1024;
/** Kept past the cut until redaction has run, so that a secret across the cut is redacted whole. */
const CUT_MARGIN = 4096;
/** What the queue may hold before it sheds its oldest entries: a bound on memory whatever the load. */
export const MAX_QUEUED = 5000;
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;
const BATCH = 500;
/** How long a read waits for the entries queued before it; then it answers with what is written. */
const READ_WAIT_MS = 60;
/** How often the journals written to are cut back to their newest entries. */
const TRIM_EVERY_MS = 1000;
/** A sandbox's credentials and issued tokens, read again after this long (a token may be issued on another node). */
const SECRETS_TTL_MS = 2000;

/** Field names redacted at any depth (a JSON body is at most 64 deep: anything deeper, a cycle say, is not kept). */
export function redactFields(value: unknown, sensitive: ReadonlySet<string>, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JSON_DEPTH) return `[journal: deeper than ${MAX_JSON_DEPTH} levels]`;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, sensitive, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = sensitive.has(k.toLowerCase()) ? REDACTED : redactFields(v, sensitive, depth + 1);
  }
  return out;
}

const FORM_TEXT = /^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/;

/** A form body a dialect kept as text (`api_key=…&api_secret=…`): its credential fields by name. */
function redactFormText(text: string, sensitive: ReadonlySet<string>): string {
  if (!FORM_TEXT.test(text)) return text;
  const params = new URLSearchParams(text);
  const names = [...new Set(params.keys())].filter((k) => sensitive.has(k.toLowerCase()));
  for (const key of names) params.set(key, REDACTED);
  return names.length ? params.toString() : text;
}

/** A body as text, fields named like credentials redacted; kept a little past the cut (redaction runs before it). */
function bodyText(body: unknown, sensitive: ReadonlySet<string>, isRequest: boolean, type?: string): { text: string; length: number } | null {
  if (body === undefined || body === null) return null;
  const max = (isRequest ? MAX_REQUEST_BODY : MAX_RESPONSE_BODY) + CUT_MARGIN;
  // Text sent as bytes: only what is kept is decoded (a character cut at the end is dropped).
  if (Buffer.isBuffer(body) && type && TEXTUAL.test(type)) return { text: body.toString('utf8', 0, Math.min(body.length, max)).replace(/\uFFFD$/, ''), length: body.length };
  let text: string;
  try {
    text = typeof body === 'string' ? (isRequest ? redactFormText(body, sensitive) : body) : Buffer.isBuffer(body) ? `<${body.length} bytes>` : JSON.stringify(redactFields(body, sensitive));
  } catch (err) {
    text = `[journal: the body could not be kept: ${(err as Error).message}]`;
  }
  return { text: text.length > max ? text.slice(0, max) : text, length: text.length };
}

/** The kept part of a body (redacted first): its first `max` characters, and how long it was. */
const cut = (text: string, length: number, max: number) => (length > max ? `${text.slice(0, max)}…[truncated: the first ${max} of ${length} are kept]` : text);
/** PostgreSQL text cannot hold NUL; neither engine is given one. */
const storable = (text: string) => (text.includes('\u0000') ? text.replace(/\u0000/g, '\uFFFD') : text);

/** A path as the router read it: percent-encoding decoded (a credential sent encoded is redacted too). */
function decodedPath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path.replace(/%[0-9A-Fa-f]{2}/g, (m) => {
      const c = parseInt(m.slice(1), 16);
      return c < 0x80 ? String.fromCharCode(c) : m;
    });
  }
}

/** The credentials and issued tokens of one sandbox, every one of which is kept out of its entries. */
interface SandboxSecrets {
  at: number;
  /** Credential values (few): replaced wherever they appear. */
  values: string[];
  /** Issued tokens (possibly many): replaced where they stand as a whole token. */
  tokens: Set<string>;
}

const TOKEN_RUN = /[A-Za-z0-9._~-]{8,}/g;
const FEW_TOKENS = 32;
/**
 * A JWT (compact JWS: base64url JSON header and payload, then the signature). The JWTs a sandbox
 * issues are signed, not stored, so they cannot be matched by value: every JWT is redacted.
 */
const JWT = /eyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/** A token-like run with the tokens in it redacted: the run itself, or its parts between dots (`<token>.` ends a sentence). */
function redactRun(run: string, tokens: ReadonlySet<string>): string {
  if (tokens.has(run)) return REDACTED;
  if (!run.includes('.')) return run;
  return run
    .split('.')
    .map((part) => (tokens.has(part) ? REDACTED : part))
    .join('.');
}

function redact(text: string, entrySecrets: readonly string[], sandbox: SandboxSecrets | undefined): string {
  let out = text;
  for (const s of entrySecrets) if (s && s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
  if (sandbox) {
    for (const s of sandbox.values) if (s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
    // A few tokens: each looked for directly (a scan each, no allocation); many: every token-like
    // run of the text looked up (one regex pass).
    if (sandbox.tokens.size > FEW_TOKENS) out = out.replace(TOKEN_RUN, (run) => redactRun(run, sandbox.tokens));
    else for (const t of sandbox.tokens) if (out.includes(t)) out = out.split(t).join(REDACTED);
  }
  return out.includes('eyJ') ? out.replace(JWT, REDACTED) : out;
}

function parsedOrText(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An entry waiting to be written: bodies already text (so its size is known), nothing redacted by value yet. */
interface Queued {
  seq: number;
  sandboxId: string;
  at: number;
  dialect: string;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  requestText: { text: string; length: number } | null;
  responseText: { text: string; length: number } | null;
  secrets: string[];
  bytes: number;
}

type Row = Record<string, unknown> & { sandbox_id: string };

/**
 * The bounded per-sandbox request journal. Entries are queued and written off the request path
 * by one writer, in batches; the queue is bounded in entries and bytes, and when the writer
 * cannot keep up it sheds its oldest entries and counts them (health and the journal answer
 * say so). A read waits a moment for what was queued before it, never for a backlog. An entry
 * that cannot be written whole is written reduced; the others of its batch are written.
 * Everything stored is redacted: the request's own credentials, every credential and issued
 * token of its sandbox, and fields named like credentials at any depth, before bodies are cut.
 */
export class Journal {
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private recorded = 0;
  /** Entries done with (written, reduced or shed), by sequence. */
  private settled = 0;
  private settledSeqs = new Set<number>();
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private waiters: Array<{ target: number; resolve: () => void }> = [];
  private readonly sensitive: ReadonlySet<string>;
  private readonly stats = { written: 0, shed: 0, reduced: 0 };
  private readonly shedBySandbox = new Map<string, number>();
  private readonly secrets = new Map<string, SandboxSecrets>();
  private readonly untrimmed = new Set<string>();
  /** Tokens issued in this process since their sandbox's tokens were last read. */
  private readonly learnt = new Map<string, Set<string>>();
  private trimTimer: NodeJS.Timeout | null = null;
  private trimming: Promise<void> | null = null;
  private closed = false;
  /** Told the sandboxes written to, after each commit (the journal's live streams). */
  private readonly listeners = new Set<(sandboxIds: readonly string[]) => void>();

  constructor(
    private readonly db: Db,
    private readonly limit: number,
    sensitive: Iterable<string>,
    private readonly onError: (err: unknown) => void,
    private readonly engine: Engine = 'sqlite',
    private readonly flushDelayMs = 25,
  ) {
    this.sensitive = new Set([...ALWAYS_SENSITIVE, ...[...sensitive].map((n) => n.toLowerCase())]);
  }

  record(entry: JournalEntry): void {
    if (this.limit === 0) return;
    let query: string;
    try {
      query = JSON.stringify(redactFields(entry.query ?? {}, this.sensitive));
    } catch {
      query = '{}';
    }
    const requestText = bodyText(entry.requestBody, this.sensitive, true);
    const responseText = bodyText(entry.responseBody, this.sensitive, false, entry.responseType);
    const q: Queued = {
      seq: ++this.recorded,
      sandboxId: entry.sandboxId,
      at: entry.at,
      dialect: entry.dialect,
      method: entry.method,
      path: entry.path,
      query,
      status: entry.status,
      durationMs: entry.durationMs,
      requestText,
      responseText,
      secrets: entry.secrets,
      bytes: 256 + entry.path.length + query.length + (requestText?.text.length ?? 0) + (responseText?.text.length ?? 0),
    };
    this.queue.push(q);
    this.queuedBytes += q.bytes;
    this.shedIfFull();
    if (this.queue.length >= BATCH) this.start();
    else if (!this.timer && !this.running) this.timer = setTimeout(() => this.start(), this.flushDelayMs);
  }

  /** Drops the oldest queued entries while the queue is over its bounds, counting them per sandbox. */
  private shedIfFull(): void {
    let drop = 0;
    let bytes = this.queuedBytes;
    while (this.queue.length - drop > MAX_QUEUED || (bytes > MAX_QUEUED_BYTES && this.queue.length - drop > 1)) {
      bytes -= this.queue[drop].bytes;
      drop++;
    }
    if (!drop) return;
    const gone = this.queue.splice(0, drop);
    this.queuedBytes = bytes;
    for (const e of gone) this.shedBySandbox.set(e.sandboxId, (this.shedBySandbox.get(e.sandboxId) ?? 0) + 1);
    this.stats.shed += gone.length;
    this.settle(gone);
  }

  private settle(entries: Queued[]): void {
    for (const e of entries) this.settledSeqs.add(e.seq);
    while (this.settledSeqs.has(this.settled + 1)) this.settledSeqs.delete(++this.settled);
    if (this.waiters.length) {
      const ready = this.waiters.filter((w) => w.target <= this.settled);
      this.waiters = this.waiters.filter((w) => w.target > this.settled);
      for (const w of ready) w.resolve();
    }
  }

  private start(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  /** The one writer: batches until the queue is empty. */
  private async run(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, BATCH);
        for (const e of batch) this.queuedBytes -= e.bytes;
        try {
          await this.write(batch);
        } catch (err) {
          this.onError(err);
        } finally {
          this.settle(batch);
        }
      }
    } finally {
      this.running = false;
      if (this.queue.length) this.start();
    }
  }

  /** Resolves once every entry recorded before the call is written (or shed). */
  flush(): Promise<void> {
    const target = this.recorded;
    if (this.settled >= target) return Promise.resolve();
    this.start();
    return new Promise((resolve) => this.waiters.push({ target, resolve }));
  }

  stat(): JournalStats {
    return { queued: this.queue.length, ...this.stats };
  }

  /** A token just issued in this process: redacted from every entry written from now on, without waiting for the next read of the sandbox's tokens. */
  learnToken(sandboxId: string, token: string): void {
    this.secrets.get(sandboxId)?.tokens.add(token);
    const learnt = this.learnt.get(sandboxId) ?? new Set<string>();
    if (this.learnt.size > 10_000) this.learnt.clear();
    this.learnt.set(sandboxId, learnt.add(token));
  }

  /**
   * Calls `listener` with the sandboxes that got entries, after each commit of the writer (a
   * batch, or one entry written on its own). Returns the call that stops it.
   */
  onWritten(listener: (sandboxIds: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private notify(sandboxIds: readonly string[]): void {
    if (!sandboxIds.length) return;
    for (const listener of this.listeners) {
      try {
        listener(sandboxIds);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  /** How many entries of a sandbox were shed. */
  shedOf(sandboxId: string): number {
    return this.shedBySandbox.get(sandboxId) ?? 0;
  }

  private async secretsOf(sandboxIds: string[]): Promise<Map<string, SandboxSecrets>> {
    const now = Date.now();
    const stale = sandboxIds.filter((id) => (this.secrets.get(id)?.at ?? 0) < now - SECRETS_TTL_MS);
    if (stale.length) {
      const [creds, tokens] = await Promise.all([
        this.db.selectFrom('credentials').select(['sandbox_id', 'key', 'secret']).where('sandbox_id', 'in', stale).execute(),
        this.db.selectFrom('issued_tokens').select(['sandbox_id', 'token']).where('sandbox_id', 'in', stale).execute(),
      ]);
      if (this.secrets.size > 10_000) this.secrets.clear();
      // Tokens learnt while the rows were read (issued meanwhile) are kept; the rest comes from the rows.
      for (const id of stale) this.secrets.set(id, { at: now, values: [], tokens: new Set(this.learnt.get(id)) });
      for (const id of stale) this.learnt.delete(id);
      for (const c of creds) {
        const s = this.secrets.get(c.sandbox_id)!;
        for (const v of [c.key, c.secret]) if (typeof v === 'string' && v.length >= 4) s.values.push(v);
      }
      for (const t of tokens) this.secrets.get(t.sandbox_id)!.tokens.add(t.token);
      for (const s of this.secrets.values()) s.values.sort((a, b) => b.length - a.length);
    }
    return new Map(sandboxIds.map((id) => [id, this.secrets.get(id)!]));
  }

  private rowOf(e: Queued, secrets: SandboxSecrets | undefined): Row {
    const text = (t: { text: string; length: number } | null, max: number) => {
      if (t === null) return null;
      const redacted = redact(t.text, e.secrets, secrets);
      // Redaction changes the length; what was cut off (past the margin) is added back to it.
      return storable(cut(redacted, redacted.length + (t.length - t.text.length), max));
    };
    return {
      sandbox_id: e.sandboxId,
      at: e.at,
      dialect: e.dialect,
      method: e.method,
      // A credential can travel in the path too (`/vouchers/<TAK>`, percent-encoded or not).
      path: storable(redact(decodedPath(e.path), e.secrets, secrets)),
      query: storable(redact(e.query, e.secrets, secrets)),
      status: e.status,
      duration_ms: Math.round(e.durationMs * 1000) / 1000,
      request_body: text(e.requestText, MAX_REQUEST_BODY),
      response_body: text(e.responseText, MAX_RESPONSE_BODY),
    };
  }

  private async live(tx: Tx, sandboxIds: string[]): Promise<Set<string>> {
    // Entries are written after the response: a sandbox deleted meanwhile must not get its
    // journal back (CONTRACT.md: DELETE leaves none of its data). On PostgreSQL the rows are
    // share-locked: a DELETE under way is waited for (and then its sandbox is gone), and a DELETE
    // that comes later waits for these entries and removes them.
    let query = tx.selectFrom('sandboxes').select('id').where('id', 'in', sandboxIds);
    if (this.engine === 'postgres') query = query.forKeyShare();
    return new Set((await query.execute()).map((r) => r.id as string));
  }

  private async write(batch: Queued[]): Promise<void> {
    const sandboxIds = [...new Set(batch.map((e) => e.sandboxId))];
    const secrets = await this.secretsOf(sandboxIds);
    const rows = batch.map((e) => this.rowOf(e, secrets.get(e.sandboxId)));
    let written: string[] = [];
    try {
      await this.db.transaction().execute(async (tx) => {
        const live = await this.live(tx, sandboxIds);
        const kept = rows.filter((r) => live.has(r.sandbox_id));
        for (const row of kept) await insertRow(tx, row);
        await countActivity(tx, kept);
        written = [...live];
      });
      this.trimLater(sandboxIds);
      this.stats.written += rows.length;
      this.notify(written);
    } catch {
      // One bad entry must not lose the others: each on its own, reduced if it still fails.
      for (const [i, row] of rows.entries()) await this.writeOne(row, batch[i]);
      this.trimLater(sandboxIds);
    }
  }

  private async writeOne(row: Row, e: Queued): Promise<void> {
    const attempt = (r: Row) =>
      this.db.transaction().execute(async (tx) => {
        if (!(await this.live(tx, [r.sandbox_id])).size) return false;
        await insertRow(tx, r);
        await countActivity(tx, [r]);
        return true;
      });
    try {
      if (await attempt(row)) this.notify([row.sandbox_id]);
      this.stats.written++;
    } catch (err) {
      const note = `[journal: this entry could not be stored in full (${String((err as Error).message ?? err).slice(0, 200)}); its bodies and query are left out]`;
      try {
        if (await attempt({ ...row, query: '{}', request_body: null, response_body: storable(note), path: storable(String(row.path).slice(0, 2048)) })) this.notify([row.sandbox_id]);
        this.stats.reduced++;
      } catch (again) {
        this.stats.shed++;
        this.shedBySandbox.set(e.sandboxId, (this.shedBySandbox.get(e.sandboxId) ?? 0) + 1);
        this.onError(again);
      }
    }
  }

  /**
   * Cuts the journals written to back to their newest `limit` entries, about once a second and
   * apart from the writer (its own statements, not in a batch's transaction), so that a read
   * waiting for a batch never waits for a trim. Reads never show more than `limit` anyway.
   */
  private trimLater(sandboxIds: string[]): void {
    for (const id of sandboxIds) this.untrimmed.add(id);
    if (this.trimTimer || this.trimming || this.closed) return;
    this.trimTimer = setTimeout(() => {
      this.trimTimer = null;
      this.trimming = this.trim().finally(() => {
        this.trimming = null;
        if (this.untrimmed.size) this.trimLater([]);
      });
    }, TRIM_EVERY_MS);
    this.trimTimer.unref();
  }

  private async trim(): Promise<void> {
    const ids = [...this.untrimmed];
    this.untrimmed.clear();
    for (const sandboxId of ids) {
      if (this.closed) return;
      try {
        await this.db
          .deleteFrom('requests')
          .where('sandbox_id', '=', sandboxId)
          .where('id', '<=', this.db.selectFrom('requests').select('id').where('sandbox_id', '=', sandboxId).orderBy('id', 'desc').limit(1).offset(this.limit))
          .execute();
      } catch (err) {
        this.onError(err);
      }
    }
  }

  /** Everything recorded is written; no trim runs or is scheduled (the database may close). */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.trimTimer) clearTimeout(this.trimTimer);
    this.trimTimer = null;
    await this.trimming;
  }

  /**
   * The newest entries of a sandbox that match, at most `limit` (the journal's limit at most):
   * `since` keeps those after that id, `before` those before it (paging back). `more` says
   * whether older entries that match exist past this page (one more row is read to know).
   */
  async list(sandboxId: string, opts: JournalQuery = {}): Promise<JournalPage> {
    // What was queued before the read: waited for when it is one batch, for a moment when it is a backlog.
    const flushed = this.flush();
    await (this.queue.length <= BATCH ? flushed : Promise.race([flushed, new Promise((r) => setTimeout(r, READ_WAIT_MS))]));
    const limit = Math.min(opts.limit ?? this.limit, this.limit);
    let q = filtered(this.db.selectFrom('requests').selectAll().where('sandbox_id', '=', sandboxId), opts, this.engine);
    if (opts.since !== undefined) q = q.where('id', '>', opts.since);
    if (opts.before !== undefined) q = q.where('id', '<', opts.before);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return { requests: rows.slice(0, limit).map(recordOf), more: rows.length > limit };
  }

  /**
   * The entries of a sandbox after `since` that match, oldest first, at most `limit`: what is
   * written, without waiting for the queue (a live stream is told of each commit). `on`: a
   * transaction to read in.
   */
  async after(sandboxId: string, since: number, filter: JournalFilter, limit: number, on: Db | Tx = this.db): Promise<JournalRecord[]> {
    const rows = await filtered(on.selectFrom('requests').selectAll().where('sandbox_id', '=', sandboxId), filter, this.engine)
      .where('id', '>', since)
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(recordOf);
  }

  /** The id of the newest entry written for a sandbox (0 when none is). */
  async newestId(sandboxId: string): Promise<number> {
    const row = await this.db.selectFrom('requests').select('id').where('sandbox_id', '=', sandboxId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? Number(row.id) : 0;
  }
}
