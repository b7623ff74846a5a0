// Network constructs that are wrong (Brian2 refuses them) or that the converter cannot reproduce
// exactly: each gives one located error with its code, and the text it points at.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';

const HEAD = `from brian2 import *
G = NeuronGroup(5, '''dv/dt = -v/(10*ms) : 1 (unless refractory)
                      I : 1
                      x = 2*v : 1''', threshold='v > 1', reset='v = 0', refractory=1*ms)
H = NeuronGroup(5, 'dv/dt = -v/(10*ms) : 1')
`;

/** [what, script lines after HEAD, code, text the error points at] */
const CASES: [string, string, string, string][] = [
  ['connect= in the constructor', `S = Synapses(G, G, on_pre='v += 1', connect='i != j')`, 'value-error', `'i != j'`],
  ['setting a synaptic variable before connect()', `S = Synapses(G, G, 'w : 1', on_pre='v += w')\nS.w = 1\nS.connect()`, 'value-error', 'S.w = 1'],
  ['a delay for a pathway that does not exist', `S = Synapses(G, G, on_pre='v += 1', delay={'fast': 1*ms})`, 'value-error', `{'fast': 1*ms}`],
  ['a delay in the wrong units', `S = Synapses(G, G, on_pre='v += 1', delay=2*mV)`, 'unit-mismatch', '2*mV'],
  ['on_pre from a group without threshold', `S = Synapses(H, G, on_pre='v += 1')`, 'value-error', `'v += 1'`],
  ['a summed variable into a differential variable', `S = Synapses(G, G, 'v_post = 1.0 : 1 (summed)')`, 'equation-syntax', 'v_post = 1.0 : 1'],
  ['a summed variable with the wrong unit', `S = Synapses(G, G, 'I_post = 1*mV : volt (summed)')`, 'unit-mismatch', 'I_post = 1*mV : volt'],
  ['a synaptic variable named like a neuron variable', `S = Synapses(G, G, 'v : 1', on_pre='v += 1')`, 'equation-syntax', 'v'],
  ['a synaptic variable ending in _post', `S = Synapses(G, G, 'w_post : 1')`, 'equation-syntax', 'w_post'],
  [
    'writing a shared variable of the target',
    `K = NeuronGroup(2, '''dv/dt = -v/(10*ms) : 1\n    s : 1 (shared)''')\nS = Synapses(G, K, on_pre='s_post += 1')\nS.connect()`,
    'read-only',
    's_post',
  ],
  ['writing a subexpression of the target', `S = Synapses(G, G, on_pre='x_post += 1')`, 'read-only', 'x_post'],
  [
    'an event-driven variable coupled to another',
    `S = Synapses(G, G, '''da/dt = (b - a)/(5*ms) : 1 (event-driven)\n    db/dt = -b/(5*ms) : 1 (event-driven)''', on_pre='a += 1')\nS.connect()`,
    'unsupported',
    'da/dt = (b - a)/(5*ms) : 1',
  ],
  [
    'a clock-driven equation that uses an event-driven variable',
    `S = Synapses(G, G, '''da/dt = -a/(5*ms) : 1 (event-driven)\n    dc/dt = (a - c)/(5*ms) : 1 (clock-driven)''', on_pre='a += 1')\nS.connect()`,
    'equation-syntax',
    'dc/dt = (a - c)/(5*ms) : 1',
  ],
  ['a condition combined with i', `S = Synapses(G, G, on_pre='v += 1')\nS.connect('i != j', i=0)`, 'value-error', '0'],
  ['indices outside the target', `S = Synapses(G, G[:3], on_pre='v += 1')\nS.connect(i=[0, 1], j=[2, 3])`, 'value-error', '[2, 3]'],
  ['a generator combined with p', `S = Synapses(G, G, on_pre='v += 1')\nS.connect(j='i', p=0.5)`, 'value-error', '0.5'],
  [
    'a generator over something else than range or sample',
    `S = Synapses(G, G, on_pre='v += 1')\nS.connect(j='k for k in arange(3)')`,
    'code-syntax',
    'arange(3)',
  ],
  ['a generator whose range depends on j', `S = Synapses(G, G, on_pre='v += 1')\nS.connect(j='k for k in range(j)')`, 'value-error', 'j'],
  ['a generator given as condition', `S = Synapses(G, G, on_pre='v += 1')\nS.connect('k for k in range(3)')`, 'value-error', `'k for k in range(3)'`],
  ['a condition that is not boolean', `S = Synapses(G, G, on_pre='v += 1')\nS.connect('i + j')`, 'type-error', `'i + j'`],
  [
    'per-synapse delays for a pathway with a constructor delay',
    `S = Synapses(G, G, on_pre='v += 1', delay=1*ms)\nS.connect()\nS.delay = 'j*ms'`,
    'unsupported',
    `S.delay = 'j*ms'`,
  ],
  ['an event the source does not define', `S = Synapses(G, G, on_pre='v += 1', on_event='burst')`, 'value-error', `'burst'`],
  ['multisynaptic_index', `S = Synapses(G, G, on_pre='v += 1', multisynaptic_index='k')`, 'unsupported', `'k'`],
  ['a PoissonInput into a subexpression', `P = PoissonInput(G, 'x', 10, 5*Hz, 0.1)`, 'read-only', `'x'`],
  ['a PoissonInput weight in the wrong unit', `P = PoissonInput(G, 'v', 10, 5*Hz, 1*mV)`, 'unit-mismatch', '1*mV'],
  ['PoissonGroup rates in the wrong unit', `P = PoissonGroup(5, rates=5*mV)`, 'unit-mismatch', '5*mV'],
  ['a SpikeGeneratorGroup period shorter than its spikes', `S = SpikeGeneratorGroup(2, [0, 1], [1, 5]*ms, period=4*ms)`, 'value-error', '4*ms'],
  ['two spikes of one neuron in one step', `S = SpikeGeneratorGroup(2, [0, 0], [1, 1.02]*ms)`, 'value-error', '[1, 1.02]*ms'],
  ['synapses that are never connected', `S = Synapses(G, G, on_pre='v += 1')`, 'value-error', `Synapses(G, G, on_pre='v += 1')`],
  ['restore before store', `restore('x')\nrun(1*ms)\nstore('x')`, 'brian2-raises', `restore('x')`],
];

describe.each(CASES)('%s', (_what, body, code, text) => {
  it(`is refused with ${code}, pointing at ${text.split('\n')[0]}`, () => {
    const script = `${HEAD}${body}\nrun(1*ms)\n`;
    const r = compile('model.py', script, 'lower');
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}: ${d.message}`)).toHaveLength(1);
    expect(errors[0]!.code).toBe(code);
    const span = errors[0]!.span!;
    expect(script.slice(span.start, span.end).trim()).toBe(text);
  });
});

describe('objects created between runs', () => {
  it("seen by run() together with objects that ran: Brian2's MagicError, at the run", () => {
    const script = `${HEAD}run(1*ms)\nM = PoissonGroup(3, 5*Hz)\nrun(2*ms)\n`;
    const r = compile('model.py', script, 'lower');
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('brian2-raises');
    expect(errors[0]!.message).toMatch(/^Brian2's run\(\) raises MagicError here/);
    expect(script.slice(errors[0]!.span!.start, errors[0]!.span!.end)).toBe('run(2*ms)');
  });
});
