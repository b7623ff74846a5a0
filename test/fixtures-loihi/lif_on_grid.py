# Leaky integrate-and-fire cells whose decay (dt/tau = 1/128) and drives fall on Loihi's LIF grid, so the
# Loihi 2 backend maps them onto Lava's own bit-accurate LIF process.
# conformance: fixed
# features: neurongroup, euler, parameter, array_init, statemonitor, spikemonitor
from brian2 import *
import numpy as np

defaultclock.dt = 0.1*ms

tau = 12.8*ms

grid = NeuronGroup(4, 'dv/dt = (I - v)/tau : 1\nI : 1', threshold='v > 1', reset='v = 0', method='euler')
grid.I = np.array([1.25, 1.5, 2.0, 3.0])
grid.v = np.array([0.0, 0.25, 0.5, 0.75])

grid_v = StateMonitor(grid, 'v', record=[0, 2, 3])
grid_spikes = SpikeMonitor(grid)

run(120*ms)
