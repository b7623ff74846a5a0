// The pipeline in one place:
//   read script → (evaluated script) → build model → (IR) → lower → (lowered model) → emit → (files)
// Each phase returns data or located diagnostics; nothing reaches back into an earlier phase.

import { readScript } from './1-read/index.js';
import { buildModel } from './2-model/build.js';
import type { ModelIR } from './2-model/ir.js';
import { lowerModel } from './3-lower/index.js';
import type { LoweredModel } from './3-lower/lowered.js';
import { emitProject, type EmitOptions, type ProjectFiles } from './4-emit/project.js';
import { CompileError, diagnostic, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
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

/**
 * A check of the built model before the (possibly large) lowering and emit: a diagnostic stops the
 * pipeline there (the CLI's resource limit, run/resources.ts).
 */
export type ModelGuard = (model: ModelIR) => Diagnostic | null;

export function compile(path: string, text: string, until: Stage = 'emit', emit: EmitOptions = {}, guard?: ModelGuard): CompileResult {
  const source = new SourceFile(path, text);
  const out: CompileResult = { source, diagnostics: [], model: null, lowered: null, files: null };
  try {
    runPhases(out, until, emit, guard);
  } catch (e) {
    // A bug in the converter, not a problem of the script: report it as a diagnostic (no stack trace
    // on the terminal); the tests run random scripts to make sure this never happens.
    if (e instanceof CompileError) out.diagnostics.push(...e.diagnostics);
    else if (e instanceof RangeError && /call stack/i.test(e.message)) {
      out.diagnostics.push(diagnostic('limit', null, { detail: 'the model is nested too deeply to convert', hint: 'write the equations with less nesting' }));
    } else {
      // BRIAN2LAVA_DEBUG=1 adds the stack to the message, for a bug report.
      const detail = e instanceof Error ? (process.env.BRIAN2LAVA_DEBUG ? String(e.stack) : e.message) : String(e);
      out.diagnostics.push(diagnostic('internal-error', null, { detail }));
    }
    out.model = out.lowered = null;
    out.files = null;
  }
  out.diagnostics = sortDiagnostics(out.diagnostics);
  return out;
}

function runPhases(out: CompileResult, until: Stage, emit: EmitOptions, guard?: ModelGuard): void {
  const source = out.source;
  const read = readScript(source);
  out.diagnostics.push(...read.diagnostics);
  if (!read.script) return;
  const built = buildModel(read.script, source);
  out.diagnostics.push(...built.diagnostics.filter((d) => !out.diagnostics.includes(d)));
  // After a reading error the model is built only to report further independent errors.
  if (!built.model || !read.complete) return;
  out.model = built.model;
  if (until === 'check') return;
  const refused = guard?.(built.model);
  if (refused) {
    out.diagnostics.push(refused);
    return;
  }
  const lowered = lowerModel(built.model);
  out.diagnostics.push(...lowered.diagnostics);
  if (!lowered.lowered) return;
  out.lowered = lowered.lowered;
  if (until === 'lower') return;
  out.files = emitProject(lowered.lowered, source, VERSION, emit);
}

export function hasErrors(r: CompileResult): boolean {
  return r.diagnostics.some((d) => d.severity === 'error');
}
