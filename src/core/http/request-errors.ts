import type { FastifyError } from 'fastify';

export interface ClientError {
  status: number;
  message: string;
  /** What was wrong: the URL (path or query), the header block, or the body. */
  part: 'url' | 'headers' | 'body';
}

export type RequestErrorCode = 'bad_url' | 'param_too_long' | 'json_too_deep' | 'body_too_large' | 'headers_too_large';

/**
 * A request core refuses before any dialect logic sees it (a bad percent-encoding, a path
 * parameter over the router's limit, JSON nested too deep, a body too large). Its message never
 * quotes the request: a query string can carry a credential.
 */
export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    readonly status: number,
    readonly part: ClientError['part'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * What went wrong with a request before the vendor logic saw it, in plain words:
 * malformed JSON, a body too large, an unsupported media type, a schema violation.
 * Each dialect wraps the result in its own error shape.
 */
export function describeRequestError(err: FastifyError): ClientError | null {
  if (err instanceof RequestError) return { status: err.status, message: err.message, part: err.part };
  const known = describe(err);
  return known && { ...known, part: err.code === 'FST_ERR_VALIDATION' && err.validationContext !== 'body' ? 'url' : 'body' };
}

function describe(err: FastifyError): Omit<ClientError, 'part'> | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, message: `Malformed JSON body: ${err.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'/, 'not valid JSON')}` };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'Request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, message: `Unsupported Content-Type` };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, message: 'Content-Length does not match the body' };
    case 'FST_ERR_VALIDATION':
      return { status: 400, message: validationMessage(err) };
  }
  if (err.validation) return { status: 400, message: validationMessage(err) };
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, message: err.message };
  }
  return null;
}

function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  const where = err.validationContext ?? 'request';
  const field = first.instancePath
    ? first.instancePath.replace(/^\//, '').replace(/\//g, '.')
    : ((first.params as { missingProperty?: string })?.missingProperty ?? '');
  return `${where}${field ? ` field '${field}'` : ''} ${first.message ?? 'is invalid'}`.trim();
}
