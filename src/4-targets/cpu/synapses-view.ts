// The view of one Synapses object's module: its sparse arrays (i, j, one array per variable), spike
// queues per pathway, and one method per piece of work (clock-driven update, summed variables,
// pathways, connect() calls and initialisations from the script), as ready Python lines.

import type { IndexIR, SetOp } from '../../2-model/ir.js';
import { assignment } from './body.js';
import type { LAction, LGroup, LMonitor, LStmt, LSynapses, LValue, LVar } from '../../3-lower/lowered.js';
import type { SourceFile } from '../../diagnostics/source.js';
import { pythonNumber } from '../../symbolic/print.js';
import { formatDim } from '../../units/dimension.js';
import { connectLines, endSize } from './connect-code.js';
import { lineMarker, marked } from './markers.js';
import { numpy, numpyScalar } from './numpy-printer.js';
import { computedCode } from './computed-code.js';
import type { ComputedIR } from '../../2-model/ir.js';
import { eventAttr, type MethodView } from './group-view.js';
import { linkParts } from './links.js';
import { comment, NameAllocator, pyIdent, pyStr } from '../../4-emit/python-names.js';
import { perStatementBody, synapticBindings, togetherBody, type SynContext } from './synaptic-body.js';

export interface ObjectView {
  module: string;
  className: string;
  doc: string;
  classDoc: string;
  constants: string[];
  init: string[];
  methods: MethodView[];
}

/** What the simulation needs to call the synapses' methods. */
export interface SynapsesCalls {
  update: string | null;
  summed: string[];
  pathways: Map<string, string>;
  samples: Map<string, string>;
  /** Method returning the synapses a monitor records (record=S[...]), by monitor id. */
  selections: Map<string, string>;
  /** Method run for each of the script's actions on these synapses (connect, init, delays). */
  actions: Map<LAction, string>;
}

export interface SynapsesEmitContext {
  groups: Map<string, LGroup>;
  /** Synapses emitted before these (synapses on synapses read them). */
  synapses: Map<string, LSynapses>;
  /** Simulation attribute of each group and of the synapses emitted so far (`self._sim.<attr>`). */
  groupAttrs: Map<string, string>;
  monitors: LMonitor[];
  program: LAction[];
  source: SourceFile;
  /** Inline an array or write it to data/ (see simulation-view). */
  array: (values: number[], name: string, dtype: 'f8' | 'i8', shape?: number[]) => string;
  /** Index of a clock in the simulation's `clocks`. */
  clockIndex: (id: string) => number;
}

function groupVars(g: LGroup | undefined): Map<string, LVar> {
  return new Map(g && g.kind === 'NeuronGroup' ? g.variables.map((v) => [v.name, v]) : []);
}

const INDEX: Omit<LVar, 'name'> = { dtype: 'int', shared: false, initial: 0, dim: [0, 0, 0, 0, 0, 0, 0], origin: 'internal' };

/** Variables of a source/target: a group's, or (synapses on synapses) the other synapses' with their i, j and N. */
function endVars(ref: { group: string; synapses?: boolean }, e: SynapsesEmitContext): Map<string, LVar> {
  if (!ref.synapses) return groupVars(e.groups.get(ref.group));
  const other = e.synapses.get(ref.group);
  if (!other) throw new Error(`synapses ${ref.group} are emitted after synapses that read them`);
  const vars = new Map(other.variables.map((v) => [v.name, v]));
  vars.set('i', { name: 'i', ...INDEX });
  vars.set('j', { name: 'j', ...INDEX });
  vars.set('N', { name: 'N', ...INDEX, shared: true });
  return vars;
}

/** A source/target in the module's docstring: `group[start:stop]`, or the other synapses' id. */
function endName(ref: { group: string; start: number; stop: number; synapses?: boolean }): string {
  return ref.synapses ? `synapses ${comment(ref.group)}` : `${comment(ref.group)}[${ref.start}:${ref.stop}]`;
}

