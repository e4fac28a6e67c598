import { inflateSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { barcodeText, magstripe } from '../../src/dialects/touchoffice/barcode.ts';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * "Voucher Barcode Format" and "Gift Card Magnetic Card Encoding" (touchoffice-vouchers.txt):
 * Code 128 of `VCF<number>*` (gift card, type 1) or `VCT<number>*` (discount, type 2), and the
 * track 1 string `%VCF<number>*?`. The vendor API has no endpoint for them; issue 2 serves them
 * at `/_understudy/sandboxes/{id}/touchoffice/vouchers/{number}/barcode.svg|barcode.png|magstripe`.
 * The images are decoded here (bars → Code 128 symbols → text, checksum checked), so the tests
 * prove what a scanner would read, not only that an image came back.
 */

/** Code 128 symbol widths (bar, space, bar, space, bar, space), values 0–106 (106 = stop, 7 elements). */
const PATTERNS = (
  '212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132 122231 113222 ' +
  '123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 212123 212321 ' +
  '232121 111323 131123 131321 112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321 133121 ' +
  '313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 ' +
  '111422 121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 ' +
  '111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113 ' +
  '114311 411113 411311 113141 114131 311141 411131 211412 211214 211232 2331112'
).split(' ');

/** The bars of a bwip-js SVG: `<path stroke-width="w" d="Mx yLx y…">`, each line a bar centred on x. */
function barsOfSvg(svg: string): Array<{ from: number; to: number }> {
  const bars: Array<{ from: number; to: number }> = [];
  for (const m of svg.matchAll(/<path[^>]*stroke-width="([\d.]+)"[^>]*d="([^"]+)"/g)) {
    const w = Number(m[1]);
    for (const line of m[2].matchAll(/M([\d.]+) [\d.]+L([\d.]+) [\d.]+/g)) bars.push({ from: Number(line[1]) - w / 2, to: Number(line[1]) + w / 2 });
  }
  return bars.sort((a, b) => a.from - b.from);
}

/** Decodes Code 128 from bars (any unit), checking the checksum; throws when it does not read. */
function decodeCode128(bars: Array<{ from: number; to: number }>): string {
  const widths: number[] = [];
  bars.forEach((b, i) => {
    widths.push(b.to - b.from);
    if (i + 1 < bars.length) widths.push(bars[i + 1].from - b.to);
  });
  const module = Math.min(...widths);
  const units = widths.map((w) => Math.round(w / module));
  const values: number[] = [];
  let i = 0;
  while (i < units.length) {
    const stop = units.slice(i, i + 7).join('');
    if (stop === PATTERNS[106] && i + 7 === units.length) break;
    const v = PATTERNS.indexOf(units.slice(i, i + 6).join(''));
    if (v < 0 || v > 105) throw new Error(`unreadable symbol at element ${i}: ${units.slice(i, i + 6).join('')}`);
    values.push(v);
    i += 6;
  }
  if (i >= units.length) throw new Error('no stop pattern');
  const [start, ...rest] = values;
  const check = rest.pop()!;
  const sum = rest.reduce((acc, v, k) => acc + v * (k + 1), start);
  if (sum % 103 !== check) throw new Error(`checksum ${check} does not match ${sum % 103}`);
  let set = start === 103 ? 'A' : start === 104 ? 'B' : start === 105 ? 'C' : null;
  if (!set) throw new Error(`bad start ${start}`);
  let out = '';
  for (const v of rest) {
    if (set === 'C') {
      if (v < 100) out += String(v).padStart(2, '0');
      else if (v === 100) set = 'B';
      else if (v === 101) set = 'A';
      else throw new Error(`unsupported value ${v} in set C`);
    } else if (v < 64) out += String.fromCharCode(v + 32);
    else if (v < 96) out += String.fromCharCode(set === 'A' ? v - 64 : v + 32);
    else if (v === 99) set = 'C';
    else if (v === 100 && set === 'A') set = 'B';
    else if (v === 101 && set === 'B') set = 'A';
    else throw new Error(`unsupported value ${v} in set ${set}`);
  }
  return out;
}

