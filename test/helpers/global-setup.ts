// Before the tests: make sure the managed Python environment with lava-nc exists (created from PyPI on
// a fresh machine, which takes a minute), so conformance tests run real Lava; with brian2 and
// matplotlib, which `verify` and the plots of `run` would otherwise install during a timed test.

import { setupManagedEnv } from '../../src/run/environment.js';

export default async function setup(): Promise<void> {
  if (process.env.BRIAN2LAVA_PYTHON) return;
  await setupManagedEnv({ verify: true, with: ['brian2', 'matplotlib'], log: (l) => process.stderr.write(`[setup] ${l}\n`) });
}
