import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How much of an unread body is read (and dropped) before an early answer is sent, and for how long. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
export const DRAIN_MAX_MS = 10_000;

/** Whether the request says a body follows. */
const hasBody = (raw: IncomingMessage) => raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;

/** Reads what is left of a request body, dropping it, up to the bounds; whether it all arrived. */
function drain(raw: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let read = 0;
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      raw.removeListener('data', onData);
      raw.removeListener('end', onEnd);
      raw.removeListener('error', onEnd);
      resolve(complete);
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_MAX_BYTES) finish(false);
    };
    const onEnd = () => finish(raw.complete);
    const timer = setTimeout(() => finish(false), DRAIN_MAX_MS);
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onEnd);
    raw.resume();
  });
}

/**
 * An answer given before the request body was read (a body over the limit, a refused
 * credential, an injected fault) waits until the client has sent its body, read and dropped, up
 * to a bound: a client that writes its whole body before reading (Python's urllib, with
 * `Connection: close`) then gets the answer instead of a broken pipe. Past the bound the answer
 * goes and the connection is closed. One synchronous hook, nothing awaited for a read body.
 */
export function drainUnreadBodies(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const raw = request.raw;
    if (raw.complete || raw.readableEnded || raw.destroyed || !hasBody(raw)) return done(null, payload);
    void drain(raw).then((complete) => {
      if (!complete) reply.header('connection', 'close');
      done(null, payload);
    });
  });
}
