// The cpu target: Lava's CPU simulator in floating point. The generated project is one Lava process
// wrapping a numpy engine (one module per group, synapses and inputs; templates/cpu/).

import type { Target } from '../target.js';

export const cpu: Target = {
  name: 'cpu',
  description: "Lava's CPU simulator, floating point",
  fixedPoint: false,
  refuses: {},
  // numpy's generator starts from --seed, as brian2.seed(n) before the script would
  runArgs: (run) => (run.seed !== undefined ? ['--seed', String(run.seed)] : []),
  describeRun: () => 'Lava CPU simulator, floating point',
  load: async () => (await import('./passes.js')).cpuPasses,
};
