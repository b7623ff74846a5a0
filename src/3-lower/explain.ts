// `--explain`: per group, synapses and PoissonInput, the chosen integration method (and why) and the
// code of one time step in Brian2's abstract-code style, slot by slot: `_x = ...` temporaries, then
// `x = _x`; conditional writes of `(unless refractory)` variables are marked as such.

import type { SExpr } from '../symbolic/expr.js';
import { printExpr } from '../symbolic/print.js';
import type { LHoisted, LNeuronGroup, LoweredModel, LStmt } from './lowered.js';

function stmt(s: LStmt): string {
  const target = s.side ? `${s.target}_${s.side}` : s.target;
  const text = `${target} ${s.op} ${printExpr(s.expr)}`;
  return s.where ? `${text}    # conditional write: only where ${printExpr(s.where)}` : text;
}

function hoisted(h: LHoisted): string {
  if (h.kind === 'assign') return `${h.name} = ${printExpr(h.expr)}`;
  const grid = (names: string[][]) => `[${names.map((row) => `[${row.join(', ')}]`).join(', ')}]`;
  const m = `[${h.M.map((row) => `[${row.map((e: SExpr) => printExpr(e)).join(', ')}]`).join(', ')}]`;
  return `${grid(h.A)}, ${grid(h.Phi)} = expm(M*dt), integral of expm(M*s) ds over [0, dt], with M = ${m}`;
}

function section(out: string[], title: string, lines: string[]): void {
  if (!lines.length) return;
  out.push(`  ${title}:`);
  for (const l of lines) out.push(`    ${l}`);
}

export function explainNeuronGroup(g: LNeuronGroup): string[] {
  const out: string[] = [];
  const c = g.cable;
  out.push(
    c
      ? `${g.pyName ?? g.id} (SpatialNeuron '${g.id}', ${g.n} compartment${g.n === 1 ? '' : 's'} in ${c.morphology.sections} section${c.morphology.sections === 1 ? '' : 's'})`
      : `${g.pyName ?? g.id} (NeuronGroup '${g.id}', ${g.n} neuron${g.n === 1 ? '' : 's'})`,
  );
  out.push(`  method: ${g.method.name} — ${g.method.reason}`);
  section(out, 'once per run segment (values that stay constant during a run)', g.hoisted.map(hoisted));
  section(out, 'before_start: (constant over dt) subexpressions', g.constantOverDt.map(stmt));
  section(out, 'groups: state update', g.update.map(stmt));
  if (c) {
    section(out, 'groups, after the state update: the cable equation (implicit, as Brian2 solves it)', [
      `_gtot = ${printExpr(c.gtot)}`,
      `_I0 = ${printExpr(c.I0)}`,
      'v = solution of Cm*(v - v_old)/dt = _I0 - _gtot*v + axial currents, per section and over the branch points',
      'Ic = Cm*(v - v_old)/dt',
    ]);
  }
  if (g.threshold) {
    section(out, `${g.spikeSchedule.threshold.when}: spikes where`, [
      `_cond = ${printExpr(g.threshold)}`,
      ...g.onSpike.map((s) => `${stmt(s)}    # for spiking neurons`),
    ]);
  }
  section(out, `${g.spikeSchedule.reset.when}: for spiking neurons`, g.reset.map(stmt));
  for (const e of g.events) {
    section(out, `${e.threshold.when}: event '${e.name}' where`, [`_cond = ${printExpr(e.condition)}`]);
    section(out, `${e.reset.when}: for elements with event '${e.name}'`, e.code.map(stmt));
  }
  for (const rr of g.runRegularly) {
    section(out, `${rr.when}: run_regularly${rr.clock !== g.clock ? ` on the clock ${rr.clock}` : ''}`, rr.statements.map(stmt));
  }
  return out;
}

export function explain(model: LoweredModel): string {
  const clocks =
    model.clocks.length > 1 ? `; clocks ${model.clocks.map((c) => `${c.id} (dt = ${c.dt} s)`).join(', ')}: each object runs when its clock ticks` : '';
  const out: string[] = [`dt = ${model.dt} s${clocks}; one step runs the slots before_start, start, groups, thresholds, synapses, resets, end`, ''];
  for (const g of model.groups) {
    if (g.kind === 'NeuronGroup') out.push(...explainNeuronGroup(g), '');
    else if (g.kind === 'PoissonGroup') {
      const r = g.rates;
      const rates = r.kind === 'expression' ? printExpr(r.expr) : r.kind === 'scalar' ? `${r.value} Hz` : 'one value per neuron';
      out.push(
        `${g.pyName ?? g.id} (PoissonGroup '${g.id}', ${g.n} neuron${g.n === 1 ? '' : 's'})`,
        `  thresholds: spikes where rand() < rates*dt, rates = ${rates}`,
        '',
      );
    } else if (g.kind === 'SpikeGeneratorGroup') {
      out.push(
        `${g.pyName ?? g.id} (SpikeGeneratorGroup '${g.id}', ${g.n} neuron${g.n === 1 ? '' : 's'})`,
        `  thresholds: ${g.times.length} given spikes${g.period ? `, repeated every ${g.period} s` : ''}`,
        '',
      );
    }
  }
  for (const s of model.synapses) {
    out.push(
      `${s.pyName ?? s.id} (Synapses '${s.id}', ${s.source.group}[${s.source.start}:${s.source.stop}] → ${s.target.group}[${s.target.start}:${s.target.stop}])`,
    );
    if (s.method) out.push(`  method: ${s.method.name} — ${s.method.reason}`);
    section(out, 'once per run segment (values that stay constant during a run)', s.hoisted.map(hoisted));
    for (const x of s.summed)
      section(out, `groups: summed variable ${x.variable}_${x.side} (before the state updates)`, [
        `${x.variable}_${x.side} = sum over synapses of ${printExpr(x.expr)}`,
      ]);
    section(out, 'groups: clock-driven state update', s.update.map(stmt));
    for (const p of s.pathways) {
      const delay = p.delay === null ? 'per-synapse delays' : `delay ${p.delay} s`;
      section(
        out,
        `synapses: pathway '${p.name}' on ${p.trigger}synaptic ${p.event === 'spike' ? 'spikes' : `events '${p.event}'`} (${delay}, ${p.vectorisation})`,
        p.statements.map(stmt),
      );
    }
    out.push('');
  }
  for (const p of model.poissonInputs) {
    const d = p.draw.kind === 'binomial' ? `binomial(${p.draw.n}, ${p.draw.p})` : `normal(${p.draw.loc}, ${p.draw.scale})`;
    const write = `${p.variable} += ${d}*(${printExpr(p.weight)})${p.conditional ? '    # conditional write: only where not_refractory' : ''}`;
    out.push(`${p.pyName ?? p.id} (PoissonInput '${p.id}' into ${p.target.group}.${p.variable})`, `  synapses: ${write}`, '');
  }
  return out.join('\n');
}
