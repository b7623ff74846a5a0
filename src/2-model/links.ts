// Linked variables → LinkIR: Brian2's checks and index rules (Group.__setattr__,
// _linked_var_automatic_index, _linked_var_index), resolved to absolute indices into the linked group's
// arrays. Runs after every group and Synapses object is built, since a link may point at a group made
// later in the script.

import { groupSlice, type Brian2Object, type LinkObj } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import { formatDim, sameDim } from '../units/dimension.js';
import type { BuildEnv } from './env.js';
import type { GroupInfo } from './groups.js';
import { numbersOf } from './inputs.js';
import type { EquationIR, GroupIR, LinkIR, SynapsesIR } from './ir.js';
import { symbols, type SExpr } from '../symbolic/expr.js';
import type { SynapsesInfo } from './synapses.js';

type Owner = Extract<Brian2Object, { kind: 'NeuronGroup' | 'SpatialNeuron' | 'Synapses' }>;

interface OwnerView {
  obj: Owner;
  /** The owner's IR node, whose `links` are filled. */
  ir: { links: LinkIR[]; equations: EquationIR[]; pyName: string | null; id: string };
  linked: Set<string>;
  /** Variables of the owner (for index='name' and for a misplaced link). */
  kinds: Map<string, string>;
  types: Map<string, string>;
  /** Number of elements; null for Synapses (their number changes). */
  n: number | null;
}

export function buildLinks(
  objects: Brian2Object[],
  groups: GroupIR[],
  synapses: SynapsesIR[],
  infos: Map<string, GroupInfo>,
  synInfos: Map<string, SynapsesInfo>,
  env: BuildEnv,
): void {
  const ctx = env.ctx;
  for (const o of objects) {
    if (o.kind !== 'NeuronGroup' && o.kind !== 'SpatialNeuron' && o.kind !== 'Synapses') continue;
    let view: OwnerView | null = null;
    if (o.kind === 'Synapses') {
      const ir = synapses.find((s) => s.id === o.name);
      const info = synInfos.get(o.name);
      if (ir && info)
        view = {
          obj: o,
          ir,
          linked: info.linked,
          kinds: info.kinds,
          types: new Map([...info.table].filter(([, v]) => v.owner === 'syn').map(([k, v]) => [k, v.info.type])),
          n: null,
        };
    } else {
      const ir = groups.find((g) => g.id === o.name);
      const info = infos.get(o.name);
      if (ir && info && (ir.kind === 'NeuronGroup' || ir.kind === 'SpatialNeuron'))
        view = { obj: o, ir, linked: info.linked, kinds: info.kinds, types: new Map([...info.variables].map(([k, v]) => [k, v.type])), n: info.n };
    }
    if (!view) continue;
    const v = view;
    // The last link of each variable counts (Brian2 replaces the reference).
    const last = new Map<string, LinkObj>();
    for (const l of o.links ?? []) {
      ctx.attempt(() => {
        if (!v.linked.has(l.variable)) {
          if (v.kinds.has(l.variable))
            ctx.fail('type-error', l.loc, {
              detail: `cannot link variable '${l.variable}': it has to be marked as a linked variable with '(linked)' in the model equations`,
              hint: `declare it as '${l.variable} : <unit> (linked)'`,
            });
          ctx.fail('unknown-attribute', l.loc, {
            object: o.pyName ?? o.name,
            name: l.variable,
            hint: didYouMean(l.variable, v.linked, 'declare the variable with the (linked) flag'),
          });
        }
        if (l.runsBefore > (o.runsBefore ?? 0))
          ctx.fail('unsupported', l.loc, { what: 'linking a variable after the object has run', hint: 'set every link before the first run()' });
        last.set(l.variable, l);
      });
    }
    for (const name of v.linked) {
      const l = last.get(name);
      const eq = v.ir.equations.find((e) => e.name === name);
      if (!l) {
        ctx.attempt(() =>
          ctx.fail('value-error', eq ? { start: eq.span.start, end: eq.span.end } : o.loc, {
            detail: `the link target of the linked variable '${name}' of ${o.pyName ?? o.name} is never set (Brian2 stops at run())`,
            hint: `link it: ${o.pyName ?? o.name}.${name} = linked_var(other_group, 'variable')`,
          }),
        );
        continue;
      }
      const built = ctx.attempt(() => resolveLink(l, v, eq ?? null, infos, env));
      if (built) v.ir.links.push(built);
    }
  }
}

