import type { Conformance } from '../../src/core/conformance.ts';
import { DIALECTS } from '../../src/dialects/index.ts';
import { useTestApp } from '../helpers/app.ts';
import { describeConformance } from '../helpers/conformance.ts';

/** Issue 8: the conformance suite, for every registered dialect that serves an API, on the engine under test. */
const app = useTestApp();
for (const def of DIALECTS.filter((d) => d.routes)) {
  const { conformance } = (await import(`../../src/dialects/${def.name}/conformance.ts`)) as { conformance: Conformance };
  describeConformance(def, conformance, app);
}
