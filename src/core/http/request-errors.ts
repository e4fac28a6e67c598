import type { FastifyError } from 'fastify';

export interface ClientError {
  status: number;
  message: string;
}

/**
 * What went wrong with a request before the vendor logic saw it, in plain words:
 * malformed JSON, a body too large, an unsupported media type, a schema violation.
 * Each dialect wraps the result in its own error shape.
 */
export function describeRequestError(err: FastifyError): ClientError | null {
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
