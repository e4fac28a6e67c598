import { XMLBuilder } from 'fast-xml-parser';
import { parse as parseLossless, isSafeNumber, isInteger } from 'lossless-json';
import { xmlChars } from '../../core/xml.ts';

/**
 * JSON bodies, parsed so that a number too large for a double (a 30-digit `saleID`)
 * arrives as its exact digits instead of a rounded float.
 */
export function parseJsonExact(text: string): unknown {
  return parseLossless(text, null, (digits: string) => (isInteger(digits) && !isSafeNumber(digits) ? digits : Number(digits)));
}

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: true });

/** Arrays become a wrapper of singular items: `vouchers` → `<vouchers><voucher>…</voucher></vouchers>`. */
function xmlReady(value: unknown, key = 'item'): unknown {
  if (Array.isArray(value)) return { [key.endsWith('s') ? key.slice(0, -1) : 'item']: value.map((v) => xmlReady(v)) };
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? '' : xmlReady(v, k)]));
  }
  return typeof value === 'string' ? xmlChars(value) : value;
}

/** `?format=xml`: the same document as XML, under `<response>`. */
export function toXml(body: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ response: xmlReady(body) })}`;
}
