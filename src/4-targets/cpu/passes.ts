// The cpu target's part of the pipeline: no pass of its own (it emits the lowered model as it is),
// the emitter of project.ts.

import type { LoweredModel } from '../../3-lower/lowered.js';
import type { TargetPasses } from '../target.js';
import { emitProject } from './project.js';

export const cpuPasses: TargetPasses<LoweredModel> = {
  lower: (input) => ({ model: input.lowered, diagnostics: [] }),
  emit: (model, input, version, options) => emitProject(model, input.source, version, options),
  explain: () => null,
};
