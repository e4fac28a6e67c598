/**
 * Django's field conversions (to_python) and Tastypie's renderings, one function per type.
 * Messages are Django's validation messages, which Revel returns per field.
 */

export type Converted = { ok: true; value: unknown } | { ok: false; error: string };

const ok = (value: unknown): Converted => ({ ok: true, value });
const fail = (error: string): Converted => ({ ok: false, error });

/** How a value is quoted in Django's messages ('abc' value must be an integer.). */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Django IntegerField: ints and their digits ('5'); not booleans, not 5.5. */
export function toInteger(value: unknown): Converted {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return ok(value);
  if (typeof value === 'string' && /^\s*[+-]?\d{1,15}\s*$/.test(value)) return ok(Number(value));
  return fail(`'${shown(value)}' value must be an integer.`);
}

/** Django FloatField. */
export function toFloat(value: unknown): Converted {
  if (typeof value === 'number' && Number.isFinite(value)) return ok(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return ok(Number(value));
  return fail(`'${shown(value)}' value must be a float.`);
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Django DecimalField, rendered as Tastypie does: a string with the field's decimal places
 * ("0.0000"); without places, the digits as written ("0").
 */
export function toDecimal(value: unknown, places?: number): Converted {
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value)) text = numberText(value);
  else if (typeof value === 'string' && value.trim() !== '') text = value.trim();
  else return fail(`'${shown(value)}' value must be a decimal number.`);
  if (/e/i.test(text)) {
    const n = Number(text);
    if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return fail(`'${shown(value)}' value must be a decimal number.`);
    text = numberText(n);
  }
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return fail(`'${shown(value)}' value must be a decimal number.`);
  const [, sign, whole, frac = ''] = m;
  if (whole.replace(/^0+/, '').length > 15) return fail('Ensure that there are no more than 15 digits before the decimal point.');
  if (places === undefined) return ok(`${sign === '-' ? '-' : ''}${whole || '0'}${m[3] !== undefined ? `.${frac}` : ''}`);
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > places) return fail(`Ensure that there are no more than ${places} decimal places.`);
  const digits = `${whole.replace(/^0+(?=\d)/, '') || '0'}${places > 0 ? `.${trimmed.padEnd(places, '0')}` : ''}`;
  const zero = /^[0.]*$/.test(digits);
  return ok(`${sign === '-' && !zero ? '-' : ''}${digits}`);
}

/** A JS number as plain digits (no exponent) for decimals. */
function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** Django BooleanField.to_python. */
export function toBoolean(value: unknown): Converted {
  if (value === true || value === false) return ok(value);
  if (value === 1 || value === 0) return ok(value === 1);
  if (typeof value === 'string') {
    if (['t', 'True', 'true', '1'].includes(value)) return ok(true);
    if (['f', 'False', 'false', '0'].includes(value)) return ok(false);
  }
  return fail(`'${shown(value)}' value must be either True or False.`);
}

/** Django CharField: any scalar becomes its text; objects and lists are refused. */
export function toText(value: unknown, maxLength?: number): Converted {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  else return fail(`'${shown(value)}' value must be a string.`);
  // Django's ProhibitNullCharactersValidator: PostgreSQL text cannot hold NUL.
  if (text.includes('\u0000')) return fail('Null characters are not allowed.');
  if (maxLength !== undefined && [...text].length > maxLength) return fail(`Ensure this value has at most ${maxLength} characters (it has ${[...text].length}).`);
  return ok(text);
}

const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * A naive datetime as Revel renders it: `2015-06-01T11:15:39.174838` (isoformat: no fraction
 * when it is zero). A date alone is its midnight; a time with a zone is turned to UTC.
 */
export function toDateTime(value: unknown): Converted {
  const bad = fail(`'${shown(value)}' value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.`);
  if (typeof value !== 'string') return bad;
  const m = DATETIME.exec(value.trim());
  if (!m) return bad;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const micros = Number((m[7] ?? '').padEnd(6, '0'));
  if (!validCalendar(year, month, day) || hour > 23 || minute > 59 || second > 59) return bad;
  const zone = m[8]?.toUpperCase();
  if (!zone || zone === 'Z') return ok(formatNaive(year, month, day, hour, minute, second, micros));
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const digits = zone.slice(1).replace(':', '');
  const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  d.setTime(d.getTime() - (zone[0] === '-' ? -1 : 1) * offset * 60_000);
  return ok(formatNaive(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), micros));
}

function validCalendar(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : days);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatNaive(y: number, mo: number, d: number, h: number, mi: number, s: number, micros: number): string {
  const base = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  return micros ? `${base}.${pad(micros, 6)}` : base;
}

/** The sandbox clock as a naive Revel datetime (UTC). */
export function naiveNow(ms: number): string {
  const d = new Date(ms);
  return formatNaive(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds() * 1000);
}

/** Django DateField: `YYYY-MM-DD`. */
export function toDate(value: unknown): Converted {
  const bad = fail(`'${shown(value)}' value has an invalid date format. It must be in YYYY-MM-DD format.`);
  if (typeof value !== 'string') return bad;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (!m || !validCalendar(Number(m[1]), Number(m[2]), Number(m[3]))) return bad;
  return ok(`${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`);
}

/** Django TimeField: `HH:MM[:ss[.uuuuuu]]`, rendered `23:59:00`. */
export function toTime(value: unknown): Converted {
  const bad = fail(`'${shown(value)}' value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.`);
  if (typeof value !== 'string') return bad;
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?$/.exec(value.trim());
  if (!m) return bad;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return bad;
  const micros = Number((m[4] ?? '').padEnd(6, '0'));
  return ok(`${pad(h)}:${pad(mi)}:${pad(s)}${micros ? `.${pad(micros, 6)}` : ''}`);
}

/**
 * A Python float in the JSON Revel sends: `100.0`, not `100`. JSON.stringify writes a
 * marker that `stringifyRevel` turns back into the bare number.
 */
export class PyFloat {
  constructor(readonly value: number) {}
  /** Python's repr of a float. */
  text(): string {
    const s = String(this.value);
    if (/^-?\d+$/.test(s)) return `${s}.0`;
    return s.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  toJSON(): string {
    return `\u0000F${this.text()}\u0000`;
  }
}

const FLOAT_MARKER = /"\\u0000F([-+.\deE]+)\\u0000"/g;

/** JSON as Django writes it: floats keep their `.0`. */
export function stringifyRevel(body: unknown): string {
  const text = JSON.stringify(body);
  return text.includes('\\u0000F') ? text.replace(FLOAT_MARKER, '$1') : text;
}
