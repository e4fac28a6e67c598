/**
 * The envelope of every Revers.io answer (FIDELITY.md): `value`, `pagination` on lists,
 * `errors[]`, `isHandledError`, `failure`, `hasWarnings`, `isNotFound`.
 */
export interface Pagination {
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

export interface EnvelopeError {
  subject: string;
  code: string;
  message: string;
}

export interface Envelope<T = unknown> {
  value: T | null;
  pagination?: Pagination;
  errors: EnvelopeError[];
  isHandledError: boolean;
  failure: boolean;
  hasWarnings: boolean;
  isNotFound: boolean;
}

export const ok = <T>(value: T): Envelope<T> => ({ value, errors: [], isHandledError: false, failure: false, hasWarnings: false, isNotFound: false });

export const list = <T>(items: T[], pagination: Pagination): Envelope<T[]> => ({ value: items, pagination, errors: [], isHandledError: false, failure: false, hasWarnings: false, isNotFound: false });

export const failed = (error: EnvelopeError, isNotFound = false): Envelope<null> => ({
  value: null,
  errors: [error],
  isHandledError: true,
  failure: true,
  hasWarnings: false,
  isNotFound,
});

/** A page of `total` items: `page` from 1, `pageSize` items a page. */
export function paginate(total: number, page: number, pageSize: number): Pagination {
  const pageCount = Math.ceil(total / pageSize);
  return { total, page, pageSize, pageCount, hasPreviousPage: page > 1, hasNextPage: page < pageCount };
}
