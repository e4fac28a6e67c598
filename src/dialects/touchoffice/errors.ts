import type { FastifyError } from 'fastify';
import { describeRequestError } from '../../core/http/request-errors.ts';
import { TouchOfficeError } from './model.ts';

/** The `msg` of a `{"status": 0}` answer, naming the field where there is one. */
export function errorMessage(err: FastifyError): string | null {
  if (err instanceof TouchOfficeError) return err.message;
  const first = err.validation?.[0];
  if (first) {
    const params = first.params as { additionalProperty?: string; missingProperty?: string; type?: string };
    const path = first.instancePath.split('/').filter(Boolean);
    const index = path.length > 1 && /^\d+$/.test(path[0]) ? ` (voucher ${Number(path[0]) + 1})` : '';
    const field = path.filter((p) => !/^\d+$/.test(p)).pop();
    if (params.additionalProperty) return `Unknown field '${params.additionalProperty}'${path.length ? ` (voucher ${Number(path[0]) + 1})` : ''}`;
    if (params.missingProperty) return `Missing ${params.missingProperty}${path.length ? ` (voucher ${Number(path[0]) + 1})` : ''}`;
    if (!field && err.validationContext === 'body') {
      if (first.keyword === 'minItems') return 'The request body must hold at least one voucher';
      if (first.keyword === 'type') return `The request body must be a JSON ${params.type === 'array' ? 'array of vouchers' : 'object'}`;
      return `Invalid request body: ${first.message}`;
    }
    return `Invalid ${field ?? err.validationContext}${index}: ${describe(first.keyword, first.message, first.params)}`;
  }
  return describeRequestError(err)?.message ?? null;
}

function describe(keyword: string, message: string | undefined, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'maxLength':
      return `must be at most ${params.limit} characters`;
    case 'minLength':
      return `must not be empty`;
    case 'pattern':
      return String(params.pattern).includes('\\d{4}') ? 'must be a date in the format YYYY-MM-DD HH:MM:SS' : 'has an invalid format';
    default:
      return message ?? 'is invalid';
  }
}
