# Every import form scripts use: star imports, named imports with aliases, dotted modules and submodules.
from brian2 import NeuronGroup, StateMonitor as StateMon, run, defaultclock
from brian2.units import ms, mV, second
from brian2.units.allunits import umetre2, cmetre, kohm
from brian2.units.stdunits import nA, pF
from brian2.units.constants import faraday_constant as F, gas_constant as R, zero_celsius
import brian2 as b2
import brian2.numpy_ as bnp
import numpy as np, math
import numpy.random
from numpy import exp as np_exp, pi
from math import log
import matplotlib.pyplot as plt
from matplotlib import pyplot

T = zero_celsius + 37*b2.kelvin
E_K = R*T/F*log(4.0/140.0)           # a Nernst potential, in volt
area = 2000*umetre2 + 0.001*cmetre**2
C = 1*b2.ufarad/b2.cm**2*area
R_in = 150*kohm
tau = R_in*C
defaultclock.dt = 0.05*ms

G = NeuronGroup(4, 'dv/dt = (E_K - v)/tau : volt', method='exact')
G.v = np.linspace(-70, -60, 4)*mV + bnp.zeros(4)*mV
mon = StateMon(G, 'v', record=True)
b2.run(5*ms)
run(5*ms)
plt.plot(mon.t/ms, mon.v[0]/mV)
