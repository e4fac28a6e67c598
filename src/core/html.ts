/**
 * Server-rendered pages (Comeback's pass pages, Revers.io's self-care portal): a tagged
 * template that escapes every value it interpolates, so a page prints nothing unescaped unless
 * it says so with `raw` (markup it built itself, or a nested `html` fragment).
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text as it is safe to print in an element or a quoted attribute. */
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"'`]/g, (ch) => ENTITIES[ch]);

/** Markup printed as it is: only for markup the page built (an SVG it generated, a fragment). */
export const raw = (markup: string): Html => new Html(markup);

function print(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(print).join('');
  return escapeHtml(value);
}

/** `html\`<p>${name}</p>\``: every `${}` escaped, arrays joined, null/undefined/false printed as nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += print(values[i]) + strings[i + 1];
  return new Html(out);
}
