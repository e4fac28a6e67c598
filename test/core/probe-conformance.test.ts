import { useProbeApp } from '../helpers/app.ts';
import { describeConformance } from '../helpers/conformance.ts';
import { probe, probeConformance } from '../helpers/probe-dialect.ts';

/** The conformance suite on the test dialect: core's side of the contract, without any vendor. */
describeConformance(probe, probeConformance, useProbeApp());
