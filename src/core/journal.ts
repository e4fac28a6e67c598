import type { Db, Engine } from './db/engine.ts';

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
}

/** Names that carry secrets whatever the dialect: every dialect adds its own (its credential spec's `sensitive`). */
const ALWAYS_SENSITIVE = ['authorization', 'password', 'secret', 'token'];
export const REDACTED = '[REDACTED]';
const MAX_BODY = 64 * 1024;

export function redactFields(value: unknown, sensitive: ReadonlySet<string>, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, sensitive, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = sensitive.has(k.toLowerCase()) ? REDACTED : redactFields(v, sensitive, depth + 1);
  }
  return out;
}

function redactValues(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
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

/** Response bodies are what Understudy wrote: only request bodies can be form text to redact by name. */
function bodyText(body: unknown, sensitive: ReadonlySet<string>, isRequest = false): string | null {
  if (body === undefined || body === null) return null;
  const text = typeof body === 'string' ? (isRequest ? redactFormText(body, sensitive) : body) : Buffer.isBuffer(body) ? `<${body.length} bytes>` : JSON.stringify(redactFields(body, sensitive));
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…[truncated]` : text;
}

function parsedOrText(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The bounded per-sandbox request journal. Writes are batched off the request path
 * (one transaction per batch); a read flushes first, so a client sees its own requests.
 */
export class Journal {
  private queue: JournalEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly sensitive: ReadonlySet<string>;

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
    this.queue.push(entry);
    if (this.queue.length >= 200) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.flushDelayMs);
  }

  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.flushing.then(() => (batch.length ? this.write(batch) : undefined)).catch(this.onError);
    return this.flushing;
  }

  private async write(batch: JournalEntry[]): Promise<void> {
    const rows = batch.map((e) => ({
      sandbox_id: e.sandboxId,
      at: e.at,
      dialect: e.dialect,
      method: e.method,
      // A credential can travel in the path too (`/vouchers/<TAK>`): redacted like everything else.
      path: redactValues(e.path, e.secrets),
      query: redactValues(JSON.stringify(redactFields(e.query, this.sensitive)), e.secrets),
      status: e.status,
      duration_ms: Math.round(e.durationMs * 1000) / 1000,
      request_body: nullable(bodyText(e.requestBody, this.sensitive, true), e.secrets),
      response_body: nullable(bodyText(e.responseBody, this.sensitive), e.secrets),
    }));
    const batchSandboxes = [...new Set(batch.map((e) => e.sandboxId))];
    await this.db.transaction().execute(async (tx) => {
      // Entries are written after the response: a sandbox deleted meanwhile must not get its
      // journal back (CONTRACT.md: DELETE leaves none of its data).
      // On PostgreSQL the rows are share-locked: a DELETE under way is waited for (and then its
      // sandbox is gone), and a DELETE that comes later waits for these entries and removes them.
      let query = tx.selectFrom('sandboxes').select('id').where('id', 'in', batchSandboxes);
      if (this.engine === 'postgres') query = query.forKeyShare();
      const live = await query.execute();
      const sandboxes = live.map((r) => r.id as string);
      const kept = rows.filter((r) => sandboxes.includes(r.sandbox_id));
      if (kept.length) await tx.insertInto('requests').values(kept).execute();
      for (const sandboxId of sandboxes) {
        await tx
          .deleteFrom('requests')
          .where('sandbox_id', '=', sandboxId)
          .where('id', '<=', 
            tx.selectFrom('requests').select('id').where('sandbox_id', '=', sandboxId).orderBy('id', 'desc').limit(1).offset(this.limit),
          )
          .execute();
      }
    });
  }

  async list(sandboxId: string, opts: { dialect?: string; limit?: number }): Promise<JournalRecord[]> {
    await this.flush();
    let q = this.db.selectFrom('requests').selectAll().where('sandbox_id', '=', sandboxId);
    if (opts.dialect) q = q.where('dialect', '=', opts.dialect);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(Math.min(opts.limit ?? this.limit, this.limit))
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(Number(r.at)).toISOString(),
      dialect: r.dialect,
      method: r.method,
      path: r.path,
      query: JSON.parse(r.query),
      status: r.status,
      durationMs: Number(r.duration_ms),
      requestBody: parsedOrText(r.request_body),
      responseBody: parsedOrText(r.response_body),
    }));
  }
}

function nullable(text: string | null, secrets: string[]): string | null {
  return text === null ? null : redactValues(text, secrets);
}
