# Names that clash with Python, with numpy, or with the generated code itself, in a model Brian2 accepts:
# builtins and soft keywords as variables, a variable that ends in '_', object names that are module
# constants or classes of the generated simulation, namespace keys that are builtins or not identifiers
# at all. The converted project must behave exactly like Brian2.
# conformance: exact
from brian2 import *

defaultclock.dt = 0.1*ms

len = 10*ms          # a builtin, shadowed in the script too
DT = -50*mV          # a module constant of the generated simulation.py
self_ = 3*mV
input = TimedArray([0, 2, 4, 1]*mV, dt=5*ms, name='print')

eqs = '''
dv/dt = (E_rest - v + update + input(t))/len : volt (unless refractory)
update : volt
spikes : 1
match : 1
type : 1
v_ : volt
max : 1
K : 1
idx : 1
np : 1
'''

G = NeuronGroup(4, eqs, threshold='v > DT', reset='v = E_rest + self_; spikes += 1; v_ = v_ - self_; K += 2; idx = idx + match',
                refractory=2*ms, method='exact', name='TOTAL_STEPS',
                namespace={'E_rest': -70*mV, 'DT': -50*mV, 'self_': 3*mV, 'len': 10*ms, 'input': input,
                           "we'ird\nkey": 1*ms, 'lambda': 2, '': 3})
G.v = -70*mV
G.update = '25*mV + 2*mV*i'
G.match = 'i'
G.type = 2
G.max = '0.5 + 0.1*i'
G.np['i > 1'] = 'type*max'

time = StateMonitor(G, ['v', 'spikes', 'v_', 'match', 'K', 'idx', 'np'], record=[0, 3], name='os')
sim = SpikeMonitor(G, name='Simulation')
run(30*ms)
