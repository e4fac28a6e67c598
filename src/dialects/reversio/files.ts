import type { Tx } from '../../core/db/engine.ts';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { nextId } from '../../core/db/sequences.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { insertFile, moveFile, selectFile, selectFiles, selectOrder, SEQUENCE, type FileRow } from './store.ts';
import { fileView, orderView, type FileView, type OrderView } from './views.ts';
import { emitEvent } from './webhooks.ts';
import type { FileStatus } from './control-schemas.ts';

/** What a customer opens an after-sales request for, and why. */
export const FILE_TYPES = ['Return', 'Repair', 'Warranty'] as const;
export const REASONS = [
  { key: 'Defective', label: 'It does not work' },
  { key: 'Damaged', label: 'It arrived damaged' },
  { key: 'WrongItem', label: 'It is not what I ordered' },
  { key: 'NotAsDescribed', label: 'It is not as described' },
  { key: 'NoLongerNeeded', label: 'I no longer need it' },
  { key: 'Other', label: 'Another reason' },
] as const;
export const COMMENT_MAX = 1000;

/**
 * A file's life, as the vendor's back office moves it: `Created` → `Accepted` → `Closed`, and
 * `Refused` from `Created` or `Accepted`. `Created` and `Accepted` are open: an order line has
 * at most one open file.
 */
export const TRANSITIONS: Record<string, string[]> = { Created: ['Accepted', 'Refused'], Accepted: ['Closed', 'Refused'], Closed: [], Refused: [] } satisfies Record<FileStatus, FileStatus[]>;
export const STATUSES = Object.keys(TRANSITIONS);
const isOpen = (status: string) => (status === 'Created' || status === 'Accepted' ? 1 : 0);

/** Why a file cannot be opened or moved, in words for the customer or the control plane. */
export class FileRefused extends Error {
  constructor(
    readonly field: 'orderLineId' | 'type' | 'reason' | 'comment' | 'status',
    message: string,
    readonly conflict = false,
  ) {
    super(message);
  }
}

export interface FileRequest {
  orderLineId: string;
  type: string;
  reason: string;
  comment?: string | null;
}

/** Opens an after-sales file for one line of an order (the self-care portal's form). */
export async function openFile(s: SandboxScope, orderId: string, req: FileRequest): Promise<FileView> {
  const type = FILE_TYPES.find((t) => t === req.type);
  if (!type) throw new FileRefused('type', `Choose a request type: ${FILE_TYPES.join(', ')}.`);
  const reason = REASONS.find((r) => r.key === req.reason);
  if (!reason) throw new FileRefused('reason', 'Choose a reason from the list.');
  const comment = (req.comment ?? '').trim();
  if (comment.length > COMMENT_MAX) throw new FileRefused('comment', `The comment must be at most ${COMMENT_MAX} characters.`);
  const taken = () => new FileRefused('orderLineId', 'This product already has an open after-sales request.', true);
  try {
    return await s.tx(async (tx) => {
      const order = await orderOf(tx, s, orderId);
      if (!order.products.some((l) => l.id === req.orderLineId)) throw new FileRefused('orderLineId', 'This product is not part of the order.');
      const open = (await selectFiles(tx, s.sandboxId, { orderId })).some((f) => f.line_id === req.orderLineId && f.open === 1);
      if (open) throw taken();
      const row: FileRow = {
        sandbox_id: s.sandboxId,
        id: s.random.uuid(),
        order_id: orderId,
        line_id: req.orderLineId,
        type,
        reason: reason.key,
        comment: comment || null,
        status: 'Created',
        open: 1,
        created_at: s.now,
        updated_at: s.now,
        seq: await nextId(tx, s.sandboxId, SEQUENCE),
      };
      await insertFile(tx, row);
      const view = fileView(row, order);
      await emitEvent(s, tx, 'File', 'Create', view.id, view);
      return view;
    });
  } catch (err) {
    // The partial unique index decides between two submissions at once.
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

async function orderOf(tx: Tx, s: SandboxScope, orderId: string): Promise<OrderView> {
  const row = await selectOrder(tx, s.sandboxId, { id: orderId });
  if (!row) throw new FileRefused('orderLineId', 'The order is gone.');
  return orderView(row);
}

/** Moves a file to `status` (the back office's decision), by the transitions above; undefined: no such file. */
export async function changeFileStatus(s: SandboxScope, fileId: string, status: string): Promise<FileView | undefined> {
  if (!STATUSES.includes(status)) throw new FileRefused('status', `Unknown status '${status}': one of ${STATUSES.join(', ')}.`);
  return s.tx(async (tx) => {
    const file = await selectFile(tx, s.sandboxId, fileId);
    if (!file) return undefined;
    if (!TRANSITIONS[file.status].includes(status)) {
      throw new FileRefused('status', `A file that is ${file.status} cannot become ${status}${TRANSITIONS[file.status].length ? ` (only ${TRANSITIONS[file.status].join(' or ')})` : ''}.`, true);
    }
    if (!(await moveFile(tx, s.sandboxId, fileId, file.status, status, isOpen(status), s.now))) {
      throw new FileRefused('status', `The file changed meanwhile; it is no longer ${file.status}.`, true);
    }
    const view = fileView({ ...file, status, open: isOpen(status), updated_at: s.now }, await orderOf(tx, s, file.order_id));
    await emitEvent(s, tx, 'File', 'Update', view.id, view);
    return view;
  });
}

/** Every file of a sandbox (or of one order), oldest first. */
export async function listFiles(s: SandboxScope, orderReference?: string): Promise<FileView[]> {
  let orderId: string | undefined;
  if (orderReference !== undefined) {
    const order = await selectOrder(s.db, s.sandboxId, { reference: orderReference });
    if (!order) return [];
    orderId = order.id;
  }
  const files = await selectFiles(s.db, s.sandboxId, { orderId });
  const orders = new Map<string, OrderView>();
  const out: FileView[] = [];
  for (const f of files) {
    let order = orders.get(f.order_id);
    if (!order) {
      const row = await selectOrder(s.db, s.sandboxId, { id: f.order_id });
      if (!row) continue;
      order = orderView(row);
      orders.set(f.order_id, order);
    }
    out.push(fileView(f, order));
  }
  return out;
}
