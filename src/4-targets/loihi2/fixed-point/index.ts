// The fixed-point pass (Loihi 2 backend): lowered model → integer model. Checks what a neuron program
// cannot compute (located in the script), evaluates the script's initialisations, analyses ranges,
// chooses formats, compiles each group to integer code or maps it onto Lava's LIF, quantizes synapses,
// and writes the quantization report.

import type { ModelIR } from '../../../2-model/ir.js';
import { hasSymbol, substitute, type SExpr } from '../../../symbolic/expr.js';
import { CompileError, diagnostic, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { SourceFile } from '../../../diagnostics/source.js';
import type { LNeuronGroup, LoweredModel } from '../../../3-lower/lowered.js';
import { writtenBySynapses } from '../../../3-lower/synapses.js';
import { compileGroup, type CompiledGroup, GroupRefusal } from './compile-group.js';
import type { FxModel, FxProjection, FxSegment, FxSpikeSource, QuantReport } from './fixed.js';
import { chooseMapping, lifReport } from './lif.js';
import { type DynamicVars, evaluateProgram, type StaticSegment } from './program.js';
import type { SummedSpec } from './summed.js';
import { bindGradedOut, gradedSources } from './graded.js';
import { recurrentNonlinear } from './recurrence.js';
import { checkRepresentable, dynamicNames } from './representable.js';
import { refuseUnsupportedFeatures } from './unsupported-features.js';
import { Connectivity } from './connectivity.js';
import { projectionsFromModel } from './projections.js';
import { poissonRefusal, poissonSource, SpikeSourceRefusal, spikeSource } from './spike-sources.js';
import { mapProjections, ProjectionRefusal, type ProjectionSpec } from './synapses.js';
import { timedArrayFunctions } from './timed-array.js';
import { ConversionRandom, GENERATOR_NAME } from './random.js';
import { checkOneNetwork } from './networks.js';
import { poissonInputProjection, poissonInputRefusal } from './poisson-inputs.js';
import { checkOneClock } from './clocks.js';

export interface FixedPointResult {
  fixed: FxModel | null;
  diagnostics: Diagnostic[];
}

export interface FixedPointOptions {
  /** Synaptic projections; by default they come from the model's Synapses (projections.ts). */
  projections?: ProjectionSpec[];
}

export function lowerFixedPoint(ir: ModelIR, loweredIn: LoweredModel, source: SourceFile, options: FixedPointOptions = {}): FixedPointResult {
  const inlined = inlineResetTemporaries(loweredIn);
  // One time step for every process: the dt all clocks share (others are refused below).
  const clocks = checkOneClock(inlined.model);
  const lowered = { ...inlined.model, dt: clocks.dt };
  const diagnostics: Diagnostic[] = [];
  // Multicompartment neurons have no fixed-point form: refused before anything else is attempted.
  const spatial = lowered.groups.filter((g) => g.kind === 'NeuronGroup' && g.cable);
  if (spatial.length) {
    const detail =
      'a SpatialNeuron (multicompartment neuron) cannot run on Loihi 2: its cable equation is solved implicitly every step (a tridiagonal system per section, coupled at the branch points), for which a Loihi 2 core has no solver, and compartments coupled along a dendritic tree would need a multicompartment neuron model that Lava does not provide';
    return { fixed: null, diagnostics: spatial.map((g) => diagnostic('fixed-point', g.span, { detail, hint: 'use --backend cpu' })) };
  }
  if (!lowered.program.some((a) => a.kind === 'run')) {
    // The emulation's processes record and write their results as they step; a model that never runs
    // has nothing to emulate (the cpu backend writes its 0-step project).
    const at = lowered.groups[0]?.span ?? null;
    return {
      fixed: null,
      diagnostics: [
        diagnostic('fixed-point', at, {
          detail: 'the script never calls run(), so there is nothing to emulate on Loihi 2',
          hint: 'use --backend cpu for a project that builds the model without running it',
        }),
      ],
    };
  }
  for (const r of inlined.refused) {
    diagnostics.push(
      diagnostic('fixed-point', r.group.span, {
        detail: `the temporary '${r.name}' of the reset of ${r.group.pyName ?? r.group.id} is changed after it is set, which the Loihi 2 backend does not map (it substitutes temporaries into the reset)`,
        hint: 'assign the temporary once, or use --backend cpu',
      }),
    );
  }
  diagnostics.push(...refuseUnsupportedFeatures(ir));
  // A network operation is Python run by the host in the middle of every step; on the chip the network
  // runs without the host between its steps (and its state lives in 24-bit registers the host would
  // have to read and write every step), so the operation cannot be part of it.
  for (const op of lowered.networkOperations) {
    diagnostics.push(
      diagnostic('fixed-point', op.span, {
        detail: `the network operation '${op.pyName}' is Python that Brian2 runs on the host inside the time steps (in its slot of the schedule), which a network running on Loihi 2 cannot do`,
        hint: 'express it with run_regularly or in the equations, or use --backend cpu',
      }),
    );
  }
  // Synapses on synapses have no projection to map them to: nothing below can take them.
  if (ir.synapses.some((s) => s.source.synapses || s.target.synapses)) return { fixed: null, diagnostics };
  for (const g of ir.groups) {
    if (g.kind === 'NeuronGroup') diagnostics.push(...checkRepresentable(g, source));
  }
  for (const g of lowered.groups) {
    const why = g.kind === 'PoissonGroup' ? poissonRefusal(g) : null;
    if (why)
      diagnostics.push(
        diagnostic('fixed-point', g.span, {
          detail: `${g.pyName ?? g.id}: ${why}`,
          hint: 'give rates that stay constant during each run, or use --backend cpu',
        }),
      );
  }
  for (const s of lowered.synapses) {
    if (s.summed.some((x) => x.when !== undefined || x.order !== undefined))
      diagnostics.push(
        diagnostic('fixed-point', s.span, {
          detail: `a summed variable of ${s.pyName ?? s.id} is moved in the schedule (summed_updaters[...].when/order), which the Loihi 2 backend does not map`,
          hint: 'keep the default schedule or use --backend cpu',
        }),
      );
  }
  // Never drop part of a model silently: objects the pass does not map are refused where they are made.
  for (const pi of lowered.poissonInputs) {
    const why = poissonInputRefusal(pi, dynamicVariables(ir).get(pi.target.group));
    if (why) diagnostics.push(diagnostic('fixed-point', pi.span, { detail: `${pi.pyName ?? pi.id}: ${why}`, hint: 'use --backend cpu for this input' }));
  }
  for (const m of lowered.monitors) {
    if (m.kind === 'StateMonitor' && m.when !== 'start')
      diagnostics.push(
        diagnostic('fixed-point', m.span, {
          detail: `a StateMonitor recording in the '${m.when}' slot is not supported by the Loihi 2 backend`,
          hint: "record in the default slot (when='start') or use --backend cpu",
        }),
      );
    if (m.kind === 'StateMonitor' && m.sourceKind !== 'group')
      diagnostics.push(
        diagnostic('fixed-point', m.span, {
          detail: 'recording synaptic variables is not supported by the Loihi 2 backend: Dense keeps its weights on the chip',
          hint: 'use --backend cpu',
        }),
      );
    if (m.kind === 'SpikeMonitor' && m.variables.length)
      diagnostics.push(
        diagnostic('fixed-point', m.span, {
          detail: 'a SpikeMonitor recording variables at spikes is not supported by the Loihi 2 backend',
          hint: 'record them with a StateMonitor, or use --backend cpu',
        }),
      );
  }
  diagnostics.push(...checkOneNetwork(lowered));
  diagnostics.push(...clocks.diagnostics);
  // rand()/randn() in initialisations and random connectivity are drawn now, from the script's seed.
  const random = ConversionRandom.seeded(lowered.seed);
  const connectivity = new Connectivity(lowered, timedArrayFunctions(lowered.timedArrays, lowered.dt), random);
  let segments: StaticSegment[] = [];
  let specs: ProjectionSpec[] = options.projections ?? [];
  let summed: SummedSpec[] = [];
  const notes: string[] = [];
  try {
    const dynamic = dynamicVariables(ir);
    segments = evaluateProgram(lowered, dynamic, random, connectivity);
    if (!options.projections) {
      const p = projectionsFromModel(ir, lowered, connectivity, dynamic);
      specs = p.specs;
      summed = p.summed;
      diagnostics.push(...p.diagnostics);
      notes.push(...p.notes);
      // PoissonInputs: their events drawn now, streamed by the host into a synaptic port of the target.
      const drawFunctions = timedArrayFunctions(lowered.timedArrays, lowered.dt);
      for (const pi of lowered.poissonInputs)
        if (!poissonInputRefusal(pi, dynamic.get(pi.target.group))) specs.push(poissonInputProjection(pi, lowered, segments, random, drawFunctions).spec);
    }
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    diagnostics.push(...e.diagnostics);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { fixed: null, diagnostics };

  try {
    const functions = timedArrayFunctions(lowered.timedArrays, lowered.dt);
    const compiled: CompiledGroup[] = [];
    const sources: FxSpikeSource[] = [];
    for (const g of lowered.groups) {
      if (g.kind === 'NeuronGroup') continue;
      try {
        sources.push(
          g.kind === 'PoissonGroup'
            ? poissonSource(g, segments, lowered.dt, random, random.functions(functions))
            : spikeSource(g, lowered.dt, lowered.totalSteps),
        );
      } catch (e) {
        if (!(e instanceof SpikeSourceRefusal)) throw e;
        const hint =
          g.kind === 'PoissonGroup'
            ? 'give rates that stay constant during each run, or use --backend cpu'
            : 'give each neuron at most one spike per time step';
        diagnostics.push(diagnostic('fixed-point', g.span, { detail: `${g.pyName ?? g.id}: ${e.message}`, hint }));
      }
    }
    // Neuron groups, each after the groups whose graded spikes its summed variables read.
    const pending = lowered.groups.filter((g): g is LNeuronGroup => g.kind === 'NeuronGroup');
    const sourceFormat = (group: string, register: string) => {
      const r = compiled.find((c) => c.group.id === group)?.group.registers.find((x) => x.name === register);
      return r ? { exp: r.exp, offset: r.offset, range: r.range } : null;
    };
    while (pending.length) {
      const k = pending.findIndex((g) =>
        specs.every((p) => p.target !== g.id || p.mode !== 'summed' || p.source === g.id || compiled.some((c) => c.group.id === p.source)),
      );
      const g = pending.splice(Math.max(k, 0), 1)[0]!;
      try {
        if (k < 0) throw new GroupRefusal('its summed variables and those of another group read each other through graded spikes', 'use --backend cpu');
        // White noise is drawn here, per neuron and step, when the group's input streams are built.
        const noisy = ir.groups.some((x) => x.id === g.id && x.kind === 'NeuronGroup' && x.equations.some((e) => e.expr && hasNoise(e.expr.ast)));
        const groupFunctions = noisy ? random.functions(functions) : functions;
        const compile = () =>
          compileGroup({
            g,
            model: lowered,
            segments,
            functions: groupFunctions,
            monitors: lowered.monitors,
            synaptic: specs.filter((p) => p.target === g.id),
            summed: summed.filter((sp) => sp.group === g.id),
            sourceFormat,
          });
        compiled.push(noisy ? random.record(g.span, `${g.pyName ?? g.id} (white noise, per neuron and step)`, compile) : compile());
      } catch (e) {
        if (e instanceof GroupRefusal) diagnostics.push(diagnostic('fixed-point', g.span, { detail: `${g.pyName ?? g.id}: ${e.detail}`, hint: e.hint }));
        else throw e;
      }
    }
    compiled.sort((a, b) => lowered.groups.findIndex((g) => g.id === a.group.id) - lowered.groups.findIndex((g) => g.id === b.group.id));
    diagnostics.push(...gradedSources(compiled, specs, summed, segments));
    diagnostics.push(...recurrentNonlinear(compiled, specs));
    if (diagnostics.length) return { fixed: null, diagnostics };

    const report: QuantReport = {
      groups: [],
      variables: [],
      constants: [],
      errors: [],
      saturation: [],
      synapses: [],
      notes: [],
      random: random.log.length ? { generator: GENERATOR_NAME, seed: lowered.seed, seedFromScript: lowered.seedFromScript, draws: random.log } : null,
    };
    let projections: FxProjection[] = [];
    if (specs.length) {
      try {
        projections = mapProjections(
          specs,
          compiled.map((c) => c.group),
          report,
        );
        bindGradedOut(projections, compiled, summed);
      } catch (e) {
        if (!(e instanceof ProjectionRefusal)) throw e;
        return {
          fixed: null,
          diagnostics: [
            ...diagnostics,
            diagnostic('fixed-point', e.spec.span, { detail: `${e.spec.pyName ?? e.spec.id}: ${e.detail}`, hint: 'use --backend cpu' }),
          ],
        };
      }
    }
    report.notes.push(...notes);
    for (const c of compiled) {
      const choice = chooseMapping(c, {
        hasSynapticInput: projections.some((p) => p.target === c.group.id),
        sendsGraded: c.group.gradedOut.length > 0,
        totalSteps: lowered.totalSteps,
      });
      c.group.mapping = choice.mapping;
      report.groups.push({
        id: c.group.id,
        name: c.group.pyName ?? c.group.id,
        mapping: choice.mapping.kind,
        reason: choice.mapping.reason,
        alternatives: choice.alternatives,
      });
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
    report.saturation.push(
      'Run time: every scaled register saturates at ±(2^23 - 1); each clipped value is counted and reported after the run (`saturated` in results.json, and a warning from `brian2lava run`).',
    );
    const fxSegments: FxSegment[] = segments.map((s, k) => ({ startStep: s.startStep, steps: s.steps, sets: compiled.flatMap((c) => c.sets[k]!) }));
    return {
      fixed: {
        format: 'brian2lava-fixed/1',
        dt: lowered.dt,
        totalSteps: lowered.totalSteps,
        segments: fxSegments,
        groups: compiled.map((c) => c.group),
        sources,
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

const hasNoise = (e: SExpr) => hasSymbol(e, (s) => s.role === 'noise');

/** Per group, the variables that change while a run goes on: its own state, and what synapses write. */
function dynamicVariables(ir: ModelIR): DynamicVars {
  const out: DynamicVars = new Map(ir.groups.flatMap((g) => (g.kind === 'NeuronGroup' ? [[g.id, dynamicNames(g)] as [string, Set<string>]] : [])));
  for (const [group, vars] of writtenBySynapses(ir)) for (const v of vars) out.get(group)?.add(v);
  return out;
}

/**
 * The lowered model as the pass needs it. Temporaries of a reset (`over = v - 1; v = 0.2*over`) are substituted into the statements after
 * them: a neuron program keeps no registers for them. A temporary assigned more than once is refused.
 */
function inlineResetTemporaries(model: LoweredModel): { model: LoweredModel; refused: { group: LNeuronGroup; name: string }[] } {
  const refused: { group: LNeuronGroup; name: string }[] = [];
  const groups = model.groups.map((g) => {
    if (g.kind !== 'NeuronGroup' || !g.reset.some((s) => s.target.startsWith(TEMPORARY))) return g;
    const count = new Map<string, number>();
    for (const s of g.reset) if (s.target.startsWith(TEMPORARY)) count.set(s.target, (count.get(s.target) ?? 0) + 1);
    const values = new Map<string, SExpr>();
    const reset = [];
    for (const s of g.reset) {
      const expr = substitute(s.expr, values);
      if (!s.target.startsWith(TEMPORARY)) reset.push({ ...s, expr });
      else if (s.op === '=' && count.get(s.target) === 1) values.set(s.target, expr);
      else refused.push({ group: g, name: s.target.slice(TEMPORARY.length) });
    }
    return { ...g, reset };
  });
  return { model: { ...model, groups }, refused };
}

/** Prefix of the temporaries of Brian2 code strings (2-model/code.ts temporaryName). */
const TEMPORARY = '__tmp_';
