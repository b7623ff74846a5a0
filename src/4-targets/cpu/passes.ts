// The cpu target's part of the pipeline: the lowered model with Brian2's own floating-point arithmetic
// (3-lower/brian2-arithmetic: sympy's canonical forms and the numpy code generator's order of
// operations), then the emitter of project.ts.

import { brian2Arithmetic } from '../../3-lower/brian2-arithmetic/index.js';
import type { LoweredModel } from '../../3-lower/lowered.js';
import type { TargetPasses } from '../target.js';
import { emitProject } from './project.js';

export const cpuPasses: TargetPasses<LoweredModel> = {
  lower: (input) => ({ model: brian2Arithmetic(input.model, input.lowered), diagnostics: [] }),
  emit: (model, input, version, options) => emitProject(model, input.source, version, options),
  explain: () => null,
};
