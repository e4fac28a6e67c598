import type { FastifyError } from 'fastify';
import { describeRequestError } from '../../core/http/request-errors.ts';

/**
 * The errors of the Vouchers API, by stable code. The vendor answers every one of them the same
 * way (FIDELITY.md: HTTP 200, `{"status": 0, "msg": …}`); the code says which rule it was.
 */
export type TouchOfficeCode = 'invalid' | 'no_data' | 'unknown_voucher' | 'refused' | 'malformed';

/** A request the vendor answers with `{"status": 0, "msg": …}`. */
export class TouchOfficeError extends Error {
  constructor(
    readonly code: TouchOfficeCode,
    message: string,
  ) {
    super(message);
  }
}

export const NO_DATA = 'No Data Available for the parameters you supplied';

/** A field or a rule of a write that the request breaks. */
export const invalid = (message: string) => new TouchOfficeError('invalid', message);
/** No rows for what was asked (a read, or a PATCH/DELETE of an unknown number). */
export const noData = () => new TouchOfficeError('no_data', NO_DATA);
export const unknownVoucher = (number: string) => new TouchOfficeError('unknown_voucher', `Voucher ${number} not found`);
/** A voucher transaction a rule refuses (expired, used up, another site, …). */
export const refused = (message: string) => new TouchOfficeError('refused', message);
export const malformed = (message: string) => new TouchOfficeError('malformed', message);

/**
 * What a field accepts, in the document's words (touchoffice-vouchers.txt, the parameter
 * lists), said instead of the validator's "must be equal to constant".
 */
const BODY_RULES: Record<string, string> = {
  type: 'must be 1 (Gift Card) or 2 (Percentage Discount)',
  saleID: 'must be a whole number of at most 30 digits (BigInt(30))',
};
const QUERY_RULES: Record<string, string> = {
  active: 'must be 1 (active) or 0 (inactive)',
};

/** The `msg` of a `{"status": 0}` answer, naming the field where there is one. */
export function errorMessage(err: FastifyError): string | null {
  if (err instanceof TouchOfficeError) return err.message;
  const first = err.validation?.[0];
  if (first) {
    const params = first.params as { additionalProperty?: string; missingProperty?: string; type?: string };
    const path = first.instancePath.split('/').filter(Boolean);
    // POST bodies are arrays: say which voucher of the array is wrong.
    const voucherNo = /^\d+$/.test(path[0] ?? '') ? Number(path[0]) + 1 : null;
    const which = voucherNo === null ? '' : ` (voucher ${voucherNo})`;
    const field = path.filter((p) => !/^\d+$/.test(p)).pop();
    if (params.additionalProperty) return `Unknown field '${params.additionalProperty}'${which}`;
    if (params.missingProperty) return `Missing ${params.missingProperty}${which}`;
    if (!field && err.validationContext === 'body') {
      if (voucherNo !== null) return `Invalid voucher ${voucherNo}: each voucher must be a JSON object`;
      if (first.keyword === 'minItems') return 'The request body must hold at least one voucher';
      if (first.keyword === 'maxItems') return `The request body holds too many vouchers (at most ${(first.params as { limit?: number }).limit} at once)`;
      if (first.keyword === 'type') return `The request body must be a JSON ${params.type === 'array' ? 'array of vouchers' : 'object'}`;
      return `Invalid request body: ${first.message}`;
    }
    const rules = err.validationContext === 'body' ? BODY_RULES : err.validationContext === 'querystring' ? QUERY_RULES : {};
    const rule = field !== undefined && Object.hasOwn(rules, field) ? rules[field] : describe(first.keyword, first.message, first.params);
    return `Invalid ${field ?? err.validationContext}${which}: ${rule}`;
  }
  return describeRequestError(err)?.message ?? null;
}

function describe(keyword: string, message: string | undefined, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'maxLength':
      return `must be at most ${params.limit} characters`;
    case 'minLength':
      return `must not be empty`;
    case 'pattern': {
      const pattern = String(params.pattern);
      if (pattern.includes('\\d{4}')) return 'must be a date in the format YYYY-MM-DD HH:MM:SS';
      if (pattern.includes(',')) return 'must be a comma separated list of numbers';
      return 'has an invalid format';
    }
    default:
      return message ?? 'is invalid';
  }
}
