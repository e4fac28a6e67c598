import type { FastifyInstance, FastifyRequest } from 'fastify';
import { nestsDeeperThan, tooDeep } from './json.ts';

type Done = (err: Error | null, body?: unknown) => void;

/**
 * A body parser for every content type of a dialect's scope that reads the raw text with
 * `parse`; an empty body is no body (a DELETE sent with a Content-Type). A parse error is
 * handed to the chain's error mapping as `malformed(message)` builds it.
 */
export function parseEveryBodyWith(app: FastifyInstance, parse: (text: string, request: FastifyRequest) => unknown, malformed: (message: string) => Error): void {
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done: Done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    // Before any parser: a body nested thousands deep is refused as such (core's RequestError).
    if (nestsDeeperThan(text)) return done(tooDeep(), undefined);
    try {
      done(null, parse(text, request));
    } catch (err) {
      done(malformed((err as Error).message), undefined);
    }
  });
}

/** Fastify's own JSON parser (errors as Fastify's FST_ERR_CTP_*), for dialects that take JSON as JSON. */
export function defaultJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string)) return done(tooDeep(), undefined);
    parse(request, body as string, done);
  });
}

/** `application/x-www-form-urlencoded`, as an object of strings (a repeated key: an array). */
export function formParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done: Done) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body as string)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    done(null, out);
  });
}
