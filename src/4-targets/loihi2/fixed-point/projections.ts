// Synapses of the lowered model → projections onto Lava's Dense/DelayDense (ProjectionSpec, see
// synapses.ts). What maps: on_pre statements `x_post += expr` (or -=) whose expression is fixed per
// synapse (synaptic parameters, i, j, counts, constants), from a NeuronGroup or a SpikeGeneratorGroup,
// with a constructor delay or per-synapse delays (each statement becomes one projection); summed
// variables that are weighted sums of neuron variables (graded spikes, summed.ts). What does not
// (synaptic dynamics, on_post pathways, plasticity, weights that read the neurons' state) is refused
// at the line that writes it, since a chip's synapses only weigh what the neurons send.

import type { ModelIR } from '../../../2-model/ir.js';
import { diagnostic, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { Span } from '../../../diagnostics/source.js';
import { callsOf, type SExpr, substitute, symbols } from '../../../symbolic/expr.js';
import type { LoweredModel } from '../../../3-lower/lowered.js';
import type { Connectivity } from './connectivity.js';
import type { DynamicVars } from './program.js';
import { mapSummed, SummedRefusal, type SummedSpec } from './summed.js';
import type { ProjectionSpec } from './synapses.js';

/** Brian2's int(delay/dt + 0.5). */
export function delaySteps(seconds: number, dt: number): number {
  return Math.trunc(seconds / dt + 0.5);
}

export interface ProjectionsResult {
  specs: ProjectionSpec[];
  /** Summed variables mapped as graded spikes (their projections are in specs). */
  summed: SummedSpec[];
  diagnostics: Diagnostic[];
  /** Synapses that do nothing the neurons can see (no pathway, no summed variable). */
  notes: string[];
}

const RANDOM = new Set(['rand', 'randn', 'poisson']);

/** Why a weight expression is not a per-synapse constant, or null. */
function notConstant(e: SExpr, model: LoweredModel): string | null {
  for (const s of symbols(e).values()) {
    if (s.role === 'var' && s.side)
      return `reads ${s.name}_${s.side}, a variable of the ${s.side === 'pre' ? 'source' : 'target'} group; Dense weights are fixed when the network is built`;
    if (s.role === 'special' && (s.name === 't' || s.name === 't_in_timesteps')) return 'changes with time; Dense weights are fixed when the network is built';
    if (s.role === 'const') {
      const changes = model.program.some(
        (a) => a.kind === 'run' && s.name in a.constants && a.constants[s.name] !== model.constants.find((c) => c.id === s.name)?.value,
      );
      if (changes) return `reads '${s.name}', which changes between runs; the chip's weights are written once`;
    }
  }
  const random = [...callsOf(e)].find((c) => RANDOM.has(c));
  if (random) return `draws random numbers (${random}()), which cannot be fixed at conversion time`;
  return null;
}

export function projectionsFromModel(ir: ModelIR, model: LoweredModel, connectivity: Connectivity, dynamic: DynamicVars): ProjectionsResult {
  const specs: ProjectionSpec[] = [];
  const summed: SummedSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const refuse = (span: Span, detail: string, hint = 'use --backend cpu') => diagnostics.push(diagnostic('fixed-point', span, { detail, hint }));
  const constants = new Map(model.constants.map((c) => [c.id, c.value]));

  for (const s of model.synapses) {
    const sir = ir.synapses.find((x) => x.id === s.id)!;
    const name = s.pyName ?? s.id;
    const before = diagnostics.length;
    for (const eq of sir.equations) {
      if (eq.flags.includes('summed')) continue;
      if (eq.kind === 'differential') {
        if (eq.flags.includes('event-driven')) {
          // Lava 0.10's LearningDense (fixed_pt): traces are unsigned 7-bit integers, decayed with stochastic rounding.
          refuse(
            eq.span,
            `the event-driven synaptic equation of '${eq.name}' (${name}) is not mapped by the Loihi 2 backend: Dense synapses hold no state, and the traces of Lava's LearningDense are unsigned 7-bit integers decayed with stochastic rounding from their own random stream, which cannot follow Brian2's traces`,
          );
        } else {
          refuse(
            eq.span,
            `the clock-driven synaptic equation of '${eq.name}' (${name}) is not mapped by the Loihi 2 backend: Dense synapses hold no state of their own`,
          );
        }
      }
    }
    sir.pathways.forEach((p) => {
      if (p.trigger === 'post') {
        refuse(
          p.span,
          `the on_post pathway of ${name} is not mapped by the Loihi 2 backend: its synapses act on postsynaptic spikes, which Dense does not see`,
        );
        return;
      }
      const assigned = new Map<string, number>();
      for (const st of p.code) if (st.temporary) assigned.set(st.target, (assigned.get(st.target) ?? 0) + 1);
      for (const st of p.code) {
        if (st.temporary) {
          // A temporary assigned once is its expression: it is substituted into the weights below.
          if (st.op !== '=' || assigned.get(st.target)! > 1) {
            refuse(
              st.span,
              `the temporary '${st.target.replace(/^__tmp_/, '')}' of ${name}'s on_pre code is changed after it is set, which the Loihi 2 backend does not map (it substitutes temporaries into the weights)`,
              'assign the temporary once, or use --backend cpu',
            );
          }
          continue;
        }
        if (st.side === 'post' && (st.op === '+=' || st.op === '-=')) continue;
        if (st.side === 'post' || st.side === 'pre') {
          refuse(
            st.span,
            st.side === 'pre'
              ? `'${st.target}_pre ${st.op} ...' writes a variable of the source group; Dense only sends from the source to the target`
              : `'${st.target} ${st.op} ...' is not an addition; Dense adds weights to the target`,
            'write the effect as x_post += weight, or use --backend cpu',
          );
        } else {
          refuse(
            st.span,
            `'${st.target} ${st.op} ...' changes the synaptic variable ${st.target} during the run, which the Loihi 2 backend does not map: Dense synapses hold fixed weights (no synaptic state, no plasticity)`,
          );
        }
      }
    });
    if (diagnostics.length > before) continue;
    for (const sum of s.summed) {
      const eq = sir.equations.find((e) => e.flags.includes('summed') && e.name === `${sum.variable}_${sum.side}`)!;
      try {
        const m = mapSummed(s, sum, model, connectivity, dynamic, eq.span);
        summed.push(m.spec);
        specs.push(...m.projections);
      } catch (e) {
        if (!(e instanceof SummedRefusal)) throw e;
        refuse(
          eq.span,
          e.message,
          'the Loihi 2 backend maps summed variables of whole groups that are weighted sums of neuron variables (as graded spikes); otherwise use --backend cpu',
        );
      }
    }

    const table = connectivity.tables.get(s.id)!;
    const made: ProjectionSpec[] = [];
    s.pathways.forEach((lp, pk) => {
      const p = sir.pathways[pk]!;
      // The lowered statements are the pathway's code (no event-driven updates or lastupdate: refused above).
      const temporaries = new Map<string, SExpr>();
      p.code.forEach((st, k) => {
        const raw = lp.statements[k]!;
        const ls = { ...raw, expr: substitute(raw.expr, temporaries) };
        if (st.temporary) {
          temporaries.set(st.target, ls.expr);
          return;
        }
        const why = notConstant(ls.expr, model);
        if (why) {
          refuse(st.value.span, `the weight '${st.value.code}' of ${name} ${why}`);
          return;
        }
        const sign = st.op === '-=' ? -1 : 1;
        const weights = connectivity.perSynapse(s.id, ls.expr, st.value.span, constants).map((w) => sign * w);
        const delays = lp.delay !== null ? table.i.map(() => delaySteps(lp.delay!, model.dt)) : table.delays.get(lp.name)!.map((d) => delaySteps(d, model.dt));
        made.push({
          id: s.id,
          pyName: s.pyName,
          source: s.source.group,
          target: s.target.group,
          variable: st.target,
          conditional: !!ls.where,
          mode: 'add',
          graded: null,
          pre: table.i.map((i) => i + s.source.start),
          post: table.j.map((j) => j + s.target.start),
          weights,
          delays,
          span: st.span,
        });
      });
    });
    if (made.length > 1) made.forEach((m, k) => Object.assign(m, { id: `${s.id}_${k}`, pyName: `${name}_${k}` }));
    specs.push(...made);
    if (!s.pathways.length && !s.summed.length)
      notes.push(`${name}: no on_pre/on_post code and no summed variable, so it does not act on the neurons; it has no Loihi counterpart.`);
  }
  return { specs, summed, diagnostics, notes };
}
