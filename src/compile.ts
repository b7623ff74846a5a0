// The pipeline in one place:
//   read script → (evaluated script) → build model → (IR) → lower → (lowered model)
//     → the target's passes → (the target's model) → the target's emitter → (files)
// Each phase returns data or located diagnostics; nothing reaches back into an earlier phase. The
// targets (src/4-targets/, one folder each) bring their passes and emitter; the cpu target's are the
// default here, registry.ts gives the others.

import { readScript } from './1-read/index.js';
import { buildModel } from './2-model/build.js';
import type { ModelIR } from './2-model/ir.js';
import { lowerModel } from './3-lower/index.js';
import type { LoweredModel } from './3-lower/lowered.js';
import type { ProjectFiles } from './4-emit/output.js';
import { cpuPasses } from './4-targets/cpu/passes.js';
import type { TargetOptions, TargetPasses } from './4-targets/target.js';
import { CompileError, diagnostic, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { SourceFile } from './diagnostics/source.js';
import { VERSION } from './version.js';

export interface CompileResult {
  source: SourceFile;
  diagnostics: Diagnostic[];
  model: ModelIR | null;
  lowered: LoweredModel | null;
  /** The target's own model (cpu: the lowered model; loihi2: the integer model), once its passes ran. */
  target: unknown;
  files: ProjectFiles | null;
}

/** Where to stop: after the IR (`check`), after the target's passes (`lower`: every refusal is known), or with the files. */
export type Stage = 'check' | 'lower' | 'emit';

/**
 * A check of the built model before the (possibly large) lowering and emit: a diagnostic stops the
 * pipeline there (the CLI's resource limit, run/resources.ts).
 */
export type ModelGuard = (model: ModelIR) => Diagnostic | null;

export interface CompileOptions extends TargetOptions {
  /** The target's passes (default: the cpu target's). */
  passes?: TargetPasses;
  guard?: ModelGuard;
}

export function compile(path: string, text: string, until: Stage = 'emit', options: CompileOptions = {}): CompileResult {
  const source = new SourceFile(path, text);
  const out: CompileResult = { source, diagnostics: [], model: null, lowered: null, target: null, files: null };
  // Diagnostics of the common phases are sorted by place; the target's follow them, in its passes' order.
  const split = { targetFrom: null as number | null };
  // The one crash guard of the whole pipeline, the target's passes and emitter included.
  try {
    runPhases(out, until, options, split);
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
    out.target = null;
    out.files = null;
  }
  const from = split.targetFrom ?? out.diagnostics.length;
  out.diagnostics = [...sortDiagnostics(out.diagnostics.slice(0, from)), ...out.diagnostics.slice(from)];
  return out;
}

function runPhases(out: CompileResult, until: Stage, options: CompileOptions, split: { targetFrom: number | null }): void {
  const target = options.passes ?? cpuPasses;
  const source = out.source;
  const read = readScript(source);
  out.diagnostics.push(...read.diagnostics);
  if (!read.script) return;
  const built = buildModel(
    read.script,
    source,
    read.diagnostics.some((d) => d.severity === 'error'),
  );
  out.diagnostics.push(...built.diagnostics.filter((d) => !out.diagnostics.includes(d)));
  // After a reading error the model is built only to report further independent errors.
  if (!built.model || !read.complete) return;
  out.model = built.model;
  if (until === 'check') return;
  const refused = options.guard?.(built.model);
  if (refused) {
    out.diagnostics.push(refused);
    return;
  }
  const lowered = lowerModel(built.model);
  out.diagnostics.push(...lowered.diagnostics);
  if (!lowered.lowered) return;
  out.lowered = lowered.lowered;
  // The target's passes start from a model the common phases accepted.
  if (hasErrors(out)) return;
  const input = { source, model: built.model, lowered: lowered.lowered };
  split.targetFrom = out.diagnostics.length;
  const passed = target.lower(input, options);
  out.diagnostics.push(...passed.diagnostics);
  out.target = passed.model;
  if (!passed.model || hasErrors(out) || until === 'lower') return;
  out.files = target.emit(passed.model, input, VERSION, options);
}

export function hasErrors(r: { diagnostics: Diagnostic[] }): boolean {
  return r.diagnostics.some((d) => d.severity === 'error');
}
