# Temporaries in a reset and in on_pre code, substituted by the Loihi 2 backend (a neuron program keeps no registers for them).
# conformance: fixed
# features: neurongroup, synapses, temporaries, reset
from brian2 import *

cells = NeuronGroup(3, 'dv/dt = (1.5 + 0.1*i - v)/(10*ms) : 1', threshold='v > 1',
                    reset='''overshoot = v - 1
                             v = 0.2*overshoot''', method='exact')
ring = Synapses(cells, cells, 'w : 1', on_pre='''half = 0.5*w
                                                v_post += half''')
ring.connect(j='(i + 1) % 3')
ring.w = 0.2
spikes = SpikeMonitor(cells)
volts = StateMonitor(cells, 'v', record=True)
run(30*ms)
