// The control API's schemas of this dialect: the `revel` entry of a sandbox's credentials. Only
// TypeBox here: understudy/client takes its types from it (type-only imports).
import { Type } from 'typebox';

export const RevelCredentials = Type.Object({ apiKey: Type.String(), apiSecret: Type.String() });
