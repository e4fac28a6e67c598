import type { FastifyReply, FastifyRequest } from 'fastify';
import { lastParam } from './query.ts';
import type { QueryParams } from './types.ts';
import { stringifyRevel } from './values.ts';
import { toTastypieXml } from './xml.ts';

/**
 * Tastypie's determine_format: `?format=xml|json` first, then the Accept header (XML only
 * when it is asked for and JSON is not).
 */
export function wantsXml(request: FastifyRequest): boolean {
  const format = lastParam((request.query ?? {}) as QueryParams, 'format');
  if (format === 'xml') return true;
  if (format === 'json') return false;
  const accept = String(request.headers.accept ?? '');
  return /\b(application|text)\/xml\b/.test(accept) && !/application\/json|\*\/\*/.test(accept);
}

/** Sends a Revel answer: JSON as Django writes it, or XML; no body at all when there is none. */
export function sendRevel(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown, headers: Record<string, string> = {}): FastifyReply {
  reply.code(status);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  if (body === undefined) return reply.send();
  if (wantsXml(request)) return reply.header('content-type', 'application/xml; charset=utf-8').send(toTastypieXml(body));
  return reply.header('content-type', 'application/json; charset=utf-8').send(stringifyRevel(body));
}

/** Sends JSON already written as `stringifyRevel` writes it (text, or its UTF-8 bytes). */
export function sendRevelJson(reply: FastifyReply, status: number, text: string | Buffer): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(text);
}

/** The query string as sent: every pair, in order, repeated keys included. */
export function queryPairs(request: FastifyRequest): Array<[string, string]> {
  const q = request.url.indexOf('?');
  if (q === -1) return [];
  return [...new URLSearchParams(request.url.slice(q + 1)).entries()];
}
