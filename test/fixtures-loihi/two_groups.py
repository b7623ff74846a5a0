# Two unconnected groups (two Lava processes kept in one network by the clock), a monitor on a subgroup,
# a population rate and a state monitor recording every fifth step.
# conformance: exact
# features: neurongroup, exact, euler, refractory, subgroup, string_init, statemonitor, spikemonitor, ratemonitor
from brian2 import *
defaultclock.dt = 0.1*ms
A = NeuronGroup(4, 'dv/dt = (I - v)/(12*ms) : 1\nI : 1', threshold='v > 1', reset='v = 0', method='exact')
A.I = '1.1 + 0.2*i'
B = NeuronGroup(3, 'dv/dt = (J - v)/(20*ms) : volt\nJ : volt', threshold='v > 10*mV', reset='v = -5*mV', refractory=3*ms, method='euler')
B.J = [12, 15, 30]*mV
sa = SpikeMonitor(A[1:3])
sb = SpikeMonitor(B)
ra = PopulationRateMonitor(A)
mb = StateMonitor(B, 'v', record=[0, 2], dt=0.5*ms)
run(80*ms)
