// The pipeline in one place:
//   read script → (evaluated script) → build model → (IR) → lower → (lowered model) → emit → (files)
// Each phase returns data or located diagnostics; nothing reaches back into an earlier phase.

import { readScript } from './1-read/index.js';
import { buildModel } from './2-model/build.js';
import type { ModelIR } from './2-model/ir.js';
import { lowerModel } from './3-lower/index.js';
import type { LoweredModel } from './3-lower/lowered.js';
import { emitProject, type ProjectFiles } from './4-emit/project.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { SourceFile } from './diagnostics/source.js';
import { VERSION } from './version.js';

export interface CompileResult {
  source: SourceFile;
  diagnostics: Diagnostic[];
  model: ModelIR | null;
  lowered: LoweredModel | null;
  files: ProjectFiles | null;
}

export type Stage = 'check' | 'lower' | 'emit';

export function compile(path: string, text: string, until: Stage = 'emit'): CompileResult {
  const source = new SourceFile(path, text);
  const out: CompileResult = { source, diagnostics: [], model: null, lowered: null, files: null };
  const read = readScript(source);
  out.diagnostics.push(...read.diagnostics);
  if (!read.script) return out;
  const built = buildModel(read.script, source);
  out.diagnostics.push(...built.diagnostics.filter((d) => !out.diagnostics.includes(d)));
  if (!built.model) return out;
  out.model = built.model;
  if (until === 'check') return out;
  const lowered = lowerModel(built.model);
  out.diagnostics.push(...lowered.diagnostics);
  if (!lowered.lowered) return out;
  out.lowered = lowered.lowered;
  if (until === 'lower') return out;
  out.files = emitProject(lowered.lowered, source, VERSION);
  return out;
}

export function hasErrors(r: CompileResult): boolean {
  return r.diagnostics.some((d) => d.severity === 'error');
}
