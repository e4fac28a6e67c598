import type { DialectDefinition } from '../core/dialect.ts';
import { comeback } from './comeback/index.ts';
import { intouch } from './intouch/index.ts';
import { revel } from './revel/index.ts';
import { reversio } from './reversio/index.ts';
import { touchoffice } from './touchoffice/index.ts';

/** Every dialect Understudy serves, in the order of CONTRACT.md: the one list a new dialect is added to. */
export const DIALECTS: DialectDefinition<any>[] = [revel, intouch, touchoffice, comeback, reversio];