function resolveLink(l: LinkObj, owner: OwnerView, eq: EquationIR | null, infos: Map<string, GroupInfo>, env: BuildEnv): LinkIR {
  const ctx = env.ctx;
  const t = l.target;
  if (t.group.kind === 'Synapses') {
    return ctx.fail('value-error', t.loc, {
      detail: `linking to '${t.variable}' of the Synapses ${t.group.pyName ?? t.group.name} is not supported by Brian2, which links only to variables of fixed size`,
      hint: 'link to a variable of a NeuronGroup',
    });
  }
  const slice = groupSlice(t.group);
  const info = infos.get(slice.group.name);
  const kind = info?.kinds.get(t.variable);
  const target = info?.variables.get(t.variable);
  if (!info || !kind || !target) {
    return ctx.fail('unknown-attribute', t.loc, {
      object: t.group.pyName ?? t.group.name,
      name: t.variable,
      hint: info ? didYouMean(t.variable, info.kinds.keys(), 'link to a variable of the group') : 'link to a variable of a NeuronGroup',
    });
  }
  if (info.linked.has(t.variable))
    return ctx.fail('unsupported', t.loc, {
      what: `linking to '${t.variable}', which is itself a linked variable`,
      hint: 'link directly to the variable it is linked to',
    });
  if (eq && !sameDim(eq.dim, target.dim)) {
    ctx.fail('unit-mismatch', l.loc, {
      detail: `unit of variable '${l.variable}' (${formatDim(eq.dim)}) does not match its link target '${t.variable}' (${formatDim(target.dim)})`,
      hint: 'link variables with the same units',
    });
  }
  const span = ctx.span(l.loc);
  const shared = info.shared.has(t.variable);
  const fullLength = shared ? 1 : info.n;
  const base = { variable: l.variable, group: slice.group.name, targetVariable: t.variable, direct: false, span };
  const ownerName = owner.obj.pyName ?? owner.obj.name;
  if (t.index) {
    const idx = t.index;
    if (idx.value.t === 'str') {
      const name = idx.value.v;
      if (!owner.kinds.has(name))
        ctx.fail('value-error', idx.loc, { detail: `index variable '${name}' not found`, hint: `declare '${name} : integer' in ${ownerName}` });
      if (owner.types.get(name) !== 'integer' || owner.kinds.get(name) !== 'parameter')
        ctx.fail('type-error', idx.loc, { detail: `index variable '${name}' should be an integer parameter`, hint: `declare '${name} : integer'` });
      return { ...base, index: { kind: 'variable', name } };
    }
    if (owner.n === null)
      return ctx.fail('type-error', idx.loc, {
        detail: 'cannot link a variable with an index array for a class with dynamic size (Synapses)',
        hint: "use the name of an integer variable of the synapses, e.g. index='k'",
      });
    const nums = numbersOf(idx.value as Value);
    if (!nums || !nums.integer)
      return ctx.fail('type-error', idx.loc, { detail: 'the index for a linked variable has to be an integer array', hint: 'e.g. index=np.arange(N) // 2' });
    const size = slice.stop - slice.start;
    const absolute = shared
      ? nums.values
      : nums.values.map((k) => {
          if (k < 0 || k >= size)
            ctx.fail('value-error', idx.loc, {
              detail: `index ${k} is out of range for the ${size} elements of ${t.group.pyName ?? t.group.name}`,
              hint: `use indices from 0 to ${size - 1}`,
            });
          return slice.start + k;
        });
    if (absolute.length !== owner.n)
      ctx.fail('type-error', idx.loc, {
        detail: `index array for linked variable '${l.variable}' has to be a one-dimensional array of length ${owner.n}, but has length ${absolute.length}`,
        hint: `give one index per element of ${ownerName}`,
      });
    if (absolute.some((k) => k < 0 || k >= fullLength))
      ctx.fail('value-error', idx.loc, {
        detail: `index array for linked variable ${l.variable} contains values outside of the valid range [0, ${fullLength}[`,
        hint: `use indices from 0 to ${fullLength - 1}`,
      });
    if (shared) return { ...base, index: { kind: 'scalar' } };
    return { ...base, index: { kind: 'indices', indices: absolute } };
  }
  // Brian2's automatic index: element 0 for a shared variable or a variable of length 1 (unless this
  // object has one element too), else one to one with the link target (sizes must match).
  // A shared target stays readable by Synapses (Brian2 references it with index '0').
  if (shared || (fullLength === 1 && owner.n !== 1)) return { ...base, direct: shared, index: { kind: 'scalar' } };
  const targetLength = slice.stop - slice.start;
  if (owner.n === null)
    return ctx.fail('unsupported', l.loc, {
      what: `linking '${l.variable}' of synapses one to one with the ${targetLength} elements of ${t.group.pyName ?? t.group.name}`,
      hint: "give index='name of an integer variable of the synapses'",
    });
  if (owner.n !== targetLength) {
    ctx.fail('value-error', l.loc, {
      detail: `cannot link variable '${l.variable}' to '${t.variable}', the size of the target group does not match (${owner.n} != ${targetLength})`,
      hint: "provide an indexing scheme with the 'index' keyword to link groups with different sizes",
    });
  }
  return { ...base, direct: t.group.kind !== 'Subgroup', index: { kind: 'offset', start: slice.start } };
}

/**
 * Brian2 gives a Synapses object the pre/post names of only those linked variables that use the default
 * index (linked one to one to a whole group): reading another one (`x_post`) is an unknown name there.
 */
export function checkLinkedReads(groups: GroupIR[], synapses: SynapsesIR[], env: BuildEnv): void {
  const linksOf = new Map(groups.flatMap((g) => (g.kind === 'NeuronGroup' || g.kind === 'SpatialNeuron' ? [[g.id, g.links] as const] : [])));
  for (const s of synapses) {
    const sites: { ast: SExpr; span: { start: number; end: number } }[] = [
      ...s.equations.flatMap((e) => (e.expr ? [{ ast: e.expr.ast, span: e.expr.span }] : [])),
      ...s.pathways.flatMap((p) => p.code.map((st) => ({ ast: st.value.ast, span: st.value.span }))),
    ];
    for (const site of sites) {
      for (const sy of symbols(site.ast).values()) {
        if (sy.role !== 'var' || !sy.side) continue;
        const ref = sy.side === 'pre' ? s.source : s.target;
        const link = linksOf.get(ref.group)?.find((l) => l.variable === sy.name);
        if (!link || link.direct) continue;
        env.ctx.attempt(() =>
          env.ctx.fail(
            'value-error',
            { start: site.span.start, end: site.span.end },
            {
              detail: `'${sy.name}_${sy.side}' is not known to ${s.pyName ?? s.id}: Brian2 lets Synapses read a linked variable only when it is linked one to one to a whole group (here it reads ${link.targetVariable} of ${link.group} through an index)`,
              hint: 'read the variable it is linked to through another Synapses object, or link one to one',
            },
          ),
        );
      }
    }
  }
}
