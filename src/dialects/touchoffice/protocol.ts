import type { FastifyRequest } from 'fastify';
import type { AuthFailure, Protocol } from '../../core/dialect.ts';
import { parseEveryBodyWith } from '../../core/http/parsers.ts';
import { errorMessage, malformed, TouchOfficeError } from './errors.ts';
import { parseJsonExact, toXml } from './wire.ts';

/** FIDELITY.md: every answer is HTTP 200 with `status` 1, or 0 and `msg`. */
export const failure = (msg: string) => ({ status: 0, msg });

const wantsXml = (request: FastifyRequest) => (request.query as { format?: string } | undefined)?.format === 'xml';

/** The wire of the Vouchers API (touchoffice-vouchers.txt, FIDELITY.md). */
export const protocol: Protocol = {
  // The vendor reads the raw body as JSON whatever the Content-Type says (`curl -d` sends form
  // encoding); numbers beyond 2^53 (a 30-digit saleID) are kept as their digits.
  parsers: (app) => parseEveryBodyWith(app, parseJsonExact, (message) => malformed(`Malformed JSON body: ${message}`)),

  // `?format=xml`: the same document as XML, errors included.
  encode(request, reply, payload) {
    if (!wantsXml(request)) return payload;
    let xml: string;
    try {
      xml = toXml(JSON.parse(payload));
    } catch {
      return payload;
    }
    reply.header('content-type', 'application/xml; charset=utf-8');
    return xml;
  },

  error(err) {
    if (err instanceof TouchOfficeError) return { status: 200, body: failure(err.message) };
    const msg = errorMessage(err as Parameters<typeof errorMessage>[0]);
    if (msg !== null) return { status: 200, body: failure(msg) };
    return { status: 500, body: failure('Internal error') };
  },

  // FIDELITY.md: a missing or unknown TAK is `"auth": "false"` (a string), still HTTP 200.
  reject: (f: AuthFailure) => ({ status: 200, body: { status: 0, msg: f.reason === 'missing' ? 'No TAK supplied' : 'Invalid TAK', auth: 'false' } }),
  notFound: (request) => ({ status: 200, body: failure(`Unknown endpoint ${request.method} ${request.dialectPath}`) }),
  fault: (status) => ({ status, body: failure(`Injected fault (HTTP ${status})`) }),
};