/** The bars of one pixel row across a PNG (8-bit greyscale, RGB or RGBA, non-interlaced). */
function barsOfPng(png: Buffer): Array<{ from: number; to: number }> {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      expect(data[12]).toBe(0); // not interlaced
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[data[9]];
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    const up = rows[y - 1] ?? Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels] : 0;
      const b = up[x];
      const c = x >= channels ? up[x - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      row[x] = (row[x] + [0, a, b, (a + b) >> 1, paeth][filter]) & 0xff;
    }
    rows.push(row);
  }
  // A row through the bars, above the human-readable text.
  const row = rows[Math.floor(height / 4)];
  const dark = (x: number) => {
    const px = row.subarray(x * channels, (x + 1) * channels);
    const alpha = channels === 4 ? px[3] : channels === 2 ? px[1] : 255;
    const grey = channels >= 3 ? (px[0] + px[1] + px[2]) / 3 : px[0];
    return alpha > 127 && grey < 128;
  };
  const bars: Array<{ from: number; to: number }> = [];
  for (let x = 0; x < width; x++) {
    if (!dark(x)) continue;
    const from = x;
    while (x < width && dark(x)) x++;
    bars.push({ from, to: x });
  }
  return bars;
}

describe('the decoder of these tests reads what it should', () => {
  /** Bars of 3 px per module from a run of element widths (bar, space, bar, …). */
  const barsOf = (units: string) => {
    const bars: Array<{ from: number; to: number }> = [];
    let x = 10;
    [...units].forEach((u, i) => {
      if (i % 2 === 0) bars.push({ from: x, to: x + Number(u) * 3 });
      x += Number(u) * 3;
    });
    return bars;
  };

  it('reads a known Code 128 symbol (start B, "Hi", checksum, stop) and rejects a broken one', () => {
    // Start B (104) 211214 · H (40) 231113 · i (73) 142112 · check (104 + 40 + 2×73) % 103 = 84 124112 · stop 2331112
    expect(decodeCode128(barsOf('211214' + '231113' + '142112' + '124112' + '2331112'))).toBe('Hi');
    // The same with a wrong check symbol (85), and without its stop pattern.
    expect(() => decodeCode128(barsOf('211214' + '231113' + '142112' + '124211' + '2331112'))).toThrow(/checksum/);
    expect(() => decodeCode128(barsOf('211214' + '231113' + '142112' + '124112'))).toThrow();
  });
});

