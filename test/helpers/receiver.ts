import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook as a real local receiver got it. */
export interface Received {
  authorization: string | undefined;
  contentType: string | undefined;
  body: any;
}

/** A real local HTTP server that takes webhooks: it can fail a number of times, then recover. */
export class Receiver {
  server: Server;
  received: Received[] = [];
  /** Answers 500 to this many requests, then 200. */
  failures = 0;
  hits = 0;

  constructor() {
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        this.hits++;
        if (this.failures > 0) {
          this.failures--;
          res.statusCode = 500;
          res.end('down');
          return;
        }
        this.received.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], body: JSON.parse(data) });
        res.statusCode = 200;
        res.end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `probe` until it gives something, or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
