# The neurons and monitors of shared fixture 10_synaptic_chain without its Synapses: the Loihi test adds
# the chain's projection (v_post += 1.1, delay 1.5 ms) itself until the lowering produces Synapses.
# conformance: fixed
# features: neurongroup, exact, parameter, statemonitor, spikemonitor
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

chain_v = StateMonitor(chain, 'v', record=[0, 1, 9])
chain_spikes = SpikeMonitor(chain)

run(150*ms)
