import type { FastifyError } from 'fastify';
import type { Protocol } from '../../core/dialect.ts';
import { defaultJsonParser, formParser } from '../../core/http/parsers.ts';
import { describeRequestError } from '../../core/http/request-errors.ts';
import { ComebackError, errorBody } from './errors.ts';

/** FIDELITY.md, Comeback: JSON bodies, errors `{"error": message}` with 400 / 401 / 404 / 409. */
export const protocol: Protocol = {
  parsers(app) {
    defaultJsonParser(app);
    formParser(app);
  },
  error(err) {
    if (err instanceof ComebackError) return { status: err.status, body: errorBody(err.message) };
    const known = describeRequestError(err as FastifyError);
    if (known) return { status: known.status, body: errorBody(known.message) };
    return { status: 500, body: errorBody('Internal error') };
  },
  reject: (f) => ({ status: 401, body: errorBody(f.reason === 'missing' ? 'Unauthorized: missing token' : 'Unauthorized: invalid token') }),
  notFound: (request) => ({ status: 404, body: errorBody(`Not found: ${request.method} ${request.dialectPath}`) }),
  fault: (status) => ({ status, body: errorBody(`Injected fault (HTTP ${status})`) }),
};
