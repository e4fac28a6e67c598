import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DialectDefinition } from '../dialect.ts';
import { sendAnswer } from './mount.ts';
import { RequestError } from './request-errors.ts';

/** The dialect a raw request path is below (its API prefix), if any. */
export function dialectOfPath(dialects: readonly DialectDefinition<any>[], url: string): DialectDefinition<any> | undefined {
  const path = url.split('?')[0].replace(/\/{2,}/g, '/');
  return dialects.find((d) => d.protocol && (path === d.prefix || path.startsWith(`${d.prefix}/`)));
}

/**
 * What the router refuses before any route runs (Fastify's `frameworkErrors`): a path that is
 * not valid percent-encoded UTF-8 (`%ZZ`, `%ED%A0%80`) and a path parameter over the router's
 * limit. Below a dialect's prefix the answer is the dialect's own error shape; elsewhere the
 * control plane's `{"error"}`. The message never quotes the URL (its query may hold a credential).
 */
export function frameworkErrorHandler(dialects: readonly DialectDefinition<any>[]) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const refused =
      err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new RequestError('param_too_long', 414, 'url', 'A segment of the request path is longer than the server accepts')
        : new RequestError('bad_url', 400, 'url', 'The request path is not valid percent-encoded UTF-8');
    const def = dialectOfPath(dialects, request.raw.url ?? '/');
    if (!def) return reply.code(refused.status).send({ error: refused.message });
    request.journalSecrets = [];
    request.dialectPath = (request.raw.url ?? '/').split('?')[0].slice(def.prefix.length) || '/';
    return sendAnswer(def, request, reply, def.protocol!.error(refused, request));
  };
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 413: 'Payload Too Large', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

/**
 * What Node's HTTP parser refuses before there is a request (Fastify's `clientErrorHandler`): a
 * header block or request line over `maxHeaderSize` (431), or one that is not HTTP (400). The
 * request line, when it was read, says which dialect answers; its body is the dialect's error
 * shape as JSON, and the connection is closed. Nothing of the request is quoted.
 */
export function clientErrorHandler(dialects: readonly DialectDefinition<any>[]) {
  return (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const overflow = err.code === 'HPE_HEADER_OVERFLOW' || err.code === 'HPE_URI_TOO_LONG';
    const refused = overflow
      ? new RequestError('headers_too_large', 431, 'headers', 'The request line and headers are larger than the server accepts')
      : new RequestError('bad_url', 400, 'headers', 'The request is not valid HTTP');
    const line = err.rawPacket?.subarray(0, 4096).toString('latin1').split('\r\n')[0] ?? '';
    const def = dialectOfPath(dialects, line.split(' ')[1] ?? '');
    let status = refused.status;
    let body: unknown = { error: refused.message };
    if (def) {
      const answer = def.protocol!.error(refused, { query: {}, headers: {}, method: 'GET', dialectPath: '/' } as unknown as FastifyRequest);
      status = answer.status;
      body = answer.body;
    }
    const text = body === undefined ? '' : JSON.stringify(body);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${REASONS[status] ?? (status === 200 ? 'OK' : 'Error')}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    }
    socket.destroy();
  };
}
