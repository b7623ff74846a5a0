// `--explain`: per group and synapses, the chosen method and the update code in Brian2's abstract-code style.

import { printExpr } from '../symbolic/print.js';
import type { LHoisted, LoweredModel, LStmt } from './lowered.js';

function stmt(s: LStmt): string {
  const target = s.side ? `${s.target}_${s.side}` : s.target;
  const text = `${target} ${s.op} ${printExpr(s.expr)}`;
  return s.where ? `${text}    # only where ${printExpr(s.where)}` : text;
}

function hoisted(h: LHoisted): string {
  if (h.kind === 'assign') return `${h.name} = ${printExpr(h.expr)}`;
  const m = h.M.map((row) => `[${row.map((e) => printExpr(e)).join(', ')}]`).join(', ');
  return `${h.A.flat().join(', ')}, ${h.Phi.flat().join(', ')} = propagator(M=[${m}], dt)`;
}

export function explain(model: LoweredModel): string {
  const out: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (!lines.length) return;
    out.push(`  ${title}:`);
    for (const l of lines) out.push(`    ${l}`);
  };
  for (const g of model.groups) {
    if (g.kind === 'PoissonGroup') {
      const r = g.rates;
      out.push(`${g.pyName ?? g.id} (PoissonGroup, ${g.n} neuron${g.n === 1 ? '' : 's'}): spikes where rand() < rates*dt, rates = ${r.kind === 'expression' ? printExpr(r.expr) : r.kind === 'scalar' ? `${r.value} Hz` : 'one value per neuron'}`, '');
      continue;
    }
    if (g.kind === 'SpikeGeneratorGroup') {
      out.push(`${g.pyName ?? g.id} (SpikeGeneratorGroup, ${g.n} neuron${g.n === 1 ? '' : 's'}): ${g.times.length} spikes${g.period ? `, repeated every ${g.period} s` : ''}`, '');
      continue;
    }
    out.push(`${g.pyName ?? g.id} (${g.kind}, ${g.n} neurons): method '${g.method.name}' — ${g.method.reason}`);
    section('once per run segment', g.hoisted.map(hoisted));
    section('before start (constant over dt)', g.constantOverDt.map(stmt));
    section('state update (groups)', g.update.map(stmt));
    if (g.threshold) section('threshold (thresholds)', [printExpr(g.threshold), ...g.onSpike.map((s) => `on spike: ${stmt(s)}`)]);
    section('reset (resets)', g.reset.map(stmt));
    out.push('');
  }
  for (const s of model.synapses) {
    out.push(`${s.pyName ?? s.id} (Synapses ${s.source.group}[${s.source.start}:${s.source.stop}] → ${s.target.group}[${s.target.start}:${s.target.stop}])${s.method ? `: method '${s.method.name}' — ${s.method.reason}` : ''}`);
    section('once per run segment', s.hoisted.map(hoisted));
    section('clock-driven update (groups)', s.update.map(stmt));
    for (const x of s.summed) section(`summed variable ${x.variable}_${x.side} (groups, before the state updates)`, [`${x.variable}_${x.side} = sum over synapses of ${printExpr(x.expr)}`]);
    for (const p of s.pathways) {
      const delay = p.delay === null ? 'per-synapse delays' : `delay ${p.delay} s`;
      section(`pathway '${p.name}' on ${p.trigger}synaptic spikes (synapses, ${delay}, ${p.vectorisation})`, p.statements.map(stmt));
    }
    out.push('');
  }
  for (const p of model.poissonInputs) {
    const d = p.draw.kind === 'binomial' ? `binomial(${p.draw.n}, ${p.draw.p})` : `normal(${p.draw.loc}, ${p.draw.scale})`;
    out.push(`${p.pyName ?? p.id} (PoissonInput into ${p.target.group}.${p.variable}): ${p.variable} += ${d}*(${printExpr(p.weight)}) (synapses)`, '');
  }
  return out.join('\n');
}
