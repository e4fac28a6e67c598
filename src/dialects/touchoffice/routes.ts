import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DialectServices } from '../../core/dialect.ts';
import { createVouchers, deleteVoucher, getVoucher, listVouchers, NO_DATA, recordTransaction, updateVoucher } from './model.ts';
import {
  ListQuery,
  NewVouchers,
  NumberParams,
  StatusOnly,
  TakQuery,
  VoucherDeleted,
  VoucherList,
  VoucherOne,
  VoucherPatch,
  VoucherTransaction,
  type ListQueryInput,
  type NewVoucherInput,
  type VoucherPatchInput,
  type VoucherTransactionInput,
} from './schemas.ts';
import { Type } from 'typebox';

const Tak = Type.Object(TakQuery);
const tags = ['vouchers'];

/** The wire format of the Vouchers API (touchoffice-vouchers.txt): HTTP in, model call, envelope out. */
export async function touchofficeRoutes(app: FastifyInstance, _services: DialectServices): Promise<void> {
  const scope = (request: FastifyRequest) => request.scope!;

  app.get('/vouchers', { config: { keep: true }, schema: { tags, summary: 'Returns an array of vouchers with their details', querystring: ListQuery, response: { 200: VoucherList } } }, async (request) => {
    const q = request.query as ListQueryInput;
    const vouchers = await listVouchers(scope(request), {
      site: q.site,
      number: q.number,
      type: q.type,
      active: q.active === undefined ? undefined : q.active === 1,
      limit: q.limit,
      offset: q.offset,
    });
    return vouchers.length ? { vouchers, status: 1 } : { status: 0, msg: NO_DATA };
  });

  app.get(
    '/vouchers/:number',
    { config: { keep: true }, schema: { tags, summary: 'One voucher by number', params: NumberParams, querystring: Tak, response: { 200: VoucherList } } },
    async (request) => {
      const voucher = await getVoucher(scope(request), (request.params as { number: string }).number);
      return voucher ? { vouchers: [voucher], status: 1 } : { status: 0, msg: NO_DATA };
    },
  );

  app.post(
    '/vouchers',
    { schema: { tags, summary: 'Creates each voucher of the array', querystring: Tak, body: NewVouchers, response: { 200: VoucherList } } },
    async (request) => ({ vouchers: await createVouchers(scope(request), request.body as NewVoucherInput[]), status: 1 }),
  );

  app.patch(
    '/vouchers/:number',
    { schema: { tags, summary: "Updates an existing voucher's details", params: NumberParams, querystring: Tak, body: VoucherPatch, response: { 200: VoucherOne } } },
    async (request) => {
      const number = (request.params as { number: string }).number;
      return { voucher: await updateVoucher(scope(request), number, request.body as VoucherPatchInput), status: 1 };
    },
  );

  app.delete(
    '/vouchers/:number',
    { schema: { tags, summary: 'Deletes a voucher', params: NumberParams, querystring: Tak, response: { 200: VoucherDeleted } } },
    async (request) => {
      const number = (request.params as { number: string }).number;
      await deleteVoucher(scope(request), number);
      return { voucher_number: number, status: 1 };
    },
  );

  app.post(
    '/voucher_transactions',
    { schema: { tags, summary: 'Logs the use of a voucher with a transaction', querystring: Tak, body: VoucherTransaction, response: { 200: StatusOnly } } },
    async (request) => {
      await recordTransaction(scope(request), request.body as VoucherTransactionInput);
      return { status: 1 };
    },
  );
}
