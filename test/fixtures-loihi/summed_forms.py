# Summed variables as graded spikes: gap junctions in volts (offset registers) into a whole-group
# subgroup (Brian2 updates that summed variable after the state update), and a summed readout of
# another group (compiled after its source; before its state update).
# conformance: fixed
# features: neurongroup, exact, synapses, summed, subgroup, parameter, string_init, statemonitor, spikemonitor
from brian2 import *

defaultclock.dt = 0.1*ms

tau = 10*ms
E_L = -65*mV
G = NeuronGroup(6, '''dv/dt = (E_L - v + drive + I_gap)/tau : volt
                      drive : volt (constant)
                      I_gap : volt''', threshold='v > -50*mV', reset='v = -65*mV', method='exact')
G.drive = '16*mV + 1.5*mV*i'
G.v = 'E_L + 2*mV*i'

gap = Synapses(G, G[:], '''w : 1
                          I_gap_post = w*(v_pre - v_post) : volt (summed)''')
gap.connect(condition='i != j')
gap.w = '0.01 + 0.01*((i + j) % 3)'

H = NeuronGroup(3, '''dv/dt = (I_sum - v)/(5*ms) : volt
                      I_sum : volt''', method='exact')
readout = Synapses(G, H, '''I_sum_post = 0.2*v_pre : volt (summed)''')
readout.connect(j='i % 3')

g_mon = StateMonitor(G, ['v', 'I_gap'], record=[0, 3, 5])
h_mon = StateMonitor(H, ['v', 'I_sum'], record=True)
spikes = SpikeMonitor(G)

run(80*ms)
