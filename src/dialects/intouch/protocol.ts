import type { FastifyError } from 'fastify';
import type { Answer, Protocol } from '../../core/dialect.ts';
import { formParser, parseEveryBodyWith } from '../../core/http/parsers.ts';
import { describeRequestError } from '../../core/http/request-errors.ts';
import { attribute, IntouchError } from './errors.ts';

const INVALID = 'The given data was invalid.';
export const invalidBody = (fields: Record<string, string[]>) => ({ error: INVALID, code: 0, data: fields });
const unauthenticated: Answer = { status: 401, body: { message: 'Unauthenticated.' } };

/** A schema violation as Laravel's validator words it, naming the field. */
function validationAnswer(err: FastifyError): Answer | null {
  const first = err.validation?.[0];
  if (!first) return null;
  const params = first.params as { missingProperty?: string; additionalProperty?: string; type?: string; limit?: number };
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field = params.missingProperty ? [path, params.missingProperty].filter(Boolean).join('.') : path || err.validationContext || 'body';
  const name = attribute(field.split('.').pop()!);
  const message = params.missingProperty
    ? `The ${name} field is required.`
    : first.keyword === 'type'
      ? `The ${name} must be ${params.type === 'integer' ? 'an integer' : params.type === 'boolean' ? 'true or false' : `a ${params.type}`}.`
      : first.keyword === 'maxLength'
        ? `The ${name} must not be greater than ${params.limit} characters.`
        : first.keyword === 'minimum' || first.keyword === 'exclusiveMinimum'
          ? `The ${name} must be at least ${params.limit}.`
          : `The ${name} is invalid.`;
  return { status: 422, body: invalidBody({ [field]: [message] }) };
}

/** Laravel's wire (FIDELITY.md): `{"data": …}` answers, 422 validation errors, `{"message": "Unauthenticated."}`. */
export const protocol: Protocol = {
  parsers(app) {
    // The app posts orders as form fields holding JSON; everything else is JSON (a malformed body
    // is refused as invalid data, naming the body).
    formParser(app);
    parseEveryBodyWith(app, (text) => JSON.parse(text), (message) => new IntouchError('invalid', message, { body: [`The request body is not valid JSON: ${message}`] }));
  },
  error(err) {
    if (err instanceof IntouchError) {
      switch (err.code) {
        case 'invalid':
          return { status: 422, body: invalidBody(err.fields) };
        case 'login_failed':
          return { status: 401, body: { error: err.message, code: 0, data: [] } };
        case 'unauthenticated':
          return unauthenticated;
        case 'not_found':
          return { status: 404, body: { message: err.message } };
      }
    }
    const validation = validationAnswer(err as FastifyError);
    if (validation) return validation;
    const known = describeRequestError(err as FastifyError);
    // Laravel validates what it reads (422 naming it); a URL or header block it cannot read is an HTTP error, `{"message"}`.
    if (known && known.part !== 'body') return { status: known.status, body: { message: known.message } };
    if (known) return { status: known.status === 400 ? 422 : known.status, body: known.status === 400 ? invalidBody({ body: [known.message] }) : { message: known.message } };
    return { status: 500, body: { message: 'Server Error' } };
  },
  // Laravel's auth middleware: 401, whatever was missing or wrong.
  reject: () => unauthenticated,
  notFound: (request) => ({ status: 404, body: { message: `The route ${request.dialectPath.replace(/^\//, '')} could not be found.` } }),
  fault: (status) => ({ status, body: { message: `Injected fault (HTTP ${status})` } }),
};
