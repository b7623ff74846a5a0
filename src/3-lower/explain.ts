// `--explain`: per group, the chosen method and the update code in Brian2's abstract-code style.

import { printExpr } from '../symbolic/print.js';
import type { LHoisted, LoweredModel, LStmt } from './lowered.js';

function stmt(s: LStmt): string {
  const text = `${s.target} ${s.op} ${printExpr(s.expr)}`;
  return s.where ? `${text}    # only where ${printExpr(s.where)}` : text;
}

function hoisted(h: LHoisted): string {
  if (h.kind === 'assign') return `${h.name} = ${printExpr(h.expr)}`;
  const m = h.M.map((row) => `[${row.map((e) => printExpr(e)).join(', ')}]`).join(', ');
  return `${h.A.flat().join(', ')}, ${h.Phi.flat().join(', ')} = propagator(M=[${m}], dt)`;
}

export function explain(model: LoweredModel): string {
  const out: string[] = [];
  for (const g of model.groups) {
    out.push(`${g.pyName ?? g.id} (${g.kind}, ${g.n} neurons): method '${g.method.name}' — ${g.method.reason}`);
    const section = (title: string, lines: string[]) => {
      if (!lines.length) return;
      out.push(`  ${title}:`);
      for (const l of lines) out.push(`    ${l}`);
    };
    section('once per run segment', g.hoisted.map(hoisted));
    section('before start (constant over dt)', g.constantOverDt.map(stmt));
    section('state update (groups)', g.update.map(stmt));
    if (g.threshold) section('threshold (thresholds)', [printExpr(g.threshold), ...g.onSpike.map((s) => `on spike: ${stmt(s)}`)]);
    section('reset (resets)', g.reset.map(stmt));
    out.push('');
  }
  return out.join('\n');
}
