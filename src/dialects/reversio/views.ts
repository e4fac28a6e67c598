import type { BrandRow, FileRow, ModelJoined, ModelTypeRow, OrderRow } from './store.ts';

/** Answers in the API's camelCase (ASP.NET's: `SKU` → `sku`, `EANs` → `eaNs`); times ISO-8601 UTC. */
export const iso = (ms: number) => new Date(ms).toISOString();

export interface ModelTypeView {
  id: string;
  key: string;
  label: string;
  parentId: string | null;
}

export function modelTypeView(row: ModelTypeRow, language: string): ModelTypeView {
  const labels = JSON.parse(row.labels) as Record<string, string>;
  return { id: row.id, key: row.key, label: labels[language] ?? labels.en ?? Object.values(labels)[0] ?? row.key, parentId: row.parent_id };
}

export const brandView = (row: BrandRow) => ({ id: row.id, name: row.name });

export const ADDITIONAL_FLAGS = ['isReturnable', 'isRepairable', 'isTransportable', 'isSerializable', 'isOnSiteInterventionPossible', 'isCumbersome'] as const;
export type Additional = Record<(typeof ADDITIONAL_FLAGS)[number], boolean>;

export function modelView(row: ModelJoined) {
  return {
    id: row.id,
    sku: row.sku,
    label: row.label,
    brandId: row.brand_id,
    brandName: row.brand_name,
    modelTypeId: row.model_type_id,
    modelTypeUniqueName: row.model_type_key,
    state: row.state,
    weight: row.weight,
    dimension: { lengthInCm: row.length_cm, widthInCm: row.width_cm, heightInCm: row.height_cm },
    eaNs: JSON.parse(row.eans) as string[],
    photoUrl: row.photo_url,
    additionalInformation: JSON.parse(row.additional) as Additional,
    createdAt: iso(Number(row.created_at)),
    updatedAt: iso(Number(row.updated_at)),
  };
}
export type ModelView = ReturnType<typeof modelView>;

export interface Money {
  amount: number;
  currency: string;
}

export interface OrderLineView {
  /** The line's own id: an after-sales file is opened for one line. */
  id: string;
  modelId: string;
  price: Money;
  orderLineReference: string | null;
  serialNumber: string | null;
}

export interface OrderView {
  id: string;
  orderReference: string;
  civility: string | null;
  customerFirstName: string | null;
  customerLastName: string;
  customerMail: string;
  phoneNumber: string | null;
  address: {
    companyName: string | null;
    streetAddress: string;
    additionalAddress: string | null;
    doorCode: string | null;
    floor: string | null;
    zipCode: string;
    city: string;
    countryCode: string;
    phone: string | null;
  };
  purchaseDateUtc: string;
  salesChannel: string | null;
  shippingPrice: Money | null;
  products: OrderLineView[];
  createdAt: string;
}

export const orderView = (row: OrderRow): OrderView => ({ id: row.id, ...(JSON.parse(row.doc) as Omit<OrderView, 'id'>) });

export function fileView(row: FileRow, order: OrderView) {
  const line = order.products.find((l) => l.id === row.line_id);
  return {
    id: row.id,
    orderId: row.order_id,
    orderReference: order.orderReference,
    orderLineId: row.line_id,
    orderLineReference: line?.orderLineReference ?? null,
    modelId: line?.modelId ?? null,
    type: row.type,
    reason: row.reason,
    comment: row.comment,
    status: row.status,
    createdAt: iso(Number(row.created_at)),
    updatedAt: iso(Number(row.updated_at)),
  };
}
export type FileView = ReturnType<typeof fileView>;

/**
 * `GET orders/{orderReference}/status` (the document names the call, not its answer): the
 * order's id and reference, where its after-sales stand (`NoAfterSales`, `AfterSalesOpen` while
 * a file is `Created` or `Accepted`, `AfterSalesClosed` once every file is `Closed` or
 * `Refused`), and its files.
 */
export function statusView(order: OrderView, files: FileRow[]) {
  const views = files.map((f) => fileView(f, order));
  const status = files.length === 0 ? 'NoAfterSales' : files.some((f) => f.open === 1) ? 'AfterSalesOpen' : 'AfterSalesClosed';
  return { orderId: order.id, orderReference: order.orderReference, status, files: views };
}
