import type { FastifyError, FastifyRequest } from 'fastify';
import type { Answer, AuthFailure, Protocol } from '../../core/dialect.ts';
import { parseEveryBodyWith } from '../../core/http/parsers.ts';
import { describeRequestError, RequestError } from '../../core/http/request-errors.ts';
import { bindCaseInsensitive } from './binding.ts';
import { failed } from './envelope.ts';
import { ReversioError, type ReversioCode } from './errors.ts';

/** Azure API Management's own answers (FIDELITY.md), `{"statusCode", "message"}`. */
const apim = (statusCode: number, message: string): Answer => ({ status: statusCode, body: { statusCode, message } });

export const MISSING_KEY = 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.';
export const INVALID_KEY = 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.';
export const INVALID_SECRET = 'Access denied due to invalid secret value. Make sure to provide the secret value of the subscription key.';
export const INVALID_TOKEN = 'Unauthorized. Access token is missing or invalid.';

/** `/products/0/price/amount` → `products[0].price.amount`. */
const subjectOf = (path: string, child?: string): string => {
  const parts = path.split('/').filter(Boolean);
  if (child) parts.push(child);
  return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
};

/** A schema violation in ASP.NET's words, naming the field. */
function validationError(err: FastifyError): ReversioError | null {
  const first = err.validation?.[0];
  if (!first) return null;
  const params = first.params as { missingProperty?: string; type?: string; limit?: number; allowedValues?: unknown[] };
  const where = err.validationContext ?? 'body';
  const subject = subjectOf(first.instancePath, params.missingProperty) || where;
  const bad = (code: ReversioCode, message: string) => new ReversioError(400, code, subject, message);
  if (subject === 'body') return bad('Required', 'A non-empty request body is required.');
  switch (first.keyword) {
    case 'required':
    case 'minLength':
      return bad('Required', `The ${subject} field is required.`);
    case 'minItems':
      return bad('Required', `The ${subject} field must hold at least ${params.limit} item${params.limit === 1 ? '' : 's'}.`);
    case 'type':
      return bad('InvalidType', `The value of ${subject} is not valid: expected ${params.type === 'integer' ? 'an integer' : params.type === 'object' || params.type === 'array' ? `an ${params.type}` : `a ${params.type}`}.`);
    case 'maxLength':
      return bad('TooLong', `The field ${subject} must be a string with a maximum length of ${params.limit}.`);
    case 'maxItems':
      return bad('TooLong', `The field ${subject} must hold at most ${params.limit} items.`);
    case 'pattern':
    case 'format':
      return bad('InvalidFormat', `The ${subject} field is not in a valid format.`);
    case 'minimum':
    case 'exclusiveMinimum':
      return bad('InvalidValue', `The field ${subject} must be ${first.keyword === 'minimum' ? 'at least' : 'greater than'} ${params.limit}.`);
    case 'maximum':
      return bad('InvalidValue', `The field ${subject} must be at most ${params.limit}.`);
    default:
      return bad('InvalidValue', `The value of ${subject} is not valid.`);
  }
}

const envelopeOf = (e: ReversioError): Answer => ({
  status: e.status,
  body: failed({ subject: e.subject, code: e.code, message: e.message }, e.status === 404),
});

/** Revers.io's wire: JSON in and out, the envelope on every answer of the API, APIM's bodies for refused credentials. */
export const protocol: Protocol = {
  parsers(app) {
    // Every body is JSON (`application/json`, `application/json-patch+json`, `text/json` alike),
    // bound to the route schema's property names whatever their case.
    parseEveryBodyWith(
      app,
      (text, request: FastifyRequest) => bindCaseInsensitive(JSON.parse(text), request.routeOptions.schema?.body as object | undefined),
      (message) => new ReversioError(400, 'InvalidJson', 'body', `The request body is not valid JSON: ${message}`),
    );
  },
  error(err) {
    if (err instanceof ReversioError) return envelopeOf(err);
    const validation = validationError(err as FastifyError);
    if (validation) return envelopeOf(validation);
    const known = describeRequestError(err as FastifyError);
    if (known) {
      const code: ReversioCode =
        err instanceof RequestError && err.code === 'json_too_deep'
          ? 'InvalidJson'
          : known.status === 413
            ? 'PayloadTooLarge'
            : known.status === 415
              ? 'UnsupportedMediaType'
              : known.status === 414 || known.status === 431
                ? 'TooLong'
                : 'InvalidValue';
      return { status: known.status, body: failed({ subject: known.part, code, message: known.message }, known.status === 404) };
    }
    // An unhandled error: the envelope says so (`isHandledError: false`).
    return { status: 500, body: { ...failed({ subject: '', code: 'InternalError', message: 'An unexpected error occurred.' }), isHandledError: false } };
  },
  reject(failure: AuthFailure) {
    if (failure.part === 'token') return apim(401, INVALID_TOKEN);
    if (failure.part === 'secret') return apim(401, INVALID_SECRET);
    return apim(401, failure.reason === 'missing' ? MISSING_KEY : INVALID_KEY);
  },
  // APIM answers an operation it does not have.
  notFound: () => apim(404, 'Resource not found'),
  fault: (status) => ({
    status,
    body: { ...failed({ subject: '', code: 'InjectedFault', message: `Injected fault (HTTP ${status})` }, status === 404), isHandledError: status < 500 },
  }),
};
