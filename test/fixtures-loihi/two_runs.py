# Two runs with changes between them (a parameter for all cells, the state of one cell): the Loihi 2
# backend writes new tables and the assigned elements only, before the second run.
# conformance: exact
# features: neurongroup, exact, refractory, parameter, array_init, statemonitor, spikemonitor
from brian2 import *
defaultclock.dt = 0.1*ms
tau = 10*ms
G = NeuronGroup(3, 'dv/dt = (drive - v)/tau : volt (unless refractory)\ndrive : volt', threshold='v > 15*mV', reset='v = 0*mV', refractory=1*ms, method='exact')
G.drive = [10, 20, 30]*mV
M = StateMonitor(G, 'v', record=True)
S = SpikeMonitor(G)
run(50*ms)
G.drive = [25, 12, 40]*mV
G.v[0] = 5*mV
run(50*ms)
