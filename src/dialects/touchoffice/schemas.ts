import { Type, type Static } from 'typebox';

/** `YYYY-MM-DD HH:MM:SS`, as every date of the document is written. */
export const DATETIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$';
const DateTime = Type.String({ pattern: DATETIME_PATTERN, description: 'YYYY-MM-DD HH:MM:SS' });
/** Comma separated numbers, Varchar(50); a bare number is taken as a one-item list. */
const NumberList = Type.Union([Type.String({ maxLength: 50, pattern: '^\\s*(\\d+\\s*(,\\s*\\d+\\s*)*)?$' }), Type.Integer({ minimum: 0 }), Type.Null()]);
/** Site ids: `Int(11)` read as eleven digits (a bigint column). */
export const SITE_MAX = 99_999_999_999;
const Money = Type.Number({ minimum: 0, maximum: 9_999_999_999_999_999, description: "Decimal(18,2)" });

const voucherFields = {
  site: Type.Optional(Type.Integer({ minimum: 0, maximum: SITE_MAX, description: 'a site ID, 0 if it can be used at all sites' })),
  number: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'auto generated (10 uppercase letters) if not provided' })),
  name: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  desc: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
  value: Type.Optional(Type.Union([Money, Type.Null()])),
  startdate: Type.Optional(Type.Union([DateTime, Type.Null()])),
  enddate: Type.Optional(Type.Union([DateTime, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
  flag: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'bit flags; 0x1 = Partial Redeem' })),
  maxuses: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  minsalevalue: Type.Optional(Type.Union([Money, Type.Null()])),
  dept: Type.Optional(NumberList),
  ifdept: Type.Optional(NumberList),
  group: Type.Optional(NumberList),
  ifgroup: Type.Optional(NumberList),
  plu: Type.Optional(NumberList),
  ifplu: Type.Optional(NumberList),
  // Read-only: accepted (clients send back what they read) and ignored.
  id: Type.Optional(Type.Unknown()),
  uses: Type.Optional(Type.Unknown()),
  used_amount: Type.Optional(Type.Unknown()),
};
const VoucherType = Type.Union([Type.Literal(1), Type.Literal(2)], { description: '1 = Gift Card, 2 = Percentage Discount' });

export const NewVoucher = Type.Object({ ...voucherFields, type: VoucherType }, { additionalProperties: false });
export const NewVouchers = Type.Array(NewVoucher, { minItems: 1, maxItems: 1000 });
export const VoucherPatch = Type.Object({ ...voucherFields, type: Type.Optional(VoucherType) }, { additionalProperties: false });
export type NewVoucherInput = Static<typeof NewVoucher>;
export type VoucherPatchInput = Static<typeof VoucherPatch>;

export const VoucherTransaction = Type.Object(
  {
    site: Type.Integer({ minimum: 0, maximum: SITE_MAX, description: 'the site ID of the till' }),
    // BigInt(30): JSON numbers beyond 2^53 reach us as their digits (parseJsonExact, wire.ts).
    // A number is only taken while it is exact: 1e30 or 1.2e29 would be stored rounded.
    saleID: Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ pattern: '^\\d{1,30}$' })]),
    voucherNumber: Type.String({ minLength: 1, maxLength: 50 }),
    datetime: Type.Optional(DateTime),
    amount: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  },
  { additionalProperties: false },
);
export type VoucherTransactionInput = Static<typeof VoucherTransaction>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Voucher = Type.Object({
  id: Type.Integer(),
  site: Type.Integer(),
  number: Type.String(),
  type: Type.Integer(),
  name: Nullable(Type.String()),
  desc: Nullable(Type.String()),
  startdate: Nullable(Type.String()),
  enddate: Nullable(Type.String()),
  value: Nullable(Type.Number()),
  flag: Type.Integer(),
  maxuses: Type.Integer(),
  uses: Type.Integer(),
  used_amount: Type.Number(),
  minsalevalue: Nullable(Type.Number()),
  group: Nullable(Type.String()),
  ifgroup: Nullable(Type.String()),
  dept: Nullable(Type.String()),
  ifdept: Nullable(Type.String()),
  plu: Nullable(Type.String()),
  ifplu: Nullable(Type.String()),
  active: Type.Boolean(),
});
export type VoucherView = Static<typeof Voucher>;

/** Every body carries `status`; 0 adds `msg` (and `auth: "false"` on a bad TAK). */
const Outcome = {
  // Optional only so that the serializer keeps the document's key order (`status` last).
  status: Type.Optional(Type.Integer({ description: '1 success, 0 error' })),
  msg: Type.Optional(Type.String()),
  auth: Type.Optional(Type.String()),
};

export const VoucherList = Type.Object({ vouchers: Type.Optional(Type.Array(Voucher)), ...Outcome });
export const VoucherOne = Type.Object({ voucher: Type.Optional(Voucher), ...Outcome });
export const VoucherDeleted = Type.Object({ voucher_number: Type.Optional(Type.String()), ...Outcome });
export const StatusOnly = Type.Object(Outcome);

export const TakQuery = {
  TAK: Type.Optional(Type.String({ description: 'the terminal access key' })),
  format: Type.Optional(Type.String({ description: 'json (default) or xml' })),
};

/** The range of the document's `Int(11)` filters: also what the columns and SQL LIMIT hold on both engines. */
const INT11_MAX = 2_147_483_647;

export const ListQuery = Type.Object({
  ...TakQuery,
  site: Type.Optional(Type.Integer({ minimum: 0, maximum: SITE_MAX, description: 'vouchers valid at this site (site-0 vouchers included)' })),
  number: Type.Optional(Type.String()),
  type: Type.Optional(Type.Integer({ minimum: -INT11_MAX - 1, maximum: INT11_MAX })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: INT11_MAX })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: INT11_MAX })),
  active: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
});
export type ListQueryInput = Static<typeof ListQuery>;

export const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 50 }) });
