import type { Conformance, ConformanceAnswer, ConformanceRequest } from '../../src/core/conformance.ts';
import type { DialectDefinition } from '../../src/core/dialect.ts';
import { DIALECTS } from '../../src/dialects/index.ts';
import type { TestApp } from './app.ts';

/** A served dialect with its conformance description (`src/dialects/<name>/conformance.ts`). */
export interface DialectUnderTest {
  def: DialectDefinition<any>;
  conformance: Conformance;
}

export async function servedDialects(): Promise<DialectUnderTest[]> {
  const out: DialectUnderTest[] = [];
  for (const def of DIALECTS.filter((d) => d.routes)) {
    const { conformance } = (await import(`../../src/dialects/${def.name}/conformance.ts`)) as { conformance: Conformance };
    out.push({ def, conformance });
  }
  return out;
}

const parse = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** What a client of the dialect sends for a sandbox's credentials: headers and query parameters (a JWT taken first where the vendor wants one). */
export async function presentationOf(t: TestApp, d: DialectUnderTest, credentials: Record<string, string>): Promise<{ headers: Record<string, string>; query: Record<string, string> }> {
  const call = async (req: ConformanceRequest): Promise<ConformanceAnswer> => {
    const res = await t.app.inject({ method: req.method, url: `${d.def.prefix}${req.path}`, headers: req.headers, ...(req.body === undefined ? {} : { payload: req.body as object }) });
    return { status: res.statusCode, headers: res.headers, text: res.body, body: parse(res.body) };
  };
  const shown = d.conformance.authenticate ? await d.conformance.authenticate(credentials, call) : (d.def.auth.default.present?.(credentials) ?? {});
  return { headers: shown.headers ?? {}, query: shown.query ?? {} };
}

/** `path` below the dialect's prefix with the presented query parameters added. */
export function urlOf(d: DialectUnderTest, path: string, query: Record<string, string>): string {
  const q = new URLSearchParams(query).toString();
  return `${d.def.prefix}${path}${q ? `${path.includes('?') ? '&' : '?'}${q}` : ''}`;
}

export const answerOf = (status: number, headers: Record<string, unknown>, text: string): ConformanceAnswer => ({ status, headers, text, body: parse(text) });