describe('touchoffice: voucher barcodes and magnetic stripe (control plane)', () => {
  const app = useTestApp();
  const own = useSandbox(app);
  beforeEach(async () => {
    // The document's two examples: gift card ALGWTAVSKI and discount voucher XIFECLAHDJ.
    const res = await app.t.call({
      method: 'POST',
      url: `/touchoffice/vouchers?TAK=${own.tak}`,
      payload: [
        { number: 'ALGWTAVSKI', type: 1, value: 2000, active: true },
        { number: 'XIFECLAHDJ', type: 2, value: 10, active: true },
      ],
    });
    expect(res.body.status).toBe(1);
  });

  const at = (number: string, what: string, sandbox = own.id) => app.t.app.inject({ method: 'GET', url: `/_understudy/sandboxes/${sandbox}/touchoffice/vouchers/${encodeURIComponent(number)}/${what}` });

  async function svgText(number: string): Promise<string> {
    const res = await at(number, 'barcode.svg');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^image\/svg\+xml/);
    expect(res.body.replace(/^<\?xml[^>]*>\s*/, '').trimStart().startsWith('<svg')).toBe(true);
    expect(res.body).toContain('</svg>');
    return decodeCode128(barsOfSvg(res.body));
  }

  async function pngText(number: string): Promise<string> {
    const res = await at(number, 'barcode.png');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^image\/png/);
    return decodeCode128(barsOfPng(res.rawPayload));
  }

  describe('the document examples, as functions', () => {
    it('barcode text: VCF for a gift card (type 1), VCT for a discount (type 2), then the code and *', () => {
      expect(barcodeText({ type: 1, number: 'ALGWTAVSKI' })).toBe('VCFALGWTAVSKI*');
      expect(barcodeText({ type: 2, number: 'XIFECLAHDJ' })).toBe('VCTXIFECLAHDJ*');
    });

    it('magnetic stripe: track 1 with start sentinel % and end sentinel ?', () => {
      expect(magstripe({ type: 1, number: 'XXXXXXXXXX' })).toBe('%VCFXXXXXXXXXX*?');
      expect(magstripe({ type: 1, number: 'ALGWTAVSKI' })).toBe('%VCFALGWTAVSKI*?');
      expect(magstripe({ type: 2, number: 'XIFECLAHDJ' })).toBe('%VCTXIFECLAHDJ*?');
    });
  });

  describe('barcode.svg', () => {
    it('is an SVG of Code 128 reading VCF<number>* for a gift card', async () => {
      expect(await svgText('XMSNWVPZRG')).toBe('VCFXMSNWVPZRG*');
      expect(await svgText('ALGWTAVSKI')).toBe('VCFALGWTAVSKI*');
    });

    it('reads VCT<number>* for a discount voucher', async () => {
      expect(await svgText('XIFECLAHDJ')).toBe('VCTXIFECLAHDJ*');
    });

    it('encodes digits in the number too', async () => {
      expect(await svgText('ABCDEF123')).toBe('VCFABCDEF123*');
    });

    it('follows the voucher as it is now (a type changed by PATCH changes the prefix)', async () => {
      await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/ALGWTAVSKI?TAK=${own.tak}`, payload: { type: 2 } });
      expect(await svgText('ALGWTAVSKI')).toBe('VCTALGWTAVSKI*');
    });

    it('works for an auto-generated number', async () => {
      const res = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}`, payload: [{ type: 1 }] });
      const number: string = res.body.vouchers[0].number;
      expect(await svgText(number)).toBe(`VCF${number}*`);
    });
  });

  describe('barcode.png', () => {
    it('is a PNG (signature bytes) of Code 128 reading VCF<number>* for a gift card', async () => {
      const res = await at('XMSNWVPZRG', 'barcode.png');
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^image\/png/);
      expect([...res.rawPayload.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(await pngText('XMSNWVPZRG')).toBe('VCFXMSNWVPZRG*');
      expect(await pngText('ALGWTAVSKI')).toBe('VCFALGWTAVSKI*');
    });

    it('reads VCT<number>* for a discount voucher', async () => {
      expect(await pngText('XIFECLAHDJ')).toBe('VCTXIFECLAHDJ*');
    });
  });

  describe('magstripe', () => {
    it("is exactly '%VCFXMSNWVPZRG*?' for the type 1 demo voucher, as text", async () => {
      const res = await at('XMSNWVPZRG', 'magstripe');
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/plain/);
      expect(res.body).toBe('%VCFXMSNWVPZRG*?');
    });

    it('the document examples: %VCFALGWTAVSKI*? (gift card) and %VCT… for the discount voucher', async () => {
      expect((await at('ALGWTAVSKI', 'magstripe')).body).toBe('%VCFALGWTAVSKI*?');
      const discount = await at('XIFECLAHDJ', 'magstripe');
      expect(discount.statusCode).toBe(200);
      expect(discount.body.startsWith('%VCT')).toBe(true);
      expect(discount.body).toBe('%VCTXIFECLAHDJ*?');
    });

    it('a number that track 1 cannot hold (lower case, its sentinels) is a 4xx, not a broken stripe', async () => {
      await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}`, payload: [{ type: 1, number: 'lower' }, { type: 1, number: 'A?B' }] });
      for (const number of ['lower', 'A?B']) {
        const res = await at(number, 'magstripe');
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.json().error).toContain(number);
      }
      // Code 128 holds them: the barcode still reads.
      expect(await svgText('lower')).toBe('VCFlower*');
    });
  });

  describe('not found', () => {
    it.each(['barcode.svg', 'barcode.png', 'magstripe'])('%s of an unknown voucher is 404', async (what) => {
      const res = await at('NOSUCHVOUCHER', what);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatch(/NOSUCHVOUCHER/);
    });

    it.each(['barcode.svg', 'barcode.png', 'magstripe'])("%s of another sandbox's voucher is 404", async (what) => {
      const other = await app.t.sandbox('empty');
      await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${other.credentials.touchoffice.tak}`, payload: [{ type: 1, number: 'ONLYTHERE' }] });
      expect((await at('ONLYTHERE', what, other.id)).statusCode).toBe(200);
      expect((await at('ONLYTHERE', what)).statusCode).toBe(404);
    });

    it('a deleted voucher is 404', async () => {
      await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/XMSNWVPZRG?TAK=${own.tak}` });
      expect((await at('XMSNWVPZRG', 'magstripe')).statusCode).toBe(404);
      expect((await at('XMSNWVPZRG', 'barcode.svg')).statusCode).toBe(404);
    });

    it('an unknown sandbox is 404', async () => {
      expect((await at('XMSNWVPZRG', 'barcode.svg', 'no-such-sandbox')).statusCode).toBe(404);
    });
  });
});
