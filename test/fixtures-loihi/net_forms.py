# Network forms the Loihi 2 backend maps: a periodic spike generator, connect() by generator, condition
# and n, subgroups, mixed-sign weights set by expression, slice and condition, per-synapse delays from an
# expression, input written only where not refractory.
# conformance: fixed
# features: neurongroup, exact, refractory, spikegenerator, synapses, connect_generator, connect_condition, subgroup, heterogeneous_delay, statemonitor, spikemonitor, ratemonitor
from brian2 import *

defaultclock.dt = 0.1*ms

gen = SpikeGeneratorGroup(2, [0, 1, 0], [1, 3.05, 6]*ms, period=10*ms)
G = NeuronGroup(8, '''dv/dt = (I - v)/(8*ms) : 1 (unless refractory)
                      I : 1''', threshold='v > 1', reset='v = 0', refractory=1.5*ms, method='exact')
G.I = '0.6 + 0.08*i'

feed = Synapses(gen, G, 'w : 1', on_pre='v_post += w')
feed.connect(j='k for k in range(i*4, i*4 + 5) if k != 2', skip_if_invalid=True)
feed.w = '0.45 - 0.12*j + 0.3*i'

fwd = Synapses(G[:4], G[4:], on_pre='v_post += 0.07', delay=2*ms)
fwd.connect(condition='i != j', n=2)

back = Synapses(G, G, 'w : 1', on_pre='v_post -= w')
back.connect(condition='j == (i + 3) % 8')
back.w = 0.2
back.w[0:3] = [0.1, 0.15, 0.05]
back.w['i > 5'] = '0.02*j'
back.delay = '(0.5 + 0.7*i)*ms'

v_mon = StateMonitor(G, 'v', record=[0, 5, 7])
spikes = SpikeMonitor(G)
gen_spikes = SpikeMonitor(gen)
rate = PopulationRateMonitor(G[4:])

run(60*ms)
