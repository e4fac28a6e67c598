import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { DialectServices } from '../../core/dialect.ts';
import { NotFoundError } from '../../core/errors.ts';
import { getVoucher } from './model.ts';

/** "Voucher Barcode Format": VCF (type 1, gift card) or VCT (type 2, discount), the number, then `*`. */
export function barcodeText(voucher: { type: number; number: string }): string {
  return `${voucher.type === 2 ? 'VCT' : 'VCF'}${voucher.number}*`;
}

/** "Gift Card Magnetic Card Encoding": track 1, start sentinel `%`, end sentinel `?`. */
export function magstripe(voucher: { type: number; number: string }): string {
  return `%${barcodeText(voucher)}?`;
}

/**
 * Whether a voucher number can be written on track 1: its characters are 6-bit, ASCII
 * 0x20–0x5F (no lower case), and `%`, `?` (the sentinels) and `^` (the field separator)
 * cannot appear inside the data. Numbers TOW generates (10 upper case letters) always fit.
 */
export function fitsTrack1(number: string): boolean {
  return /^[\x20-\x5F]*$/.test(number) && !/[%?^]/.test(number);
}

/** bwip-js is large (100+ symbologies); loaded on the first barcode asked for, not at start. */
const renderer = () => import('bwip-js').then((m) => m.default);

const Params = Type.Object({ sandboxId: Type.String(), number: Type.String({ minLength: 1, maxLength: 50 }) });

/**
 * The vendor API has no endpoint for barcodes; the control plane renders them (Code 128),
 * at `/_understudy/sandboxes/{id}/touchoffice/vouchers/{number}/…`.
 */
export async function barcodeRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const voucherOf = async (params: unknown) => {
    const { sandboxId, number } = params as { sandboxId: string; number: string };
    await services.requireSandbox(sandboxId);
    const voucher = await getVoucher({ db: services.db, sandboxId }, number);
    if (!voucher) throw new NotFoundError(`voucher '${number}' not found in sandbox '${sandboxId}'`);
    return voucher;
  };
  const tags = ['touchoffice'];
  const image = (type: string, description: string) => ({ 200: { description, content: { [type]: { schema: { type: 'string', contentMediaType: type } } } } });
  const svgSchema = { tags, summary: "A voucher's barcode (Code 128) as SVG", params: Params, response: image('image/svg+xml', 'The barcode') };
  const pngSchema = { tags, summary: "A voucher's barcode (Code 128) as PNG", params: Params, response: image('image/png', 'The barcode') };
  const magstripeSchema = {
    tags,
    summary: "A voucher's magnetic stripe tracks, as a card writer takes them",
    params: Params,
    response: {
      ...image('text/plain', 'The tracks'),
      422: { description: 'The voucher number cannot be written on track 1', content: { 'application/json': { schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } } } } },
    },
  };

  app.get('/vouchers/:number/barcode.svg', { schema: svgSchema }, async (request, reply) => {
    const svg = (await renderer()).toSVG({ bcid: 'code128', text: barcodeText(await voucherOf(request.params)), includetext: true, scale: 2, height: 12 });
    return reply.type('image/svg+xml').send(svg);
  });

  app.get('/vouchers/:number/barcode.png', { schema: pngSchema }, async (request, reply) => {
    const png = await (await renderer()).toBuffer({ bcid: 'code128', text: barcodeText(await voucherOf(request.params)), includetext: true, scale: 2, height: 12 });
    return reply.type('image/png').send(png);
  });

  app.get('/vouchers/:number/magstripe', { schema: magstripeSchema }, async (request, reply) => {
    const voucher = await voucherOf(request.params);
    if (!fitsTrack1(voucher.number)) {
      // A client error, not a stripe that a card writer would reject or misread.
      const message = `voucher number '${voucher.number}' cannot be written on a track 1 magnetic stripe (upper case letters, digits, space and punctuation except % ? ^)`;
      throw Object.assign(new Error(message), { statusCode: 422 });
    }
    return reply.type('text/plain; charset=utf-8').send(magstripe(voucher));
  });
}
