// The fixed-point pass (Loihi 2 backend): lowered model → integer model. Checks what a neuron program
// cannot compute (located in the script), evaluates the script's initialisations, analyses ranges,
// chooses formats, compiles each group to integer code or maps it onto Lava's LIF, quantizes synapses,
// and writes the quantization report.

import type { ModelIR } from '../../2-model/ir.js';
import { CompileError, diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { SourceFile } from '../../diagnostics/source.js';
import type { LoweredModel } from '../lowered.js';
import { compileGroup, type CompiledGroup, GroupRefusal } from './compile-group.js';
import type { FxModel, FxProjection, FxSegment, QuantReport } from './fixed.js';
import { chooseMapping, lifReport } from './lif.js';
import { evaluateProgram } from './program.js';
import { checkRepresentable, dynamicNames } from './representable.js';
import { mapProjections, ProjectionRefusal, type ProjectionSpec } from './synapses.js';
import { projectionsFromIR } from './synapses-ir.js';
import { timedArrayFunctions } from './timed-array.js';

export interface FixedPointResult {
  fixed: FxModel | null;
  diagnostics: Diagnostic[];
}

export interface FixedPointOptions {
  /** Synaptic projections; by default they come from the IR's Synapses (synapses-ir.ts). */
  projections?: ProjectionSpec[];
}

export function lowerFixedPoint(ir: ModelIR, lowered: LoweredModel, source: SourceFile, options: FixedPointOptions = {}): FixedPointResult {
  const diagnostics: Diagnostic[] = [];
  for (const g of ir.groups) {
    if (g.kind !== 'NeuronGroup') {
      diagnostics.push(diagnostic('fixed-point', g.span, { detail: `${g.kind} is not supported by the Loihi 2 backend yet`, hint: 'use --backend cpu' }));
      continue;
    }
    diagnostics.push(...checkRepresentable(g, source));
  }
  // Never drop part of a model silently: objects the pass does not map are refused where they are made.
  let specs: ProjectionSpec[] = options.projections ?? [];
  if (!options.projections && ir.synapses.length) {
    try {
      specs = projectionsFromIR(ir);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      diagnostics.push(...e.diagnostics);
    }
  }
  for (const pi of ir.poissonInputs) diagnostics.push(diagnostic('fixed-point', pi.span, { detail: 'PoissonInput is not supported by the Loihi 2 backend', hint: 'use --backend cpu' }));
  for (const m of lowered.monitors) {
    if (m.kind === 'StateMonitor' && m.when !== 'start') diagnostics.push(diagnostic('fixed-point', m.span, { detail: `a StateMonitor recording in the '${m.when}' slot is not supported by the Loihi 2 backend`, hint: "record in the default slot (when='start') or use --backend cpu" }));
    if (m.kind === 'StateMonitor' && m.sourceKind !== 'group') diagnostics.push(diagnostic('fixed-point', m.span, { detail: 'recording synaptic variables is not supported by the Loihi 2 backend', hint: 'use --backend cpu' }));
    if (m.kind === 'SpikeMonitor' && m.variables.length) diagnostics.push(diagnostic('fixed-point', m.span, { detail: 'a SpikeMonitor recording variables at spikes is not supported by the Loihi 2 backend', hint: 'record them with a StateMonitor, or use --backend cpu' }));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { fixed: null, diagnostics };

  try {
    const dynamic = new Map(ir.groups.flatMap((g) => (g.kind === 'NeuronGroup' ? [[g.id, dynamicNames(g)] as [string, Set<string>]] : [])));
    const segments = evaluateProgram(lowered, dynamic);
    const functions = timedArrayFunctions(lowered.timedArrays, lowered.dt);
    const compiled: CompiledGroup[] = [];
    for (const g of lowered.groups) {
      if (g.kind !== 'NeuronGroup') {
        diagnostics.push(diagnostic('fixed-point', g.span, { detail: `${g.pyName ?? g.id}: a ${g.kind} is not mapped by the Loihi 2 backend yet`, hint: 'use --backend cpu for this model' }));
        continue;
      }
      try {
        const inputsOf = specs.filter((p) => p.target === g.id);
        compiled.push(compileGroup({ g, model: lowered, segments, functions, monitors: lowered.monitors, synaptic: inputsOf }));
      } catch (e) {
        if (e instanceof GroupRefusal) diagnostics.push(diagnostic('fixed-point', g.span, { detail: `${g.pyName ?? g.id}: ${e.detail}`, hint: e.hint }));
        else throw e;
      }
    }
    if (diagnostics.length) return { fixed: null, diagnostics };

    const report: QuantReport = { groups: [], variables: [], constants: [], errors: [], saturation: [], synapses: [], notes: [] };
    let projections: FxProjection[] = [];
    if (specs.length) {
      try {
        projections = mapProjections(specs, compiled.map((c) => c.group), report);
      } catch (e) {
        if (!(e instanceof ProjectionRefusal)) throw e;
        return { fixed: null, diagnostics: [...diagnostics, diagnostic('fixed-point', e.spec.span, { detail: `${e.spec.pyName ?? e.spec.id}: ${e.detail}`, hint: 'use --backend cpu' })] };
      }
    }
    for (const c of compiled) {
      const choice = chooseMapping(c, { hasSynapticInput: projections.some((p) => p.target === c.group.id), totalSteps: lowered.totalSteps });
      c.group.mapping = choice.mapping;
      report.groups.push({ id: c.group.id, name: c.group.pyName ?? c.group.id, mapping: choice.mapping.kind, reason: choice.mapping.reason, alternatives: choice.alternatives });
      const shape = c.lif;
      if (choice.fit && !('why' in shape)) {
        const unit = c.variables.find((v) => v.name === shape.variable)?.unit ?? '1';
        const r = lifReport(c.group.pyName ?? c.group.id, shape, choice.fit, unit);
        report.variables.push(...r.variables);
        report.constants.push(...r.constants);
        report.errors.push(...r.errors);
      } else {
        report.variables.push(...c.variables);
        report.constants.push(...c.constants);
        report.errors.push(...c.errors);
        report.saturation.push(...c.saturation);
      }
    }
    report.saturation.push('Run time: every scaled register saturates at ±(2^23 - 1); each clipped value is counted and reported after the run (`saturated` in results.json, and a warning from `brian2lava run`).');
    const fxSegments: FxSegment[] = segments.map((s, k) => ({ startStep: s.startStep, steps: s.steps, sets: compiled.flatMap((c) => c.sets[k]!) }));
    return {
      fixed: {
        format: 'brian2lava-fixed/1',
        dt: lowered.dt,
        totalSteps: lowered.totalSteps,
        segments: fxSegments,
        groups: compiled.map((c) => c.group),
        projections,
        report,
      },
      diagnostics,
    };
  } catch (e) {
    if (e instanceof CompileError) return { fixed: null, diagnostics: [...diagnostics, ...e.diagnostics] };
    throw e;
  }
}
