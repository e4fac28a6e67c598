import { get, type IncomingMessage } from 'node:http';

/** One server-sent event as an EventSource would see it (comments and `retry` kept too, for tests). */
export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

export interface OpenedStream {
  status: number;
  headers: Headers;
  /** Every event so far (a block of lines up to a blank line), in order. */
  events: SseEvent[];
  /** The text received so far, as sent. */
  text(): string;
  /** The `event: request` entries so far, parsed. */
  entries(): Array<Record<string, any>>;
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>;
  isEnded(): boolean;
  /** Waits until `probe` holds of the events (fails after `timeoutMs`). */
  until(what: string, probe: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

function parse(block: string): SseEvent {
  const e: SseEvent = { comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) e.comments.push(line.slice(1).trim());
    else {
      const at = line.indexOf(':');
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
      if (field === 'data') e.data = e.data === undefined ? value : `${e.data}\n${value}`;
      else if (field === 'id' || field === 'event' || field === 'retry') e[field] = value;
    }
  }
  return e;
}

/**
 * Opens a text/event-stream and reads it as it comes: on a connection of its own (node:http, no
 * agent), which its end or close() closes, so that no pooled connection outlives it.
 */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = get(url, { headers, agent: false }, resolve);
    req.on('error', reject);
  });
  let text = '';
  let pending = '';
  let ended = false;
  const events: SseEvent[] = [];
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    text += chunk;
    pending += chunk;
    let at: number;
    while ((at = pending.indexOf('\n\n')) >= 0) {
      events.push(parse(pending.slice(0, at)));
      pending = pending.slice(at + 2);
    }
  });
  const done = new Promise<void>((resolve) => {
    const finish = () => {
      ended = true;
      resolve();
    };
    res.on('end', finish);
    res.on('close', finish);
    res.on('error', finish);
  });
  const responseHeaders = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
  return {
    status: res.statusCode ?? 0,
    headers: responseHeaders,
    events,
    text: () => text,
    entries: () => events.filter((e) => e.event === 'request').map((e) => JSON.parse(e.data!)),
    ended: done,
    isEnded: () => ended,
    async until(what, probe, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!probe(events)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received: ${text.slice(-2000)}`);
        if (ended && !probe(events)) throw new Error(`the stream ended before ${what}; received: ${text.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => res.destroy(),
  };
}
