"""The Lava processes of 01_lif_exact.py for Loihi 2 (fixed point).

Every NeuronGroup is its own Lava process (one neuro-core program each on Loihi 2): either Lava's own
LIF with its bit-accurate model, or a generated neuron program in 24-bit integer arithmetic (adds,
multiplies, shifts, comparisons) whose fixed_pt model below is its bit-accurate emulation. Synapses
are Lava's Dense/DelayDense. A clock process sends the step index to every process, which keeps them
in one Lava network; each process records its own monitors and the clock merges them into
results.json after the last step. Only Lava code lives in this package, because Lava imports every
module of it when it looks for process models. See QUANTIZATION.md for the number formats.
"""
import signal
import time

import numpy as np
import numpy as _np

from lava.magma.core.decorator import implements, requires, tag
from lava.magma.core.model.py.model import PyLoihiProcessModel
from lava.magma.core.model.py.ports import PyInPort, PyOutPort
from lava.magma.core.model.py.type import LavaPyType
from lava.magma.core.process.ports.ports import InPort, OutPort
from lava.magma.core.process.process import AbstractProcess
from lava.magma.core.process.variable import Var
from lava.magma.core.resources import CPU
from lava.magma.core.sync.protocols.loihi_protocol import LoihiProtocol

from fixedpoint import runtime as _rt
from fixedpoint.runtime import rshift as _rshift, sat as _sat

DT = 0.0001  # second
TOTAL_STEPS = 2000
PRODUCER = 'brian2lava 0.1.0 (loihi2)'
# Processes that record monitors (one part of results.json each).
PARTS = ['cells']
# Where each neuron group runs (group, where, why); see QUANTIZATION.md, Mapping.
MAPPING = [('cells', 'emulated: custom dynamics', 'Lava\'s LIF does not fit: refractoriness, which Lava\'s bit-accurate LIF does not model')]

# Process models that replace Lava's own in the CPU emulation: none for this network.
EMULATION_MODELS = {}


class Clock(AbstractProcess):
    """Sends the step index to every process; reports progress; merges the results after the last step."""

    def __init__(self, results_path, execution, progress=False, **kwargs):
        super().__init__(results_path=results_path, execution=execution, progress=progress, **kwargs)
        self.tick = OutPort(shape=(1,))


@implements(proc=Clock, protocol=LoihiProtocol)
@requires(CPU)
@tag("fixed_pt")
class PyClockModel(PyLoihiProcessModel):
    tick: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, np.int32, precision=24)

    def __init__(self, proc_params):
        super().__init__(proc_params)
        self._results = proc_params["results_path"]
        self._meta = {"producer": PRODUCER, "dt": DT, "started": time.time(), "execution": proc_params["execution"]}
        self._progress = _rt.Progress(TOTAL_STEPS, proc_params["progress"])

    def run_spk(self):
        self.tick.send(np.array([self.time_step - 1], dtype=np.int32))
        self._progress.update(self.time_step)

    def post_guard(self):
        return self.time_step == TOTAL_STEPS

    def run_post_mgmt(self):
        # Every process wrote its part in the spiking phase of this last step.
        _rt.merge(self._results, PARTS, self._meta)


class _Recording:
    """Part writing shared by the models below: at the last step, and on SIGTERM/Ctrl-C (partial)."""

    def _setup_recording(self, proc_params, part):
        self._results = proc_params["results_path"]
        self._part = part
        self._clipped = {}
        self._meta = {"producer": PRODUCER, "dt": DT, "started": time.time(), "execution": proc_params["execution"]}

        def handler(signum, frame):
            try:
                _rt.write_part(self._results, self._part, self._monitors(), self._clipped, self.time_step, partial=True)
                _rt.merge(self._results, PARTS, self._meta, partial=True)
            finally:
                import os
                os._exit(128 + signum)

        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)

    def _write_part(self):
        _rt.write_part(self._results, self._part, self._monitors(), self._clipped, TOTAL_STEPS)

    def _guarded(self, step):
        try:
            step()
        except Exception as exc:
            _rt.report_error(self._results, exc)
            raise


