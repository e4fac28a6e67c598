// The control API's schemas of this dialect: the `comeback` entry of a sandbox's credentials,
// and the answers of its control routes (control.ts). Only TypeBox here: understudy/client
// takes its types from them (type-only imports, shipped as declarations).
import { Type } from 'typebox';

export const ComebackCredentials = Type.Object({ token: Type.String() });

/** One organization of the sandbox with its tokens, levels and locations (GET …/comeback/organizations). */
export const Organization = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.Union([Type.String(), Type.Null()], { description: 'its first token (null when it has none)' }),
  tokens: Type.Array(Type.String()),
  levels: Type.Array(Type.Object({ name: Type.String(), minPoints: Type.Integer() })),
  locationIds: Type.Array(Type.String()),
});
export const OrganizationList = Type.Object({ organizations: Type.Array(Organization) });
