// The whole pipeline for the Loihi 2 target with its integer model at hand (for tests and tools that
// look inside the fixed-point pass): compile() with the Loihi 2 passes.

import { type CompileResult, compile, type ModelGuard } from '../../compile.js';
import type { FxModel } from './fixed-point/fixed.js';
import type { FixedPointOptions } from './fixed-point/index.js';
import { loihi2Passes } from './passes.js';

export interface LoihiCompileResult extends CompileResult {
  fixed: FxModel | null;
}

export function compileLoihi(
  path: string,
  text: string,
  until: 'check' | 'emit' = 'emit',
  options: FixedPointOptions = {},
  guard?: ModelGuard,
): LoihiCompileResult {
  const out = compile(path, text, until, { passes: loihi2Passes(options), guard });
  return { ...out, fixed: out.target as FxModel | null };
}