function dtypeOf(v: LVar): string {
  return v.dtype === 'bool' ? '_np.bool_' : v.dtype === 'int' ? '_np.int64' : '_np.float64';
}

function lineText(source: SourceFile, span: { start: number; end: number }): string {
  return `line ${source.position(span.start).line}: ${comment(source.text.slice(span.start, span.end)).slice(0, 100)}`;
}

/** `_idx` for an initialisation's index (synapse count known only at run time). */
function selection(index: IndexIR, what: string, array: SynapsesEmitContext['array'], name: string): string[] {
  switch (index.kind) {
    case 'all':
    case 'condition':
      return ['_idx = _np.arange(self.N)'];
    case 'indices':
      return [`_idx = _syn.synapse_selection(${array(index.indices, name, 'i8')}, self.N, ${what})`];
    case 'slice':
      return [`_idx = _np.arange(self.N)[${index.start}:${index.stop === null ? '' : index.stop}:${index.step}]`];
    case 'computed':
      // Drawn synapse indices or mask (numpy.random in the script), with numpy's own indexing rules.
      return [`_idx = _np.arange(self.N)[${computedCode(index.node, { sim: 'self._sim', array, dataName: name })}]`];
  }
}

export function buildSynapsesView(s: LSynapses, module: string, className: string, e: SynapsesEmitContext): { view: ObjectView; calls: SynapsesCalls } {
  // Synapses on synapses: the number of elements of a Synapses end is its number of synapses, when read.
  const nPre = endSize(s, 'pre');
  const nPost = endSize(s, 'post');
  const hoisted = new Set<string>();
  for (const h of s.hoisted) {
    if (h.kind === 'assign') hoisted.add(h.name);
    else for (const n of [...h.A.flat(), ...h.Phi.flat()]) hoisted.add(n);
  }
  const base = { syn: s, source: { vars: endVars(s.source, e) }, target: { vars: endVars(s.target, e) }, hoisted };
  const all: SynContext = { ...base, synapses: 'all', i: 'self.i', j: 'self.j', count: 'self.N', pre: 'self._pre', post: 'self._post' };
  const subset: SynContext = {
    ...base,
    synapses: 'subset',
    i: 'self.i[_idx]',
    j: 'self.j[_idx]',
    count: 'len(_idx)',
    pre: 'self._pre[_idx]',
    post: 'self._post[_idx]',
  };
  // Method names never shadow variables (Brian2 allows a variable named `update`).
  const names = new NameAllocator(['N', 'i', 'j', ...s.variables.map((v) => pyIdent(v.name))]);
  const methods: MethodView[] = [];
  // Methods made for a line of the script other than the Synapses constructor (connect, initialisations, monitors).
  const originOf = new Map<MethodView, { start: number }>();
  const perSynapse = s.variables.filter((v) => !v.shared && v.origin !== 'linked');
  const triggerOf = (p: { trigger: 'pre' | 'post' }) => (p.trigger === 'pre' ? s.source : s.target);

  // ---- arrays
  const init: string[] = [
    'self._sim = sim',
    "# Brian2's clock of the synapses: the t and dt of all their code (pathways run on their trigger group's).",
    `self._clock = sim.clocks[${e.clockIndex(s.clock)}]`,
    `self._src = sim.${e.groupAttrs.get(s.source.group)}`,
    `self._tgt = sim.${e.groupAttrs.get(s.target.group)}`,
    'self.N = 0',
    'self.i = _np.zeros(0, dtype=_np.int64)  # presynaptic index, relative to the source',
    'self.j = _np.zeros(0, dtype=_np.int64)  # postsynaptic index, relative to the target',
    'self._pre = self.i  # absolute index into the source group',
    'self._post = self.j  # absolute index into the target group',
  ];
  for (const v of s.variables) {
    if (v.origin === 'linked') continue;
    const c = `${v.origin}${v.shared ? ', shared' : ''}, ${v.dtype === 'bool' ? 'boolean' : v.dtype === 'int' ? 'integer' : formatDim(v.dim)}`;
    init.push(
      v.shared
        ? `self.${pyIdent(v.name)} = _np.array(${v.dtype === 'bool' ? 'False' : pythonNumber(v.initial)}, dtype=${dtypeOf(v)})  # ${c}`
        : `self.${pyIdent(v.name)} = _np.zeros(0, dtype=${dtypeOf(v)})  # ${c}`,
    );
  }
  init.push(
    `self.N_incoming = _np.zeros(${s.target.synapses ? 0 : nPost}, dtype=_np.int64)`,
    `self.N_outgoing = _np.zeros(${s.source.synapses ? 0 : nPre}, dtype=_np.int64)`,
  );
  for (const p of s.pathways) {
    const t = triggerOf(p);
    const full = t.start === 0 && t.stop === e.groups.get(t.group)!.n;
    init.push(
      p.delay === null
        ? `self._delay_${pyIdent(p.name)} = _np.zeros(0)  # per-synapse delays of '${comment(p.name)}' (second)`
        : `self._delay_${pyIdent(p.name)} = _np.array(${pythonNumber(p.delay)})  # delay of '${comment(p.name)}' for all synapses (second)`,
      `self._queue_${pyIdent(p.name)} = _syn.Pathway(${t.start}, ${t.stop}, ${full ? 'True' : 'False'}, ${e.groups.get(t.group)!.kind === 'SpikeGeneratorGroup' ? 'False' : 'True'})`,
    );
  }
  init.push('self._dirty = True  # connectivity or delays changed: queues need preparing');

  // ---- growing
  const grow = [
    'i = _np.asarray(i, dtype=_np.int64)',
    'j = _np.asarray(j, dtype=_np.int64)',
    'self.i = _np.concatenate((self.i, i))',
    'self.j = _np.concatenate((self.j, j))',
    s.source.start ? `self._pre = self.i + ${s.source.start}` : 'self._pre = self.i',
    s.target.start ? `self._post = self.j + ${s.target.start}` : 'self._post = self.j',
    ...perSynapse.map((v) => `self.${pyIdent(v.name)} = _np.concatenate((self.${pyIdent(v.name)}, _np.zeros(len(i), dtype=${dtypeOf(v)})))`),
    ...s.pathways
      .filter((p) => p.delay === null)
      .map((p) => `self._delay_${pyIdent(p.name)} = _np.concatenate((self._delay_${pyIdent(p.name)}, _np.zeros(len(i))))`),
    'self.N = len(self.i)',
    `self.N_incoming = _np.bincount(self.j, minlength=${nPost})`,
    `self.N_outgoing = _np.bincount(self.i, minlength=${nPre})`,
    'self._dirty = True',
  ];
  methods.push({ signature: '_grow(self, i, j)', doc: 'Append synapses (Brian2 adds them after the existing ones; new variables start at 0).', lines: grow });

  // ---- start of a run segment
  const start: string[] = [];
  if (s.hoisted.length) {
    start.push(
      ...synapticBindings(
        s.hoisted.flatMap((h) => (h.kind === 'assign' ? [h.expr] : h.M.flat())),
        [],
        all,
      ).filter((l) => !l.startsWith('dt =')),
    );
    start.unshift('dt = self._clock.dt');
    for (const h of s.hoisted) {
      if (h.kind === 'assign') start.push(`self.${pyIdent(h.name)} = ${numpy(h.expr)}`);
      else {
        start.push(`_A, _Phi = _propagator([${h.M.map((row) => `[${row.map(numpy).join(', ')}]`).join(', ')}], dt)`);
        h.A.forEach((row, r) => row.forEach((n, c) => start.push(`self.${pyIdent(n)} = _A[${r}][${c}]`)));
        h.Phi.forEach((row, r) => row.forEach((n, c) => start.push(`self.${pyIdent(n)} = _Phi[${r}][${c}]`)));
      }
    }
  }
  if (s.pathways.length) {
    // Brian2 prepares every queue before a run: delays in steps of the trigger group's clock (again when
    // its dt changed, pending events moved to the new steps).
    for (const p of s.pathways) {
      const sources = p.trigger === 'pre' ? 'self.i' : 'self.j';
      const clock = p.trigger === 'pre' ? 'self._src._clock' : 'self._tgt._clock';
      const q = `self._queue_${pyIdent(p.name)}`;
      start.push(`if self._dirty or ${q}.dt != ${clock}.dt:`, `    ${q}.prepare(${sources}, self._delay_${pyIdent(p.name)}, ${clock})`);
    }
    start.push('self._dirty = False');
  }
  methods.push({
    signature: 'start_segment(self)',
    doc: 'Before each run(): propagators, and the queues prepared for the current synapses and delays.',
    lines: start.length ? start : ['pass'],
  });

  const linked = linkParts(
    s.variables,
    { groupAttrs: e.groupAttrs, groups: e.groups, count: 'self.N', n: null, array: (values, name) => e.array(values, name, 'i8') },
    module,
  );
  methods.push(...linked.methods);
  init.push(...linked.init);

  const calls: SynapsesCalls = { update: null, summed: [], pathways: new Map(), samples: new Map(), selections: new Map(), actions: new Map() };

  // ---- clock-driven update
  if (s.update.length) {
    const name = names.take('update');
    calls.update = name;
    methods.push({
      signature: `${name}(self, t)`,
      doc: `Clock-driven equations (groups slot): ${comment(s.method?.name ?? '')} integration for every synapse.`,
      lines: togetherBody(s.update, all),
    });
  }

  // ---- summed variables
  s.summed.forEach((x, k) => {
    const name = names.take(`summed_${x.variable}_${x.side}`);
    calls.summed[k] = name;
    const owner = x.side === 'pre' ? 'self._src' : 'self._tgt';
    const idx = x.side === 'pre' ? 'self.i' : 'self.j';
    methods.push({
      signature: `${name}(self, t)`,
      doc: `Summed variable ${comment(x.variable)}_${x.side} (groups slot, before the state updates): the sum over each neuron's synapses.`,
      lines: [
        ...synapticBindings([x.expr], [], all),
        `_synaptic_var = _shaped(${numpy(x.expr)}, (self.N,))`,
        x.target.synapses
          ? `${owner}.${pyIdent(x.variable)}[:] = _np.bincount(${idx}, weights=_np.asarray(_synaptic_var, dtype=_np.float64), minlength=${owner}.N)`
          : `${owner}.${pyIdent(x.variable)}[${x.target.start}:${x.target.stop}] = _np.bincount(${idx}, weights=_np.asarray(_synaptic_var, dtype=_np.float64), minlength=${x.target.stop - x.target.start})`,
      ],
    });
  });

  // ---- pathways
  for (const p of s.pathways) {
    const pid = pyIdent(p.name);
    const run = names.take(`pathway_${pid}`);
    const on = names.take(`on_${pid}`);
    calls.pathways.set(p.name, run);
    const spikes = `${p.trigger === 'pre' ? 'self._src' : 'self._tgt'}.${eventAttr(p.event)}`;
    methods.push({
      signature: `${run}(self, n, t)`,
      doc: `Pathway '${comment(p.name)}' (synapses slot): queue the synapses of this step's ${p.trigger}synaptic ${p.event === 'spike' ? 'spikes' : `events '${comment(p.event)}'`}, run the code on those whose events arrive now.`,
      lines: [`_idx = self._queue_${pid}.deliver(${spikes}, n)`, 'if _idx is not None:', `    self.${on}(_idx, t)`],
    });
    const doc = `on_${p.trigger} code of '${comment(p.name)}' for the synapses in _idx`;
    if (p.vectorisation === 'together') {
      methods.push({
        signature: `${on}(self, _idx, t)`,
        doc: `${doc}: no pre/post variable is written, so all statements run on the vectors at once.`,
        lines: togetherBody(p.statements, subset),
      });
    } else if (p.vectorisation === 'per-statement') {
      methods.push({
        signature: `${on}(self, _idx, t)`,
        doc: `${doc}, statement by statement (updates of pre/post variables accumulate over synapses sharing a neuron).`,
        lines: perStatementBody(p.statements, subset),
      });
    } else {
      const one = names.take(`${on}_one`);
      methods.push({
        signature: `${on}(self, _idx, t)`,
        doc: `${doc}, one synapse after the other, as Brian2's numpy target does when it cannot vectorise this code.`,
        lines: ['for _k in range(len(_idx)):', `    self.${one}(_idx[_k:_k + 1], t)`],
      });
      methods.push({
        signature: `${one}(self, _idx, t)`,
        doc: `The code of '${comment(p.name)}' for one synapse.`,
        lines: perStatementBody(p.statements, subset),
      });
    }
  }

  // ---- the script's actions on these synapses (t: their clock's time at that point, 0 before the first run)
  const now = { t: 'self._clock.t' };
  let count = 0;
  for (const a of e.program) {
    if (!('synapses' in a) || a.synapses !== s.id) continue;
    const what = pyStr(lineText(e.source, a.span));
    const dataName = `${module}_${count}`;
    if (a.kind === 'connect') {
      const name = names.take(`connect_${count++}`);
      calls.actions.set(a, name);
      methods.push({
        signature: `${name}(self)`,
        doc: comment(lineText(e.source, a.span)),
        lines: connectLines(a.rule, s, { base: { ...base, ...now }, array: e.array, dataName, what: lineText(e.source, a.span) }),
      });
      originOf.set(methods[methods.length - 1]!, a.span);
    } else if (a.kind === 'set-synaptic' || a.kind === 'set-delay') {
      const name = names.take(a.kind === 'set-delay' ? `set_delay_${count++}` : `init_${count++}`);
      calls.actions.set(a, name);
      const attr = a.kind === 'set-delay' ? `_delay_${pyIdent(a.pathway)}` : pyIdent(a.variable);
      const shared =
        a.kind === 'set-delay' ? s.pathways.find((p) => p.name === a.pathway)!.delay !== null : s.variables.find((v) => v.name === a.variable)!.shared;
      methods.push({
        signature: `${name}(self)`,
        doc: comment(lineText(e.source, a.span)),
        lines: setLines(
          a.index,
          a.value,
          `self.${attr}`,
          shared,
          { ...subset, ...now },
          what,
          e,
          dataName,
          a.kind === 'set-delay',
          a.kind === 'set-synaptic' ? a.op : undefined,
        ),
      });
      originOf.set(methods[methods.length - 1]!, a.span);
    }
  }

  // ---- monitors
  for (const m of e.monitors) {
    if (m.kind !== 'StateMonitor' || m.sourceKind !== 'synapses' || m.source.group !== s.id) continue;
    const name = names.take(`sample_${pyIdent(m.id)}`);
    calls.samples.set(m.id, name);
    const exprs = m.recorded.map((r) => r.expr);
    methods.push({
      signature: `${name}(self, _idx, t)`,
      doc: `Values recorded by the StateMonitor ${comment(m.pyName ?? m.id)} (synapse indices in _idx).`,
      lines: [...synapticBindings(exprs, [], subset), `return [${exprs.map((x) => `_shaped(${numpy(x)}, _idx.shape)`).join(', ')}]`],
    });
    originOf.set(methods[methods.length - 1]!, m.span);
    if (m.recordSelection) {
      // record=S[...]: Brian2's SynapticSubgroup, evaluated when the monitor is created.
      const select = names.take(`recorded_${pyIdent(m.id)}`);
      calls.selections.set(m.id, select);
      const index = m.recordSelection.index;
      const lines = selection(index, pyStr(lineText(e.source, m.span)), e.array, `${module}_${pyIdent(m.id)}_record`);
      if (index.kind === 'condition')
        lines.push(...synapticBindings([index.expr.ast], [], subset), `_idx = _idx[_np.broadcast_to(${numpy(index.expr.ast)}, _idx.shape)]`);
      methods.push({
        signature: `${select}(self)`,
        doc: `The synapses the StateMonitor ${comment(m.pyName ?? m.id)} records (its record=S[...]), among those that exist when it is created.`,
        lines: [...lines, 'return _idx'],
      });
      originOf.set(methods[methods.length - 1]!, m.span);
    }
  }

  const line = e.source.position(s.span.start).line;
  const view: ObjectView = {
    module,
    className,
    doc: `Synapses '${comment(s.id)}'${s.pyName ? ` (${comment(s.pyName)} in the script, line ${line})` : ` (line ${line})`}: ${endName(s.source)} → ${endName(s.target)}.`,
    classDoc: 'Synapses stored sparsely: index arrays i, j and one array per synaptic variable.',
    // A Synapses end's size changes as it connects: read through a property.
    constants: [
      s.source.synapses ? 'N_PRE = property(lambda self: self._src.N)' : `N_PRE = ${nPre}`,
      s.target.synapses ? 'N_POST = property(lambda self: self._tgt.N)' : `N_POST = ${nPost}`,
    ],
    init,
    // Every method names the script line it comes from: a Python error in it is reported at that line.
    methods: marked(methods, (m) => lineMarker(e.source, originOf.get(m) ?? s.span)),
  };
  return { view, calls };
}

