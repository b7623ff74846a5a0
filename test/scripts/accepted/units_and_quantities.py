# The unit table: base and derived units, prefixes, metre and meter, powers, arithmetic with quantities.
from brian2 import *

length = 1*metre + 50*cmeter + 3*mmetre + 20*um + 1*meter
area = 1500*um2 + 0.0001*cm2 + (2*umetre)**2
volume = 1*um3
Cm = 1*ufarad/cm2
gNa = 100*msiemens/cm**2
C = Cm*area
g = gNa*area
rate = 5*kHz + 10*Hz + 0.001*MHz
charge = 3*coulomb/second*ms
conc = 2*mM + 150*mmolar
energy = 1*joule/coulomb
assert abs(energy - 1*volt) < 1*nvolt
ratio = (10*mV)/(2*volt)
inv = 1/(10*ms)
root = sqrt(4*nA**2)
tau = C/g
eqs = '''
dv/dt = (E - v)/tau_m + I/C_m : volt
I : amp
tau_m : second
C_m : farad
E : volt
area_var : metre**2
current_density : amp/meter**2
density : 1/metre**3
rate_var : Hz
conc_var : mM
dim : 1
flag : boolean
count : integer
'''
G = NeuronGroup(2, eqs, method='euler')
G.tau_m = tau
G.C_m = C
G.E = -65*mV
G.area_var = area
G.current_density = 1*uA/cm2
G.density = 1/volume
G.rate_var = rate
G.conc_var = conc
G.flag = 'i == 0'
G.count = 'i + 1'
run(1*ms)
