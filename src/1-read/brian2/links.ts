// Linked variables in the evaluator: `linked_var(G, 'v', index=...)` / `linked_var(G.v)` make a link
// target, and assigning one to a group's variable (`H.x = linked_var(...)`) records the link on the
// group. Whether `x` is declared `(linked)`, the sizes and the index are Brian2's checks, made by the
// model builder (2-model/links.ts), which sees the equations.

import type { Loc } from '../../../grammars/ast.js';
import { bindArgs, expectString } from '../calls.js';
import type { EvalContext } from '../context.js';
import { describe, type CallArgs, type Value } from '../values.js';
import { isGroupLike, type Brian2Object, type LinkedVariableObj } from './objects.js';

export function linkedVar(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('linked_var', ['group_or_variable', 'name', 'index'], args, ctx, { required: ['group_or_variable'] });
  const first = b.get('group_or_variable')!;
  const name = b.get('name');
  let group: Brian2Object | undefined;
  let variable: string;
  if (first.t === 'lazy') {
    // `linked_var(G.v)`: a variable read from a group.
    if (name && name.t !== 'none')
      ctx.fail('value-error', b.loc('name'), {
        detail: 'cannot give a variable and a variable name at the same time',
        hint: "write linked_var(G.v) or linked_var(G, 'v')",
      });
    if (first.expr.k !== 'sym')
      ctx.fail('type-error', b.loc('group_or_variable'), {
        detail: 'linked_var() needs a variable of a group, not an expression',
        hint: "e.g. linked_var(G.v) or linked_var(G, 'v')",
      });
    group = ctx.script.objects.find((o) => o.name === first.owner);
    variable = (first.expr as { name: string }).name;
  } else if (first.t === 'object') {
    if (!name || name.t === 'none')
      ctx.fail('value-error', b.loc('group_or_variable'), { detail: 'need to provide a variable name', hint: "e.g. linked_var(G, 'v')" });
    group = first.obj;
    variable = expectString(name!, b.loc('name'), ctx, 'the variable name');
  } else {
    return ctx.fail('type-error', b.loc('group_or_variable'), {
      detail: `linked_var() needs a group or one of its variables, not ${describe(first)}`,
      hint: "e.g. linked_var(G, 'v')",
    });
  }
  if (!group || !(isGroupLike(group) || group.kind === 'Synapses')) {
    return ctx.fail('type-error', b.loc('group_or_variable'), {
      detail: 'linked_var() needs a NeuronGroup (or a subgroup) and one of its variables',
      hint: "e.g. linked_var(G, 'v')",
    });
  }
  const index = b.get('index');
  const link: LinkedVariableObj = {
    kind: 'LinkedVariable',
    name: ctx.uniqueName('linkedvariable', null),
    pyName: null,
    loc: args.loc,
    explicitNamespace: null,
    group,
    variable,
    index: index && index.t !== 'none' ? { value: index, loc: b.loc('index') } : null,
  };
  return { t: 'object', obj: link };
}

/** `G.x = linked_var(...)`: recorded on the group; Brian2 refuses it on a subgroup or a monitor. */
export function setLink(o: Brian2Object, variable: string, link: LinkedVariableObj, loc: Loc, ctx: EvalContext): void {
  if (o.kind !== 'NeuronGroup' && o.kind !== 'SpatialNeuron' && o.kind !== 'Synapses') {
    ctx.fail('type-error', loc, {
      detail: `cannot link variable '${variable}' of a ${o.kind}: only NeuronGroups and Synapses have linked variables`,
      hint: 'link the variable of the whole group',
    });
  }
  const owner = o as Extract<Brian2Object, { kind: 'NeuronGroup' | 'SpatialNeuron' | 'Synapses' }>;
  owner.links = [...(owner.links ?? []), { variable, target: link, runsBefore: ctx.runCount, loc }];
}
