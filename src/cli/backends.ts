// Where a converted model can run. `cpu`: Lava's CPU simulator in floating point. `loihi2`: Loihi 2
// (fixed point; Loihi2HwCfg when lava-loihi is importable, else Lava's bit-accurate CPU emulation),
// offered by the CLI once the fixed-point backend is built in: AVAILABLE lists what this build has.

import { UsageError } from './load.js';

export const BACKENDS = ['cpu', 'loihi2'] as const;
export type Backend = (typeof BACKENDS)[number];
export const AVAILABLE: readonly Backend[] = ['cpu'];

export function requireBackend(b: string | undefined): Backend {
  const backend = (b ?? 'cpu') as Backend;
  if (!AVAILABLE.includes(backend)) throw new UsageError(`the backend '${backend}' is not available in this version`, `use --backend ${AVAILABLE.join(' or ')}`);
  return backend;
}

/** How the run is described in summaries. */
export function describeBackend(b: Backend): string {
  return b === 'cpu' ? 'Lava CPU simulator, floating point' : 'Loihi 2, fixed point';
}
