import type { FastifyError } from 'fastify';
import { describeRequestError } from '../../core/http/request-errors.ts';

/** A request Comeback refuses: FIDELITY.md, `{"error": message}` with 400 / 401 / 404 / 409. */
export class ComebackError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ComebackError(400, message);
export const notFound = (message: string) => new ComebackError(404, message);
export const conflict = (message: string) => new ComebackError(409, message);

export const errorBody = (message: string) => ({ error: message });

/** The status and message for any error a Comeback route raised; null for a server fault. */
export function clientError(err: FastifyError): { status: number; message: string } | null {
  if (err instanceof ComebackError) return { status: err.status, message: err.message };
  return describeRequestError(err);
}
