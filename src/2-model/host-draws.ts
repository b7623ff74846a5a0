// Whether the translated Python of network operations (and the functions they call) draws random numbers:
// a call of numpy.random's functions. The project runs them on numpy's global generator in the operation's
// slot, as Brian2 does, so they count as draws made at every step (random.ts).

import type { HostExprIR, HostStmtIR, HostTargetIR } from './ir.js';

function exprDraws(e: HostExprIR | null): boolean {
  if (!e) return false;
  switch (e.e) {
    case 'call':
      return (e.callee.kind === 'numpy' && e.callee.name.startsWith('random.')) || e.args.some(exprDraws) || e.kwargs.some(([, v]) => exprDraws(v));
    case 'method':
      return exprDraws(e.self) || e.args.some(exprDraws) || e.kwargs.some(([, v]) => exprDraws(v));
    case 'attr':
      return exprDraws(e.self);
    case 'index':
      return exprDraws(e.self) || exprDraws(e.index);
    case 'slice':
      return exprDraws(e.lower) || exprDraws(e.upper) || exprDraws(e.step);
    case 'binary':
      return exprDraws(e.a) || exprDraws(e.b);
    case 'unary':
      return exprDraws(e.a);
    case 'boolop':
      return e.values.some(exprDraws);
    case 'compare':
      return e.operands.some(exprDraws);
    case 'ifexp':
      return exprDraws(e.test) || exprDraws(e.body) || exprDraws(e.orelse);
    case 'list':
    case 'tuple':
    case 'set':
      return e.items.some(exprDraws);
    case 'dict':
      return e.keys.some(exprDraws) || e.values.some(exprDraws);
    case 'comprehension':
      return exprDraws(e.elt) || exprDraws(e.value) || e.generators.some((g) => targetDraws(g.target) || exprDraws(g.iter) || g.ifs.some(exprDraws));
    default:
      return false;
  }
}

function targetDraws(t: HostTargetIR): boolean {
  if (t.t === 'index') return exprDraws(t.self) || exprDraws(t.index);
  if (t.t === 'tuple') return t.items.some(targetDraws);
  return false;
}

/** Whether the statements call a numpy.random function anywhere. */
export function hostCodeDraws(body: HostStmtIR[]): boolean {
  return body.some((s) => {
    switch (s.s) {
      case 'expr':
        return exprDraws(s.value);
      case 'assign':
        return exprDraws(s.value) || s.targets.some(targetDraws);
      case 'augassign':
        return exprDraws(s.value) || targetDraws(s.target);
      case 'if':
      case 'while':
        return exprDraws(s.test) || hostCodeDraws(s.body) || hostCodeDraws(s.orelse);
      case 'for':
        return exprDraws(s.iter) || targetDraws(s.target) || hostCodeDraws(s.body) || hostCodeDraws(s.orelse);
      case 'return':
        return exprDraws(s.value);
      default:
        return false;
    }
  });
}
