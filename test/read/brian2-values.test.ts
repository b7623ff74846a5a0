// What the script can know about Brian2 objects while it builds the model: synapses made by
// deterministic connect() calls, synapse selections, and what stays unknown until the project runs.

import { describe, expect, it } from 'vitest';
import { evaluateScript } from '../helpers/evaluate.js';

const HEAD = `from brian2 import *
import numpy as np
G = NeuronGroup(3, 'v : 1')
H = NeuronGroup(2, 'v : 1')
`;

function values(v: unknown): number[] | undefined {
  const x = v as { t: string; a?: { data: Float64Array }; values?: { data: Float64Array }; v?: number };
  if (x.t === 'array') return Array.from(x.a!.data);
  if (x.t === 'lazy' && x.values) return Array.from(x.values.data);
  if (x.t === 'num') return [x.v!];
  return undefined;
}

describe('synapses known to the script', () => {
  it('lists the synapses of explicit and all-to-all connect() calls in Brian2 order', () => {
    const r = evaluateScript(`${HEAD}S = Synapses(G, H)
S.connect(i=[2, 0], j=[1, 1])
S.connect()
pre = S.i[:]
post = S.j[:]
n = len(S)
run(0*ms)
`);
    expect(r.errors).toEqual([]);
    expect(values(r.get('pre'))).toEqual([2, 0, 0, 0, 1, 1, 2, 2]);
    expect(values(r.get('post'))).toEqual([1, 1, 0, 1, 0, 1, 0, 1]);
    expect(values(r.get('n'))).toEqual([8]);
  });

  it('does not know them after a condition or a probability', () => {
    const r = evaluateScript(`${HEAD}S = Synapses(G, H)
S.connect('i != j')
n = len(S)
pre = S.i
run(0*ms)
`);
    // len(S) is counted by the project when it has made the synapses (a value it computes, like a draw).
    expect(r.get('n')?.t).toBe('drawn');
    expect(values(r.get('pre'))).toBeUndefined();
  });

  it('formats the number of synapses the project makes only as text known when it runs', () => {
    const r = evaluateScript(`${HEAD}S = Synapses(G, H)
S.connect(p=0.5)
text = 'made %d synapses' % len(S)
run(0*ms)
`);
    expect(r.errors).toEqual([]);
    expect(r.get('text')?.t).toBe('unknown');
  });

  it('counts synapses for a print() in code that depends on the device without changing the model', () => {
    const r = evaluateScript(`${HEAD}S = Synapses(G, H)
S.connect(p=0.5)
if get_device().__class__.__name__ == 'RuntimeDevice':
    print('made %d synapses' % len(S))
run(0*ms)
`);
    expect(r.errors).toEqual([]);
  });

  it('turns S.w[S.indices[...]] into the selection it stands for', () => {
    const r = evaluateScript(`${HEAD}S = Synapses(G, H, 'w : 1')
S.connect()
S.w[S.indices[1:, 0]] = 0.5
run(0*ms)
`);
    expect(r.errors).toEqual([]);
    const set = r.ctx.script.actions.find((a) => a.kind === 'set') as { index: { t: string; items: { t: string }[] } };
    expect(set.index.t).toBe('tuple');
    expect(set.index.items.map((x) => x.t)).toEqual(['slice', 'num']);
  });

  it('leaves G.variables to Brian2 (unknown: an error only where the model uses it)', () => {
    const r = evaluateScript(`${HEAD}reg = G.variables
run(0*ms)
`);
    expect(r.errors).toEqual([]);
    expect(r.get('reg')?.t).toBe('unknown');
  });
});
