// The Loihi 2 target's part of the pipeline: the fixed-point pass (lowered model → integer model),
// then the emitter of project.ts.

import type { TargetPasses } from '../target.js';
import type { FxModel } from './fixed-point/fixed.js';
import { type FixedPointOptions, lowerFixedPoint } from './fixed-point/index.js';
import { emitLoihiProject, explainLoihi } from './project.js';

/** `options` replace parts of the pass's input (tests give synaptic projections directly). */
export function loihi2Passes(options: FixedPointOptions = {}): TargetPasses<FxModel> {
  return {
    lower: (input) => {
      const fx = lowerFixedPoint(input.model, input.lowered, input.source, options);
      return { model: fx.fixed, diagnostics: fx.diagnostics };
    },
    emit: (fixed, input, version) => emitLoihiProject(fixed, input.lowered, input.source, version),
    explain: (fixed) => explainLoihi(fixed),
  };
}
