/**
 * What a dialect tells the shared conformance suite (test/conformance/dialects.test.ts) about
 * itself, in `src/dialects/<name>/conformance.ts`: two requests it serves in the demo sandbox,
 * and how its vendor's error answers look. The suite checks, for each dialect and on both
 * engines, what every dialect must do through the contract (credentials, faults, journal,
 * deleted sandboxes, reset/snapshot/delete, OpenAPI).
 */
export interface ConformanceRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below the dialect's prefix, with its query string. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ConformanceAnswer {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  body: any;
}

export interface Conformance {
  /** An authenticated read of the demo fixtures that answers 2xx. */
  read: ConformanceRequest;
  /** An authenticated write that adds data to the demo sandbox and answers 2xx. */
  write: ConformanceRequest;
  /** Whether an answer is the vendor's refusal of a missing or unknown credential (the document's shape, not the protocol's code). */
  isRejection(answer: ConformanceAnswer): boolean;
  /** Whether an answer is the vendor's error shape (an injected fault without a body of its own). */
  isError(answer: ConformanceAnswer): boolean;
  /**
   * Whether a failure is one of the vendor's other documented error shapes (Tastypie's per-field
   * errors, APIM's own answer for an operation it does not have). The fuzz test accepts these,
   * `isError` and `isRejection`.
   */
  isOtherError?(answer: ConformanceAnswer): boolean;
  /** Whether an answer is a failure although its HTTP status is 2xx (TouchOffice: `status: 0`). Default: status >= 400. */
  isFailure?(answer: ConformanceAnswer): boolean;
  /**
   * How a client turns the sandbox's credentials into what it sends, when the default scheme's
   * `present` is not all of it (Revers.io: a JWT from `GET token` first). `call` sends a request
   * below the dialect's prefix. Default: the default scheme's `present`.
   */
  authenticate?(credentials: Record<string, string>, call: (req: ConformanceRequest) => Promise<ConformanceAnswer>): Promise<{ headers?: Record<string, string>; query?: Record<string, string> }>;
  /** Other wire formats the dialect serves (e.g. `?format=xml`): the query that asks for one, and a check of an answer in it. */
  formats?: Array<{ query: string; is(answer: ConformanceAnswer): boolean }>;
}
