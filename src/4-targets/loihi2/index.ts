// The Loihi 2 target: fixed point. The fixed-point pass (fixed-point/) turns the lowered model into an
// integer model; the emitter writes a project of one Lava process per group (templates/loihi2/) that
// runs on Loihi 2 (Loihi2HwCfg, when lava-loihi is importable) or as its bit-accurate emulation on the
// CPU. `loihi2-sim` is the same project, always run as that emulation.

import type { RunExecution, Target } from '../target.js';

function describeRun(execution?: RunExecution): string {
  if (execution)
    return execution.mode === 'hardware'
      ? `Loihi 2 via ${execution.config}`
      : `Loihi 2 bit-accurate emulation on the CPU, ${execution.config}${execution.why ? `: ${execution.why}` : ''}`;
  return 'Loihi 2, fixed point';
}

export const loihi2: Target = {
  name: 'loihi2',
  description: 'Loihi 2, fixed point (on the chip with lava-loihi, else its bit-accurate emulation on the CPU)',
  fixedPoint: true,
  refuses: { protocol: 'the Loihi 2 backend runs one Lava process per group in lockstep (LoihiProtocol); leave --lava-protocol out' },
  // random values are drawn at conversion time (fixed-point/random.ts): no seed is passed to the run
  runArgs: () => [],
  describeRun,
  load: async () => (await import('./passes.js')).loihi2Passes(),
};

export const loihi2Sim: Target = {
  ...loihi2,
  name: 'loihi2-sim',
  description: "Loihi 2's bit-accurate fixed-point emulation on the CPU, also when lava-loihi is installed",
  runArgs: () => ['--sim'],
};
