"""The Lava side of the converted model: a Process and its ProcessModel for the CPU simulator.

The whole network runs in one Lava process: Lava's Python runtime costs about 100-130 µs per time
step and process whatever the size of the arrays (and more per connected port), so one process with
vectorised numpy is the fastest mapping, and it keeps Brian2's schedule exact (Lava's channels would
add a step of latency between groups). The simulation engine is the package `engine` next to this
folder; only Lava code lives here, because Lava imports every module of this package when it looks
for process models.

Two models implement the process; run.py picks one (`--protocol`):
- PyBrianNetworkAsyncModel (AsyncProtocol): run_async() loops over the steps of a run() itself. With a
  single process there is nothing to keep in lockstep, so Brian2's schedule is unchanged, and Lava's
  per-step barrier (a round trip between its runtime service and the process) is not paid;
- PyBrianNetworkModel (LoihiProtocol): Lava calls run_spk() once per step, in lockstep with its
  runtime, as a network of several Lava processes would need.
"""
import json
import os
import signal
import traceback

import numpy as np

from lava.magma.core.decorator import implements, requires, tag
from lava.magma.core.model.py.model import PyAsyncProcessModel, PyLoihiProcessModel
from lava.magma.core.model.py.type import LavaPyType
from lava.magma.core.process.process import AbstractProcess
from lava.magma.core.process.variable import Var
from lava.magma.core.resources import CPU
from lava.magma.core.sync.protocols.async_protocol import AsyncProtocol
from lava.magma.core.sync.protocols.loihi_protocol import LoihiProtocol

from engine.simulation import Simulation, TOTAL_STEPS


class BrianNetwork(AbstractProcess):
    """The converted network of 10_synaptic_chain.py."""

    def __init__(self, results_path, progress=False, seed=None, **kwargs):
        super().__init__(results_path=results_path, progress=progress, seed=seed, **kwargs)
        # Lava time steps done, readable with .get() after a run.
        self.steps_done = Var(shape=(1,), init=0)


@implements(proc=BrianNetwork, protocol=LoihiProtocol)
@requires(CPU)
@tag("floating_pt")
class PyBrianNetworkModel(PyLoihiProcessModel):
    steps_done: np.ndarray = LavaPyType(np.ndarray, np.int32)

    def __init__(self, proc_params):
        super().__init__(proc_params)
        self._sim = None

    def run_spk(self):
        try:
            if self._sim is None:
                self._sim = Simulation(self.proc_params["results_path"], self.proc_params["progress"], self.proc_params["seed"])
                self._save_on_signal()
            self._sim.step()
            self.steps_done[0] = self._sim.steps_done
            if self._sim.steps_done == TOTAL_STEPS:
                # Results are written here, inside the process: reading them through Lava's
                # get() would move one element per message.
                self._sim.finish()
        except Exception as exc:
            self._report(exc)
            raise

    def _save_on_signal(self):
        """Ctrl-C or SIGTERM: keep what was recorded so far (results.json marked partial)."""
        sim = self._sim

        def handler(signum, frame):
            try:
                sim.finish(partial=True)
            finally:
                os._exit(128 + signum)

        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)

    def _report(self, exc):
        """Write error.json next to the results: Lava's child processes can lose their tracebacks."""
        frames = traceback.extract_tb(exc.__traceback__)
        engine = [f for f in frames if os.sep + "engine" + os.sep in f.filename]
        where = None
        if engine:
            f = engine[-1]
            where = "%s:%d: %s" % (os.path.relpath(f.filename, os.path.dirname(os.path.dirname(__file__))), f.lineno, (f.line or "").strip())
        path = os.path.join(os.path.dirname(self.proc_params["results_path"]), "error.json")
        with open(path, "w") as fh:
            json.dump({"type": type(exc).__name__, "message": str(exc), "where": where,
                       "traceback": traceback.format_exc()}, fh)
        # Keep what was recorded up to the error (results.json marked partial), unless the error came
        # after the complete results were written.
        if self._sim is not None and self._sim.steps_done < TOTAL_STEPS:
            try:
                self._sim.finish(partial=True)
            except Exception:
                pass


@implements(proc=BrianNetwork, protocol=AsyncProtocol)
@requires(CPU)
@tag("floating_pt")
class PyBrianNetworkAsyncModel(PyAsyncProcessModel):
    """The same work as PyBrianNetworkModel, with the loop over the steps of a run() done here.

    Its methods are PyBrianNetworkModel's own (plain functions, shared so that the two models cannot
    drift apart): set-up on the first step, results at the last, error.json and partial results on an
    error or a signal. No STOP or PAUSE can arrive during the loop: run.py's run() blocks until the
    steps are done, and Ctrl-C reaches this process as a signal.
    """

    steps_done: np.ndarray = LavaPyType(np.ndarray, np.int32)

    def __init__(self, proc_params):
        super().__init__(proc_params)
        self._sim = None

    def run_async(self):
        step = self._one_step
        for _ in range(self.num_steps):
            step()

    _one_step = PyBrianNetworkModel.run_spk
    _save_on_signal = PyBrianNetworkModel._save_on_signal
    _report = PyBrianNetworkModel._report