/** An initialisation of a synaptic variable or of delays (`S.w['i > j'] = 'rand()*w_max'`). */
function setLines(
  index: IndexIR,
  value: LValue,
  target: string,
  shared: boolean,
  ctx: SynContext,
  what: string,
  e: SynapsesEmitContext,
  dataName: string,
  delays: boolean,
  op?: SetOp,
): string[] {
  const lines: string[] = [];
  const after = delays ? ['self._dirty = True'] : [];
  const computed = (node: ComputedIR) => computedCode(node, { sim: 'self._sim', array: e.array, dataName });
  if (shared) {
    if (value.kind === 'computed') return [assignment(target, '[...]', computed(value.node), op), ...after];
    if (value.kind === 'scalar') return [assignment(target, '[...]', numpy({ k: 'num', v: value.value }), op), ...after];
    // Brian2's scalar code: a random call draws one number.
    if (value.kind === 'expression')
      return [...synapticBindings([value.expr], [], { ...ctx, count: '1' }), assignment(target, '[...]', numpyScalar(value.expr), op), ...after];
    return [assignment(target, '[...]', `${e.array(value.values, dataName, 'f8')}[0]`, op), ...after];
  }
  lines.push(...selection(index, what, e.array, `${dataName}_idx`));
  if (index.kind === 'condition') {
    lines.push(...synapticBindings([index.expr.ast], [], ctx), `_idx = _idx[_np.broadcast_to(${numpy(index.expr.ast)}, _idx.shape)]`);
  }
  if (value.kind === 'scalar') lines.push(assignment(target, '[_idx]', numpy({ k: 'num', v: value.value }), op));
  else if (value.kind === 'array')
    lines.push(assignment(target, '[_idx]', `_syn.values_for(${e.array(value.values, dataName, 'f8')}, len(_idx), ${what})`, op));
  // Numbers the project drew (numpy.random in the script), checked against the number of synapses.
  else if (value.kind === 'computed') lines.push(assignment(target, '[_idx]', `_syn.values_for(${computed(value.node)}, len(_idx), ${what})`, op));
  // Bound again after a condition: `_idx` has changed.
  else lines.push(...synapticBindings([value.expr], [], ctx), assignment(target, '[_idx]', `_np.broadcast_to(${numpy(value.expr)}, _idx.shape)`, op));
  return [...lines, ...after];
}

export type { LStmt };
