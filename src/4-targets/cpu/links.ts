// Linked variables in the cpu project: a read-only property of the group (or Synapses) class that
// returns the linked group's current values, one per element, so every reader (state updates,
// thresholds, synaptic code, monitors) sees them as Brian2's reference variable gives them, at the
// moment the code runs. Index arrays of `index=` are stored on the object as `_link_<name>`.

import type { LGroup, LVar } from '../../3-lower/lowered.js';
import { comment, pyIdent } from '../../4-emit/python-names.js';
import { bindings } from './body.js';
import type { MethodView } from './method-view.js';
import { numpy } from './numpy-printer.js';
import { symbols } from '../../symbolic/expr.js';

export interface LinkContext {
  /** Simulation attribute of each group (`self._sim.<attr>`). */
  groupAttrs: Map<string, string>;
  /** The lowered groups (size, variables and subexpressions of a link target). */
  groups: Map<string, LGroup>;
  /** Python expression for the number of elements of the owner (`N` of the group, `self.N` of synapses). */
  count: string;
  /** The owner's size when it is fixed (groups), null for synapses. */
  n: number | null;
  /** Inline an integer array or write it to data/. */
  array: (values: number[], name: string) => string;
}

export function linkParts(variables: LVar[], c: LinkContext, dataPrefix: string): { init: string[]; methods: MethodView[] } {
  const init: string[] = [];
  const methods: MethodView[] = [];
  for (const v of variables) {
    const l = v.link;
    if (v.origin !== 'linked' || !l) continue;
    const owner = `self._sim.${c.groupAttrs.get(l.group)!}`;
    const target = c.groups.get(l.group)!;
    const sub =
      target.kind === 'NeuronGroup' && !target.variables.some((x) => x.name === l.targetVariable) ? target.subexpressions[l.targetVariable] : undefined;
    const lines: string[] = [];
    let source = `${owner}.${pyIdent(l.targetVariable)}`;
    if (sub && target.kind === 'NeuronGroup') {
      // A subexpression: evaluated on the target group's current values (all of them, then selected).
      lines.push(...bindings([], [sub.expr], { group: target, owner, subset: false, hoisted: new Set(), sim: 'self._sim' }));
      if ([...symbols(sub.expr).values()].some((x) => x.role === 'special' && x.name === 't')) lines.push(`t = ${owner}._clock.t`);
      lines.push(`_value = _shaped(${numpy(sub.expr)}, (${sub.shared ? 1 : target.n},))`);
      source = '_value';
    }
    let expr: string;
    let how: string;
    switch (l.index.kind) {
      case 'offset': {
        const whole = l.index.start === 0 && c.n === target.n;
        expr = whole ? source : `${source}[${l.index.start}:${l.index.start + (c.n ?? 0)}]`;
        how = whole ? 'element by element' : `elements ${l.index.start} to ${l.index.start + (c.n ?? 0) - 1}`;
        break;
      }
      case 'scalar':
        expr = `_np.broadcast_to(${source}, (${c.count},))`;
        how = 'its single value, for every element';
        break;
      case 'indices': {
        const attr = `_link_${pyIdent(v.name)}`;
        init.push(`self.${attr} = ${c.array(l.index.indices, `${dataPrefix}_link_${v.name}`)}  # index= of the link of ${comment(v.name)}`);
        expr = `${source}[self.${attr}]`;
        how = 'at the given indices';
        break;
      }
      case 'variable':
        expr = `${source}[self.${pyIdent(l.index.name)}]`;
        how = `at the indices held by ${comment(l.index.name)}`;
        break;
    }
    methods.push({
      decorator: '@property',
      signature: `${pyIdent(v.name)}(self)`,
      doc: `Linked variable: ${comment(l.targetVariable)} of ${comment(l.group)}, ${how} (read when used).`,
      lines: [...lines, `return ${expr}`],
    });
  }
  return { init, methods };
}
