// The pipeline of the Loihi 2 backend: the common phases up to the lowered model (compile.ts), then
// the fixed-point pass and the Loihi project emitter.
//   read → model → lower → fixed point → (integer model) → emit Loihi project

import { type CompileResult, compile, hasErrors, type ModelGuard } from './compile.js';
import type { FxModel } from './3-lower/fixed-point/fixed.js';
import { type FixedPointOptions, lowerFixedPoint } from './3-lower/fixed-point/index.js';
import { emitLoihiProject } from './4-emit/loihi/project.js';
import { VERSION } from './version.js';

export interface LoihiCompileResult extends CompileResult {
  fixed: FxModel | null;
}

export function compileLoihi(path: string, text: string, until: 'check' | 'emit' = 'emit', options: FixedPointOptions = {}, guard?: ModelGuard): LoihiCompileResult {
  const base = compile(path, text, until === 'check' ? 'check' : 'lower', {}, guard);
  const out: LoihiCompileResult = { ...base, fixed: null };
  if (until === 'check' || hasErrors(base) || !base.model || !base.lowered) return out;
  const fx = lowerFixedPoint(base.model, base.lowered, base.source, options);
  out.diagnostics = [...base.diagnostics, ...fx.diagnostics];
  if (!fx.fixed) return out;
  out.fixed = fx.fixed;
  out.files = emitLoihiProject(fx.fixed, base.lowered, base.source, VERSION);
  return out;
}
