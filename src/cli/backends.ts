// Where a converted model can run. `cpu`: Lava's CPU simulator in floating point. `loihi2`: Loihi 2
// (fixed point; Loihi2HwCfg when lava-loihi is importable, else Lava's bit-accurate CPU emulation);
// `loihi2-sim`: always that emulation. AVAILABLE lists what this build has.

import { UsageError } from './load.js';

export const BACKENDS = ['cpu', 'loihi2', 'loihi2-sim'] as const;
export type Backend = (typeof BACKENDS)[number];
export const AVAILABLE: readonly Backend[] = ['cpu', 'loihi2', 'loihi2-sim'];

export function requireBackend(b: string | undefined): Backend {
  const backend = (b ?? 'cpu') as Backend;
  if (!AVAILABLE.includes(backend)) throw new UsageError(`the backend '${backend}' is not available in this version`, `use --backend ${AVAILABLE.join(' or ')}`);
  return backend;
}

export function isFixedPoint(b: Backend): boolean {
  return b === 'loihi2' || b === 'loihi2-sim';
}

/** How a run is described in summaries: where it ran, as the results say (Loihi 2 projects record it). */
export function describeRun(b: Backend, execution?: { mode: string; config: string; why?: string }): string {
  if (execution) return execution.mode === 'hardware' ? `Loihi 2 via ${execution.config}` : `Loihi 2 bit-accurate emulation on the CPU, ${execution.config}${execution.why ? `: ${execution.why}` : ''}`;
  return b === 'cpu' ? 'Lava CPU simulator, floating point' : 'Loihi 2, fixed point';
}
