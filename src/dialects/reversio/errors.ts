/**
 * Revers.io's handled errors: answered in the envelope with `failure: true`,
 * `isHandledError: true` and one `errors[]` entry naming the field (`subject`) with a stable
 * `code`. A bad body is 400 (including a reference inside it that does not resolve, and a
 * duplicate); an id or reference in the path that finds nothing is 404 with `isNotFound: true`.
 */
export type ReversioCode =
  | 'InvalidJson'
  | 'Required'
  | 'InvalidType'
  | 'InvalidValue'
  | 'InvalidFormat'
  | 'TooLong'
  | 'UnknownReference'
  | 'AlreadyExists'
  | 'NotFound'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType';

export class ReversioError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415,
    readonly code: ReversioCode,
    /** The field (`sku`, `products[0].modelId`, `address.countryCode`) or path parameter concerned. */
    readonly subject: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (code: ReversioCode, subject: string, message: string) => new ReversioError(400, code, subject, message);
export const required = (subject: string) => badRequest('Required', subject, `The ${subject} field is required.`);
export const unknownReference = (subject: string, what: string, value: unknown) => badRequest('UnknownReference', subject, `No ${what} found for ${subject} '${String(value)}'.`);
export const alreadyExists = (subject: string, what: string, value: unknown) => badRequest('AlreadyExists', subject, `${/^[aeiou]/i.test(what) ? 'An' : 'A'} ${what} with ${subject} '${String(value)}' already exists.`);
export const notFound = (subject: string, what: string, value: unknown) => new ReversioError(404, 'NotFound', subject, `No ${what} found for ${subject} '${String(value)}'.`);
