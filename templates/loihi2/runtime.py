"""Support code of projects brian2lava generates for Loihi 2 (copied verbatim, not templated).

Integer helpers of the neuron programs (rounding shifts, 24-bit saturation with counting), monitors
that record inside each process, and the results writer: every process writes its part of the results
at the last step, and the last one to finish merges the parts into results.json ("brian2lava-results/1",
SI units). Nothing here imports Lava.
"""
import json
import os
import sys
import time
import traceback

import numpy as _np

STATE_MAX = 2 ** 23 - 1


# ---------------------------------------------------------------- integer arithmetic

def rshift(p, s):
    """round(p / 2**s) for s >= 0: add half of the last kept unit, then an arithmetic right shift."""
    s = _np.asarray(s, dtype=_np.int64)
    return (_np.asarray(p, dtype=_np.int64) + ((_np.int64(1) << s) >> 1)) >> s


def sat(x, name, counts):
    """Clip to 24-bit signed (as Loihi's state registers saturate) and count the clipped values."""
    x = _np.asarray(x, dtype=_np.int64)
    over = _np.abs(x) > STATE_MAX
    if over.any():
        counts[name] = counts.get(name, 0) + int(_np.count_nonzero(over))
        x = _np.clip(x, -STATE_MAX, STATE_MAX)
    return x


# ---------------------------------------------------------------- monitors

class SpikeRecorder:
    """Spikes of a group (or a slice of it), stamped with the step's time."""

    def __init__(self, start, stop, dt):
        self.start, self.stop, self.dt = start, stop, dt
        self._i, self._t = [], []

    def record(self, spiking, step):
        idx = _np.flatnonzero(spiking)
        idx = idx[(idx >= self.start) & (idx < self.stop)]
        if len(idx):
            self._i.append(idx - self.start)
            self._t.append(_np.full(len(idx), step * self.dt))

    def result(self, source):
        i = _np.concatenate(self._i) if self._i else _np.zeros(0, dtype=_np.int64)
        t = _np.concatenate(self._t) if self._t else _np.zeros(0)
        return {"type": "SpikeMonitor", "source": source, "i": [int(x) for x in i], "t": t.tolist()}


class StateRecorder:
    """Integer values at some indices every `every` steps; turned into SI (int * scale + offset) at the end."""

    def __init__(self, record, names, scales, offsets, total_steps, every, dt):
        self.record = _np.asarray(record, dtype=_np.int64)
        self.names, self.scales, self.offsets = list(names), list(scales), list(offsets)
        self.every, self.dt = every, dt
        samples = (total_steps + every - 1) // every if total_steps else 0
        self.t = _np.zeros(samples)
        self.values = {n: _np.zeros((len(self.record), samples), dtype=_np.int64) for n in names}
        self.count = 0

    def due(self, step):
        return step % self.every == 0

    def record_values(self, step, values):
        k = self.count
        if k >= len(self.t):
            return
        self.t[k] = step * self.dt
        for name, v in zip(self.names, values):
            self.values[name][:, k] = _np.broadcast_to(v, self.record.shape)
        self.count += 1

    def result(self, source):
        k = self.count
        variables = {}
        for name, scale, offset in zip(self.names, self.scales, self.offsets):
            variables[name] = (self.values[name][:, :k] * scale + offset).tolist()
        return {"type": "StateMonitor", "source": source, "record": [int(x) for x in self.record],
                "t": self.t[:k].tolist(), "variables": variables}


class RateRecorder:
    """Population rate: spikes of the step / (N*dt)."""

    def __init__(self, start, stop, total_steps, dt):
        self.start, self.stop, self.dt = start, stop, dt
        self.t = _np.zeros(total_steps)
        self.rate = _np.zeros(total_steps)
        self.count = 0

    def record(self, spiking, step):
        k = self.count
        if k >= len(self.t):
            return
        self.t[k] = step * self.dt
        self.rate[k] = _np.count_nonzero(spiking[self.start:self.stop]) / ((self.stop - self.start) * self.dt)
        self.count += 1

    def result(self, source):
        k = self.count
        return {"type": "PopulationRateMonitor", "source": source, "t": self.t[:k].tolist(), "rate": self.rate[:k].tolist()}


# ---------------------------------------------------------------- results

def _write_json(path, data):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def parts_dir(results_path):
    return results_path + ".parts"


def write_part(results_path, name, monitors, saturated, steps, partial=False):
    """This process's monitors (already in SI) and saturation counts."""
    folder = parts_dir(results_path)
    os.makedirs(folder, exist_ok=True)
    _write_json(os.path.join(folder, name + ".json"),
                {"monitors": monitors, "saturated": saturated, "steps": steps, "partial": partial})


def merge(results_path, expected, meta, partial=False):
    """Merge the parts into results.json once every process has written its part; True when done."""
    folder = parts_dir(results_path)
    parts = {}
    for name in expected:
        path = os.path.join(folder, name + ".json")
        if not os.path.exists(path):
            if not partial:
                return False
            continue
        with open(path) as fh:
            parts[name] = json.load(fh)
    monitors, saturated = {}, {}
    steps = min((p["steps"] for p in parts.values()), default=0)
    for name, p in parts.items():
        monitors.update(p["monitors"])
        for var, count in p["saturated"].items():
            saturated["%s.%s" % (name, var)] = count
    data = {
        "format": "brian2lava-results/1",
        "producer": meta["producer"],
        "dt": meta["dt"],
        "t_end": steps * meta["dt"],
        "wall_s": time.time() - meta["started"],
        "partial": partial or any(p.get("partial") for p in parts.values()),
        "execution": meta["execution"],
        "saturated": saturated,
        "monitors": monitors,
    }
    _write_json(results_path, data)
    return True


def report_error(results_path, exc):
    """Write error.json next to the results: Lava's child processes can lose their tracebacks."""
    frames = traceback.extract_tb(exc.__traceback__)
    here = [f for f in frames if os.sep + "lava_network" + os.sep in f.filename]
    where = None
    if here:
        f = here[-1]
        where = "%s:%d: %s" % (os.path.basename(f.filename), f.lineno, (f.line or "").strip())
    path = os.path.join(os.path.dirname(results_path), "error.json")
    with open(path, "w") as fh:
        json.dump({"type": type(exc).__name__, "message": str(exc), "where": where,
                   "traceback": traceback.format_exc()}, fh)


class Progress:
    """Machine-readable progress lines on stderr (read by the brian2lava CLI), at most twice a second."""

    def __init__(self, total_steps, enabled):
        self.total, self.enabled = total_steps, enabled
        self.start = time.time()
        self.last = 0.0

    def update(self, step):
        if not self.enabled:
            return
        now = time.time()
        if now - self.last >= 0.5 or step == self.total:
            self.last = now
            sys.stderr.write("BRIAN2LAVA-PROGRESS %d %d %.3f\n" % (step, self.total, now - self.start))
            sys.stderr.flush()


def raster(n, steps, spike_steps, spike_indices):
    """The spikes of a host spike stream as a (neurons, steps) array of 0/1 (RingBuffer's data)."""
    data = _np.zeros((n, steps), dtype=_np.int32)
    data[_np.asarray(spike_indices, dtype=_np.int64), _np.asarray(spike_steps, dtype=_np.int64)] = 1
    return data


def load(name):
    """An array of the project's data folder."""
    return _np.load(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", name + ".npy"))