class Cells(AbstractProcess):
    """NeuronGroup 'neurongroup' (cells in the script, line 21), 5 neurons: generated neuron program; Lava's LIF does not fit: refractoriness, which Lava's bit-accurate LIF does not model."""

    def __init__(self, results_path, execution, **kwargs):
        super().__init__(results_path=results_path, execution=execution, **kwargs)
        shape = (5,)
        self.s_out = OutPort(shape=shape)
        self.tick_in = InPort(shape=(1,))  # the step index from the clock process (keeps every process in one network)
        self.v = Var(shape=shape, init=np.array([-2708393, -2708393, -2708393, -2708393, -2708393], dtype=np.int64))  # v = value * 2**-28 + -0.059910450130701065 volt, 24-bit
        self.not_refractory = Var(shape=shape, init=np.array([1, 1, 1, 1, 1], dtype=np.int64))  # not_refractory (boolean)
        self.refractory_left = Var(shape=shape, init=np.array([0, 0, 0, 0, 0], dtype=np.int64))  # steps of refractoriness left
        self.v__bias = Var(shape=shape, init=np.array([2036003, 2719773, 3403543, 4087313, 4771084], dtype=np.int64))  # constant term of _v (LSB 2^-34)


@implements(proc=Cells, protocol=LoihiProtocol)
@requires(CPU)
@tag("fixed_pt")
class PyCellsFixed(PyLoihiProcessModel, _Recording):
    """Bit-accurate emulation of the neuron program of Cells (int64 arrays, 24-bit saturation)."""

    s_out: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, bool, precision=1)
    tick_in: PyInPort = LavaPyType(PyInPort.VEC_DENSE, np.int32, precision=24)
    v: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=24)
    not_refractory: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=1)
    refractory_left: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=8)
    v__bias: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=24)

    def __init__(self, proc_params):
        super().__init__(proc_params)
        self._n = 5
        self._spiking = np.zeros(5, dtype=bool)
        self._setup_recording(proc_params, "cells")
        self._m_statemonitor = _rt.StateRecorder(np.array([0, 2, 4], dtype=np.int64), ['v'], [2.0 ** -28], [-0.059910450130701065], TOTAL_STEPS, 1, DT)
        self._m_statemonitor_idx = self._m_statemonitor.record + 0
        self._m_spikemonitor = _rt.SpikeRecorder(0, 5, DT)

    def run_spk(self):
        self._guarded(self._step)

    def _step(self):
        n = self.time_step - 1
        N = self._n
        self.tick_in.recv()
        v = self.v.astype(np.int64)
        not_refractory = self.not_refractory.astype(bool)
        _refractory_left = self.refractory_left.astype(np.int64)
        # resets slot of the previous step (after its synaptic input, as in Brian2)
        spiked = self._spiking
        v = _sat(_np.where(spiked, (-1366216), v), 'v', self._clipped)
        # start slot: StateMonitors
        if self._m_statemonitor.due(n):
            self._m_statemonitor.record_values(n, [_np.broadcast_to(v, (N,))[self._m_statemonitor_idx]])
        # groups slot: state update
        _refractory_left = _np.where((_refractory_left > 0), (_refractory_left + (-1)), 0)
        not_refractory = (_refractory_left == 0)
        _v = _sat(_rshift((((v * 253) + _rshift(v * 15192019, 25)) + (self.v__bias << 2)), 8), '_v', self._clipped)
        v = _sat(_np.where(not_refractory, _v, v), 'v', self._clipped)
        # thresholds slot
        spiking = _np.broadcast_to(((v > 2660316) & not_refractory), (N,)).copy()
        not_refractory = _np.where(spiking, False, not_refractory)
        _refractory_left = _np.where(spiking, 20, _refractory_left)
        self._m_spikemonitor.record(spiking, n)
        self._spiking = spiking
        self.v[:] = v
        self.not_refractory[:] = not_refractory
        self.refractory_left[:] = _refractory_left
        self.s_out.send(spiking)
        if n + 1 == TOTAL_STEPS:
            self._write_part()

    def _monitors(self):
        return {
            'trace': self._m_statemonitor.result('neurongroup'),
            'spikes': self._m_spikemonitor.result('neurongroup'),
        }


def build(results_path, execution, progress=False):
    """All processes of the network, connected (the first one is the clock)."""
    clock = Clock(results_path=results_path, execution=execution, progress=progress)
    procs = [clock]
    cells = Cells(results_path=results_path, execution=execution, name='cells')
    clock.tick.connect(cells.tick_in)
    procs.append(cells)
    return procs
