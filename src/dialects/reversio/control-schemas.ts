// The control API's schemas of this dialect: the `reversio` entry of a sandbox's credentials,
// and the requests and answers of its control routes (control.ts). Only TypeBox here:
// understudy/client takes its types from them (type-only imports, shipped as declarations).
import { Type, type Static } from 'typebox';

export const ReversioCredentials = Type.Object({ subscriptionKey: Type.String(), secretValue: Type.String() });

/** The statuses of an after-sales file (files.ts moves a file between them). */
export const FileStatus = Type.Union([Type.Literal('Created'), Type.Literal('Accepted'), Type.Literal('Closed'), Type.Literal('Refused')]);
export type FileStatus = Static<typeof FileStatus>;

const Text = Type.String();
const NText = Type.Union([Type.String(), Type.Null()]);

/** An after-sales file: the control routes' answer, and the vendor API's in an order's status. */
export const File = Type.Object({
  id: Text,
  orderId: Text,
  orderReference: Text,
  orderLineId: Text,
  orderLineReference: NText,
  modelId: NText,
  type: Text,
  reason: Text,
  comment: NText,
  status: FileStatus,
  createdAt: Text,
  updatedAt: Text,
});

export const SandboxParams = Type.Object({ sandboxId: Type.String() });
export const KeyPair = Type.Object({ name: Type.Union([Type.Literal('primary'), Type.Literal('secondary')]), subscriptionKey: Type.String(), secretValue: Type.String() });
export const KeyList = Type.Object({ keys: Type.Array(KeyPair) });
export const FilesQuery = Type.Object({ orderReference: Type.Optional(Type.String({ maxLength: 200 })) });
export const FileList = Type.Object({ files: Type.Array(File) });
export const FileParams = Type.Object({ sandboxId: Type.String(), fileId: Type.String({ maxLength: 100 }) });
export const FileStatusChange = Type.Object({ status: FileStatus });
