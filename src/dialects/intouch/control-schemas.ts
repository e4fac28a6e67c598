// The control API's schemas of this dialect: the `intouch` entry of a sandbox's credentials. Only
// TypeBox here: understudy/client takes its types from it (type-only imports).
import { Type } from 'typebox';

export const IntouchCredentials = Type.Object({ account: Type.String(), apiToken: Type.String() });
