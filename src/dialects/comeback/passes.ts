import QRCode from 'qrcode';
import { html, raw } from '../../core/html.ts';
import { systemRandom } from '../../core/random.ts';
import type { Db } from '../../core/db/engine.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { notFound } from './errors.ts';
import { levelsOf, type OrgScope } from './model.ts';
import { Ledger } from './points.ts';
import { lockCustomer, markDownloaded, selectCustomer, selectCustomerByPassCode } from './customer-store.ts';
import { selectOrganizationTokens, selectPointTypes, selectPromotions, type PointTypeRow } from './store.ts';
import { customerView, type CustomerView } from './views.ts';
import { EventBatch } from './webhooks.ts';

export type Platform = 'android' | 'apple';

/** Where the public pass pages live, below the dialect's mount point. */
export const PASS_PATH = '/passes/';

/** A customer's passes: the pass ids its organization's point types allow, in point type order. */
export function passIdsOf(pointTypes: PointTypeRow[]): string[] {
  const ids: string[] = [];
  for (const t of pointTypes) for (const id of JSON.parse(t.allowed_pass_ids) as string[]) if (!ids.includes(id)) ids.push(id);
  return ids;
}

function choosePass(pointTypes: PointTypeRow[], passId: string | undefined): string {
  const passes = passIdsOf(pointTypes);
  if (passId !== undefined) {
    if (!passes.includes(passId)) throw notFound(`Pass ${passId} not found`);
    return passId;
  }
  if (passes.length === 0) throw notFound('The customer has no pass');
  return passes[0];
}

/**
 * GET customers/:customerId/{android,apple}DownloadUrl: the URL of a pass page Understudy
 * serves (the vendor's points at Google/Apple wallets). `origin` is the request's own.
 */
export async function downloadUrl(s: OrgScope, customerId: string, platform: Platform, passId: string | undefined, origin: string, mount: string) {
  const [customer, pointTypes] = await Promise.all([
    selectCustomer(s.db, s.sandboxId, s.organizationId, customerId),
    selectPointTypes(s.db, s.sandboxId, s.organizationId),
  ]);
  if (!customer) throw notFound(`Customer ${customerId} not found`);
  const pass = choosePass(pointTypes, passId);
  return { downloadUrl: `${origin}${mount}${PASS_PATH}${customer.pass_code}/${encodeURIComponent(pass)}/${platform}` };
}

export interface PassPage {
  customer: CustomerView;
  passId: string;
  platform: Platform;
  /** The points of the point types that allow this pass. */
  points: CustomerView['points'];
}

/**
 * Fetching a pass page is the download: it sets `androidDownloaded` / `appleDownloaded`
 * (sending customer:updated the first time) and shows the customer as it is now.
 */
export async function openPass(
  deps: { db: Db; scopeOf: (sandboxId: string) => Promise<SandboxScope> },
  passCode: string,
  passId: string,
  platform: Platform,
  /** False for HEAD: looking at the headers is not a download. */
  download = true,
): Promise<PassPage> {
  const found = await selectCustomerByPassCode(deps.db, passCode);
  if (!found) throw notFound('Pass not found');
  const { sandbox_id: sandboxId, organization_id: organizationId } = found;
  const pointTypes = await selectPointTypes(deps.db, sandboxId, organizationId);
  if (!passIdsOf(pointTypes).includes(passId)) throw notFound('Pass not found');
  const [scope, tokens] = await Promise.all([deps.scopeOf(sandboxId), selectOrganizationTokens(deps.db, sandboxId, organizationId)]);
  const events = new EventBatch(scope, tokens[0] ?? '');
  const customer = await scope.tx(async (tx) => {
    const c = await lockCustomer(tx, sandboxId, organizationId, found.id);
    if (!c) throw notFound('Pass not found');
    const balances = await new Ledger(tx, scope, c.id, events).balances();
    const changed = download && (await markDownloaded(tx, sandboxId, c.id, platform));
    if (changed) c[platform === 'android' ? 'android_downloaded' : 'apple_downloaded'] = 1;
    const view = customerView(c, balances, levelsOf(found.levels), await selectPromotions(tx, sandboxId, organizationId));
    if (changed) await events.emit(tx, 'customer:updated', view);
    return view;
  });
  const typesOfPass = new Set(pointTypes.filter((t) => (JSON.parse(t.allowed_pass_ids) as string[]).includes(passId)).map((t) => t.id));
  return { customer, passId, platform, points: customer.points.filter((p) => typesOfPass.has(p.pointTypeId)) };
}

/** The pass as a small HTML page: name, level, points and a QR code of the customer id. */
export async function renderPass(page: PassPage): Promise<string> {
  const c = page.customer;
  const qr = await QRCode.toString(c.id, { type: 'svg', margin: 1, width: 220 });
  const fullName = [c.name, c.surname].filter(Boolean).join(' ');
  const points = page.points.length
    ? page.points.map((p) => html`<li><strong>${p.amount}</strong> ${p.pointTypeName}</li>`)
    : html`<li><strong>0</strong> points</li>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullName} · Comeback pass</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f4f5;margin:0;padding:2rem;display:flex;justify-content:center}
.pass{background:#fff;border-radius:16px;box-shadow:0 2px 12px rgba(0,0,0,.12);padding:1.5rem;max-width:320px;text-align:center}
h1{font-size:1.4rem;margin:.2rem 0}ul{list-style:none;padding:0}li{margin:.2rem 0}.meta{color:#71717a;font-size:.8rem}
</style>
</head>
<body>
<main class="pass" data-customer-id="${c.id}" data-pass-id="${page.passId}" data-platform="${page.platform}">
<p class="meta">Comeback · ${page.platform === 'android' ? 'Google Wallet' : 'Apple Wallet'} pass (Understudy)</p>
<h1>${fullName}</h1>
${c.level ? html`<p>Level <strong>${c.level}</strong></p>` : ''}
<ul>${points}</ul>
${raw(qr)}
<p class="meta">${c.id}</p>
</main>
</body>
</html>
`.text;
}

/**
 * A customer's pass code: it alone finds the customer (and its sandbox) behind a public pass
 * URL, so, like a credential, it comes from the system's random even in a seeded sandbox.
 */
export const passCode = () => systemRandom.hex(16);
