import { RequestError } from './request-errors.ts';

/** How deep a JSON body may nest: far more than any vendor document, far less than a stack. */
export const MAX_JSON_DEPTH = 64;

export const tooDeep = () => new RequestError('json_too_deep', 400, 'body', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);

/**
 * Whether a JSON text nests arrays and objects deeper than `max`, read in one pass before it is
 * parsed (brackets inside strings do not count): a body a few thousand levels deep never
 * reaches a parser, a validator or a formatter that would recurse on it.
 */
export function nestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/** `JSON.parse`, refusing a text that nests deeper than `MAX_JSON_DEPTH` (a `RequestError`). */
export function parseJson(text: string): unknown {
  if (nestsDeeperThan(text)) throw tooDeep();
  return JSON.parse(text);
}
