# Reference model for the Loihi synapse test: the feed-forward chain of 10_synaptic_chain with zero delay
# (Brian2 delivers in the spiking step; Lava's Dense one step later, which the neuron program absorbs).
# conformance: fixed
# features: neurongroup, exact, synapses, on_pre, connect_ij, parameter, statemonitor, spikemonitor
from brian2 import *
import numpy as np

defaultclock.dt = 0.1*ms

n_links = 10
tau = 10*ms
v_th = 1.0

eqs = '''
dv/dt = (I_drive - v)/tau : 1
I_drive : 1
'''

chain = NeuronGroup(n_links, eqs, threshold='v > v_th', reset='v = 0', method='exact')
chain.I_drive = 0.0
chain.I_drive[0] = 1.25      # only the first cell fires on its own

links = Synapses(chain, chain, model='w : 1', on_pre='v_post += w')
links.connect(i=np.arange(n_links - 1), j=np.arange(1, n_links))
links.w = 1.1

chain_v = StateMonitor(chain, 'v', record=[0, 1, 9])
chain_spikes = SpikeMonitor(chain)

run(150*ms)
