import { html, raw, type Html } from '../../core/html.ts';
import { FILE_TYPES, REASONS } from './files.ts';
import type { ModelJoined } from './store.ts';
import type { FileView, OrderView } from './views.ts';

/**
 * The self-care portal's pages, rendered on the server: the order, its products and a form per
 * product to open an after-sales request. No script; every value printed is escaped (core/html.ts).
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f5f7;color:#1d2430;line-height:1.45}
header{background:#12355b;color:#fff;padding:1rem 1.25rem}
header p{margin:0;font-size:.85rem;opacity:.85}
header h1{margin:.15rem 0 0;font-size:1.35rem}
main{max-width:760px;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08);padding:1rem;margin:0 0 1rem}
.product{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap}
.product img,.product .nophoto{width:96px;height:96px;object-fit:contain;border-radius:8px;background:#eef1f4;flex:none}
.product .nophoto{display:flex;align-items:center;justify-content:center;color:#8a94a3;font-size:.75rem}
.product .about{flex:1 1 200px;min-width:0}
.product h2{font-size:1.05rem;margin:0}
.muted{color:#5b6675;font-size:.9rem}
.price{font-weight:600}
form{margin-top:.75rem;display:grid;gap:.5rem}
label{font-size:.85rem;font-weight:600}
select,textarea,button{font:inherit;width:100%;padding:.55rem .6rem;border:1px solid #c6ceda;border-radius:8px;background:#fff}
textarea{min-height:4.5rem;resize:vertical}
button{background:#1f6feb;color:#fff;border:none;font-weight:600;cursor:pointer}
button:focus,select:focus,textarea:focus{outline:3px solid #9cc3ff;outline-offset:1px}
.notice{padding:.75rem 1rem;border-radius:8px;margin:0 0 1rem}
.notice.ok{background:#e3f6e8;color:#1a5b2c}.notice.error{background:#fde8e8;color:#8a1c1c}
.file{border-top:1px solid #e4e8ee;padding-top:.6rem;margin-top:.6rem}
.status{display:inline-block;padding:.1rem .55rem;border-radius:999px;font-size:.8rem;font-weight:600;background:#e8edf4}
.status.Created{background:#fff4d6;color:#7a5300}.status.Accepted{background:#dcecff;color:#0b4a99}
.status.Closed{background:#e3f6e8;color:#1a5b2c}.status.Refused{background:#fde8e8;color:#8a1c1c}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:0}dt{color:#5b6675}dd{margin:0}
@media (max-width:480px){main{padding:.6rem}.product img,.product .nophoto{width:72px;height:72px}}
`;

function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.text;
}

const formatMoney = (amount: number, currency: string) => {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
};

const formatDate = (isoText: string) => new Date(isoText).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

/** Only web addresses are shown as pictures. */
const photoOf = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : null);

export interface PortalView {
  order: OrderView;
  models: Map<string, ModelJoined>;
  files: FileView[];
  /** The form's action, below the portal. */
  action: string;
  csrf: string;
  notice?: { kind: 'ok' | 'error'; text: string };
  /** What a refused form held, to show it again. */
  form?: { orderLineId: string; type?: string; reason?: string; comment?: string };
}

function fileBlock(f: FileView): Html {
  return html`<div class="file" id="file-${f.id}" data-file-id="${f.id}" data-status="${f.status}">
<p><span class="status ${f.status}">${f.status}</span> <strong>${f.type}</strong> · ${REASONS.find((r) => r.key === f.reason)?.label ?? f.reason}</p>
${f.comment ? html`<p class="muted">“${f.comment}”</p>` : ''}
<p class="muted">Request ${f.id} · opened ${formatDate(f.createdAt)}</p>
</div>`;
}

function requestForm(v: PortalView, lineId: string): Html {
  const kept = v.form?.orderLineId === lineId ? v.form : undefined;
  const field = (name: string) => `${name}-${lineId}`;
  return html`<form method="post" action="${v.action}">
<input type="hidden" name="_csrf" value="${v.csrf}">
<input type="hidden" name="orderLineId" value="${lineId}">
<label for="${field('type')}">What do you need?</label>
<select id="${field('type')}" name="type" required>
${FILE_TYPES.map((t) => html`<option value="${t}"${kept?.type === t ? html` selected` : ''}>${t === 'Return' ? 'A return' : t === 'Repair' ? 'A repair' : 'A warranty claim'}</option>`)}
</select>
<label for="${field('reason')}">Reason</label>
<select id="${field('reason')}" name="reason" required>
<option value="">Choose a reason…</option>
${REASONS.map((r) => html`<option value="${r.key}"${kept?.reason === r.key ? html` selected` : ''}>${r.label}</option>`)}
</select>
<label for="${field('comment')}">Comment (optional)</label>
<textarea id="${field('comment')}" name="comment" maxlength="1000">${kept?.comment ?? ''}</textarea>
<button type="submit">Open the request</button>
</form>`;
}

/** The order with its products, each with its files and, unless one is open, the request form. */
export function orderPage(v: PortalView): string {
  const { order } = v;
  const customer = [order.civility, order.customerFirstName, order.customerLastName].filter(Boolean).join(' ');
  const products = order.products.map((line, i) => {
    const model = v.models.get(line.modelId);
    const files = v.files.filter((f) => f.orderLineId === line.id);
    const open = files.some((f) => f.status === 'Created' || f.status === 'Accepted');
    const photo = photoOf(model?.photo_url);
    return html`<section class="card product-line" id="line-${line.id}" data-line-id="${line.id}">
<div class="product">
${photo ? html`<img src="${photo}" alt="${model?.label ?? 'Product'}" loading="lazy" referrerpolicy="no-referrer">` : html`<div class="nophoto" aria-hidden="true">No photo</div>`}
<div class="about">
<h2>${model?.label ?? `Product ${i + 1}`}</h2>
<p class="muted">${model?.brand_name ?? ''}${model?.brand_name && model?.sku ? ' · ' : ''}${model?.sku ? `SKU ${model.sku}` : ''}</p>
<p class="price">${formatMoney(line.price.amount, line.price.currency)}</p>
</div>
</div>
${files.map(fileBlock)}
${open ? html`<p class="muted">An after-sales request is open for this product.</p>` : requestForm(v, line.id)}
</section>`;
  });
  return page(
    `Order ${order.orderReference} · After-sales`,
    html`<header><p>Revers.io self-care (Understudy)</p><h1>Order ${order.orderReference}</h1></header>
<main>
${v.notice ? html`<p class="notice ${v.notice.kind}" role="${v.notice.kind === 'error' ? 'alert' : 'status'}">${v.notice.text}</p>` : ''}
<section class="card">
<dl>
<dt>Customer</dt><dd>${customer}</dd>
<dt>Ordered</dt><dd>${formatDate(order.purchaseDateUtc)}</dd>
<dt>Reference</dt><dd>${order.orderReference}</dd>
${order.shippingPrice ? html`<dt>Shipping</dt><dd>${formatMoney(order.shippingPrice.amount, order.shippingPrice.currency)}</dd>` : ''}
</dl>
</section>
${products}
</main>`,
  );
}

/** A page that says what went wrong with the link (expired, unknown) or the form. */
export function messagePage(title: string, text: string): string {
  return page(title, html`<header><p>Revers.io self-care (Understudy)</p><h1>${title}</h1></header><main><section class="card"><p>${text}</p></section></main>`);
}
