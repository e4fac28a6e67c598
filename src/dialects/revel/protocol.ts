import type { FastifyError } from 'fastify';
import type { Protocol } from '../../core/dialect.ts';
import { formParser, parseEveryBodyWith } from '../../core/http/parsers.ts';
import { describeRequestError } from '../../core/http/request-errors.ts';
import { badRequest, RevelError } from './tastypie/errors.ts';
import { sendRevel } from './tastypie/reply.ts';

/** Tastypie's error body (FIDELITY.md). */
const errorBody = (message: string) => ({ error: message });

/** Django and Tastypie's wire: JSON as Django writes it, or XML for `?format=xml` (tastypie/reply.ts). */
export const protocol: Protocol = {
  parsers(app) {
    // Form bodies are objects of strings; everything else is JSON whatever the declared type
    // (Tastypie reads a missing Content-Type as JSON); a malformed one is Tastypie's 400.
    formParser(app);
    parseEveryBodyWith(app, (text) => JSON.parse(text), (message) => badRequest(`Malformed JSON body: ${message}`));
  },
  send: (request, reply, a) => sendRevel(request, reply, a.status, a.body, a.headers),
  error(err) {
    if (err instanceof RevelError) return { status: err.status, body: err.body, headers: err.headers };
    const known = describeRequestError(err as FastifyError);
    // Django answers a body over its limit with 400 (RequestDataTooBig), as every other bad request.
    if (known) return { status: 400, body: errorBody(known.message) };
    return { status: 500, body: errorBody('Sorry, this request could not be processed. Please try again later.') };
  },
  // Failed auth: 401 with an empty body (FIDELITY.md).
  reject: () => ({ status: 401 }),
  notFound: (request) => ({ status: 404, body: errorBody(`No Revel resource at ${request.method} ${request.dialectPath}`) }),
  fault: (status) => ({ status, body: errorBody(`Injected fault (HTTP ${status})`) }),
};
