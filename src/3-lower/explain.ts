// `--explain`: per group, the chosen integration method (and why) and the code of one time step in
// Brian2's abstract-code style, slot by slot: `_x = ...` temporaries, then `x = _x`; conditional writes
// of `(unless refractory)` variables are marked as such.

import type { SExpr } from '../symbolic/expr.js';
import { printExpr } from '../symbolic/print.js';
import type { LHoisted, LNeuronGroup, LoweredModel, LStmt } from './lowered.js';

function stmt(s: LStmt): string {
  const text = `${s.target} ${s.op} ${printExpr(s.expr)}`;
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
  out.push(`${g.pyName ?? g.id} (NeuronGroup '${g.id}', ${g.n} neuron${g.n === 1 ? '' : 's'})`);
  out.push(`  method: ${g.method.name} — ${g.method.reason}`);
  section(out, 'once per run segment (values that stay constant during a run)', g.hoisted.map(hoisted));
  section(out, 'before_start: (constant over dt) subexpressions', g.constantOverDt.map(stmt));
  section(out, 'groups: state update', g.update.map(stmt));
  if (g.threshold) {
    section(out, 'thresholds: spikes where', [`_cond = ${printExpr(g.threshold)}`, ...g.onSpike.map((s) => `${stmt(s)}    # for spiking neurons`)]);
  }
  section(out, 'resets: for spiking neurons', g.reset.map(stmt));
  for (const rr of g.runRegularly) {
    section(out, `${rr.when}: run_regularly${rr.everySteps > 1 ? ` every ${rr.everySteps} steps` : ''}`, rr.statements.map(stmt));
  }
  return out;
}

export function explain(model: LoweredModel): string {
  const out: string[] = [`dt = ${model.dt} s; one step runs the slots before_start, start, groups, thresholds, synapses, resets, end`, ''];
  for (const g of model.groups) {
    if (g.kind === 'NeuronGroup') out.push(...explainNeuronGroup(g), '');
  }
  return out.join('\n');
}
