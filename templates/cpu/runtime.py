"""Support code shared by every project brian2lava generates (copied verbatim, not templated).

Brian2's built-in functions with Brian2's exact numerical definitions, the propagators of exact
integration, monitors that record inside the model (Lava's own Monitor moves one element per message),
and the writer of results.json in the "brian2lava-results/1" format.
"""
import copy
import json
import os
import sys
import time

import numpy as _np


_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def load_data(name):
    """An array the converter wrote to engine/data/NAME.npy (arrays too long to inline in the code)."""
    return _np.load(os.path.join(_DATA, name + ".npy"))



# ---------------------------------------------------------------- Brian2's clocks

class Clock:
    """A Brian2 Clock: its dt and its integer time step n, with t = n*dt (as Brian2 computes it).

    Between its ticks a clock shows its next time, as in Brian2, where a clock advances right after the
    objects on it have run: code reading the t of a clock that does not tick in this step sees that time.
    `due` says whether it ticks in the current step (several clocks at different dts).
    """

    __slots__ = ("name", "dt", "n", "t", "end", "due", "last")

    def __init__(self, name, dt):
        self.name = name
        self.dt = _np.float64(dt)
        self.n = 0
        self.t = _np.float64(0.0)
        self.end = 0
        self.due = False
        # The step it stood at when the current run started (where its previous run ended).
        self.last = 0

    def set_interval(self, dt, start, end):
        """A run starts: its dt for this run, its first step and its end step (computed by the converter)."""
        self.last = self.n
        self.dt = _np.float64(dt)
        self.n = start
        self.t = start * self.dt
        self.end = end
        self.due = False

    def set_time(self, t):
        """Brian2's Clock._set_t_update_dt (store()): the step of time t, rounded as _calc_timestep does."""
        i = _np.int64(_np.round(t / self.dt))
        if i * self.dt == t or _np.abs(i * self.dt - t) / self.dt <= 1e-4:
            self.n = int(i)
        else:
            self.n = int(_np.ceil(t / self.dt))
        self.t = self.n * self.dt

    def advance(self):
        self.n += 1
        self.t = self.n * self.dt

    def state(self):
        return (self.dt, self.n, self.t)

    def set_state(self, state):
        self.dt, self.n, self.t = state


def tick(clocks, step):
    """One iteration of Brian2's Network.run over several clocks: the clocks with the smallest time
    (equal, or within 1e-4 of the smaller dt) tick together and `step()` runs the objects on them; then
    each of them advances. The first clock of the smallest time decides when the run ends."""
    first = clocks[0]
    for c in clocks:
        if c.t < first.t:
            first = c
    if first.n >= first.end:
        raise RuntimeError("brian2lava: the run's clocks ended before the converter's count of its steps (please report this)")
    t_min, dt_min = first.t, first.dt
    for c in clocks:
        c.due = c.t == t_min or abs(c.t - t_min) / min(dt_min, c.dt) < 1e-4
    step()
    for c in clocks:
        if c.due:
            c.n += 1
            c.t = c.n * c.dt


def clocks_done(clocks):
    """Whether Brian2's loop over these clocks would stop now (the converter's count of steps is checked)."""
    first = clocks[0]
    for c in clocks:
        if c.t < first.t:
            first = c
    return first.n >= first.end


# ---------------------------------------------------------------- Brian2's functions

def timestep(t, dt):
    """Brian2's timestep(): shift by 1e-3*dt, then truncate, so exact multiples of dt stay put."""
    if isinstance(t, _np.ndarray):
        steps = t + 1e-3 * dt  # a new array: divided in place
        steps /= dt
        return steps.astype(_np.int64)
    return _np.int64((t + 1e-3 * dt) / dt)


def shaped(x, shape):
    """`x` as an array of `shape` (a scalar or a per-element value); no copy when it already is one."""
    if isinstance(x, _np.ndarray) and x.shape == shape:
        return x
    return _np.broadcast_to(x, shape)


def int_(x):
    """Brian2's int(): truncation towards zero (booleans give 0 or 1)."""
    return _np.trunc(_np.asarray(x, dtype=_np.float64)).astype(_np.int64)


def exprel(x):
    """(exp(x) - 1)/x, with its limit 1 at x = 0."""
    x = _np.asarray(x, dtype=_np.float64)
    with _np.errstate(invalid="ignore", divide="ignore"):
        out = _np.where(x == 0, 1.0, _np.expm1(x) / _np.where(x == 0, 1.0, x))
    return out


def _timed_array_function(values, array_dt, sim_dt):
    """A TimedArray as Brian2's numpy target evaluates it for code on a clock of dt `sim_dt`
    (upsampling factor K against that step)."""
    K = max(int(2 ** _np.ceil(_np.log2(8 / sim_dt * array_dt))), 1)
    epsilon = array_dt / K
    n_values = values.shape[0]

    def index(t):
        return _np.clip(_np.int_(_np.round(_np.asarray(t) / epsilon) / K), 0, n_values - 1)

    if values.ndim == 1:
        return lambda t: values[index(t)]
    return lambda t, i: values[index(t), i]


class TimedArray:
    """A TimedArray of the script: `at(dt)` is its function for code on a clock of that dt (Brian2
    builds one per code object, with the dt of the object's clock). `compute`: the values, computed at
    the first use when they come from numbers the project drew (numpy.random in the script)."""

    def __init__(self, values, array_dt, compute=None):
        self._values = None if values is None else _np.asarray(values, dtype=_np.float64)
        self._compute = compute
        self._dt = array_dt
        self._by_dt = {}

    def at(self, dt):
        f = self._by_dt.get(dt)
        if f is None:
            if self._values is None:
                self._values = _np.asarray(self._compute(), dtype=_np.float64)
            f = self._by_dt[dt] = _timed_array_function(self._values, self._dt, dt)
        return f


# ---------------------------------------------------------------- values drawn while the model is built

def shuffled(x):
    """numpy.random.shuffle(x) of the script, on a copy: the same draws, the shuffled array returned."""
    x = _np.array(x, copy=True)
    _np.random.shuffle(x)
    return x


def spike_generator(indices, times, n, dt, period, what):
    """A SpikeGeneratorGroup's drawn spikes with Brian2's checks (made with the group's dt), sorted by
    time then index; returns (indices, times) (spike_bins gives their time bins)."""
    indices = _np.asarray(indices)
    times = _np.asarray(times, dtype=_np.float64)
    if len(indices) != len(times):
        raise ValueError("%s: %d indices but %d spike times" % (what, len(indices), len(times)))
    if len(times) and period != 0 and timestep(_np.max(times), dt) >= _np.round(period / dt):
        raise ValueError("%s: the period has to be greater than the maximum of the spike times" % what)
    if len(times) and _np.min(times) < 0:
        raise ValueError("%s: spike times cannot be negative" % what)
    if len(indices) and (_np.min(indices) < 0 or _np.max(indices) >= n):
        raise ValueError("%s: indices have to lie in the interval [0, %d[" % (what, n))
    order = _np.lexsort((indices, times))
    indices = indices[order].astype(_np.int32).astype(_np.int64)
    times = times[order]
    spike_bins(times, indices, period, dt, what)
    return indices, times


def spike_bins(times, indices, period, dt, what):
    """Brian2's SpikeGeneratorGroup.before_run: the time bins of the spikes (shifted by 1e-3*dt, so
    spikes at multiples of dt stay in their step) and of the period (0: none), with Brian2's checks."""
    if period != 0 and period < dt:
        raise ValueError("%s: the period of %g s is smaller than its dt of %g s" % (what, period, dt))
    bins = _np.asarray((times + 1e-3 * dt) / dt, dtype=_np.int32)
    if _np.logical_and(_np.diff(bins) == 0, _np.diff(indices) == 0).any():
        raise ValueError("%s: with a dt of %g s, some neurons spike more than once during a time step" % (what, dt))
    period_bins = _np.round(period / dt)
    if _np.abs(period_bins * dt - period) > period * _np.finfo(_np.float64).eps:
        raise NotImplementedError("%s: the period of %g s is not an integer multiple of its dt of %g s" % (what, period, dt))
    return bins, int(period_bins)


def with_items(a, index, value):
    """`a[index] = value` of the script, on a copy (the array with those items set)."""
    a = _np.array(a, copy=True)
    a[index] = value
    return a


# ---------------------------------------------------------------- exact integration

def _expm(a):
    """Matrix exponential by scaling and squaring with a Taylor series (small matrices)."""
    norm = _np.max(_np.sum(_np.abs(a), axis=1))
    s = max(0, int(_np.ceil(_np.log2(norm))) + 1) if norm > 0.5 else 0
    a = a / (2.0 ** s)
    result = _np.eye(a.shape[0])
    term = _np.eye(a.shape[0])
    for k in range(1, 30):
        term = term @ a / k
        result = result + term
        if _np.max(_np.abs(term)) < 1e-18 * _np.max(_np.abs(result)):
            break
    for _ in range(s):
        result = result @ result
    return result


def propagator(M, dt):
    """A = expm(M*dt) and Phi = integral_0^dt expm(M*s) ds, as nested lists of scalars or arrays.

    Entries of M may be numbers or per-element arrays; equal rows share one computation.
    """
    n = len(M)
    size = 1
    for row in M:
        for e in row:
            size = max(size, _np.size(e))
    flat = _np.stack([_np.broadcast_to(_np.asarray(e, dtype=_np.float64), (size,)) for row in M for e in row], axis=1)
    unique, inverse = _np.unique(flat, axis=0, return_inverse=True)
    A = _np.empty((len(unique), n, n))
    Phi = _np.empty((len(unique), n, n))
    for k, row in enumerate(unique):
        m = row.reshape(n, n)
        aug = _np.zeros((2 * n, 2 * n))
        aug[:n, :n] = m * dt
        aug[:n, n:] = _np.eye(n) * dt
        e = _expm(aug)
        A[k] = e[:n, :n]
        Phi[k] = e[:n, n:]
    inverse = _np.asarray(inverse).reshape(-1)
    scalar = size == 1
    out_a = [[A[inverse, r, c][0] if scalar else A[inverse, r, c] for c in range(n)] for r in range(n)]
    out_p = [[Phi[inverse, r, c][0] if scalar else Phi[inverse, r, c] for c in range(n)] for r in range(n)]
    return out_a, out_p


# ---------------------------------------------------------------- monitors

class SpikeRecorder:
    """Spikes (or the events of a custom event) of a group or a slice of it, stamped with the step's time.

    `kind`: Brian2's class (SpikeMonitor or EventMonitor) as results.json names it; `record=False` keeps
    only the count per element, as Brian2 does.
    """

    def __init__(self, source, start, stop, n=None, kind="SpikeMonitor", event="spike", record=True):
        self.source, self.start, self.stop = source, start, stop
        self.kind, self.event, self.keep = kind, event, record
        # Watching the whole group: every spike is kept, no selection needed.
        self.full = start == 0 and stop == n
        # Per step with spikes: the indices, the time and how many; times are expanded only at the end.
        self._i, self._t, self._n = [], [], []
        self.count = _np.zeros(stop - start, dtype=_np.int64)

    def record(self, spikes, t):
        if len(spikes) == 0:
            return
        sel = spikes if self.full else spikes[(spikes >= self.start) & (spikes < self.stop)] - self.start
        if len(sel):
            self.count[sel] += 1
            if self.keep:
                self._i.append(sel)
                self._t.append(t)
                self._n.append(len(sel))

    # What a network operation reads during the run (Brian2: what the monitor recorded so far).
    def num_events(self):
        return int(self.count.sum())

    def recorded_i(self):
        k = len(self._n)
        return _np.concatenate(self._i[:k]) if k else _np.zeros(0, dtype=_np.int64)

    def recorded_t(self):
        return _np.repeat(_np.asarray(self._t[:len(self._n)], dtype=_np.float64), self._n)

    def result(self):
        # `_n` is appended last: a signal handler that writes partial results between the appends of
        # record() sees only complete steps.
        k = len(self._n)
        i = _np.concatenate(self._i[:k]) if k else _np.zeros(0, dtype=_np.int64)
        t = _np.repeat(_np.asarray(self._t[:k], dtype=_np.float64), self._n)
        out = {"type": self.kind, "source": self.source, "i": i.tolist(), "t": t.tolist()}
        if self.kind != "SpikeMonitor":
            out["event"] = self.event
        if not self.keep:
            out["count"] = self.count.tolist()
        return out


class StateRecorder:
    """Values of some variables at some indices, at every step of the monitor's clock (into preallocated arrays).

    `record` is relative to the monitored group (or synapse indices); `idx` adds the group's offset.
    """

    def __init__(self, source, record, names, samples, offset=0):
        # `samples`: the recordings of every run the monitor takes part in (the steps of its clock).
        self.source, self.names, self.offset = source, list(names), offset
        self.samples = samples
        self.t = _np.zeros(self.samples)
        self.count = 0
        self.set_record(record)

    def set_record(self, record):
        """The indices to record (for synapses with record=True: those that exist when it is created)."""
        self.record = [int(x) for x in record]
        self.idx = _np.asarray(self.record, dtype=_np.int64) + self.offset
        self.values = {n: _np.zeros((len(self.record), self.samples)) for n in self.names}

    def record_values(self, t, values):
        k = self.count
        if k >= len(self.t):
            return
        self.t[k] = t
        for name, v in zip(self.names, values):
            self.values[name][:, k] = v
        self.count += 1

    def recorded_t(self):
        """The times recorded so far (read by network operations)."""
        return self.t[:self.count].copy()

    def recorded(self, name):
        """The values of `name` recorded so far, one row per recorded index (read by network operations)."""
        return self.values[name][:, :self.count].copy()

    def result(self):
        k = self.count
        return {
            "type": "StateMonitor",
            "source": self.source,
            "record": [int(x) for x in self.record],
            "t": self.t[:k].tolist(),
            "variables": {n: self.values[n][:, :k].tolist() for n in self.names},
        }


class RateRecorder:
    """Population rate: spikes of the step / dt / N (Brian2's order of operations), recorded at the end
    of each step of the source's clock."""

    def __init__(self, source, start, stop, samples, n=None):
        # `samples`: the steps of every run the monitor takes part in.
        self.source, self.start, self.stop = source, start, stop
        self.full = start == 0 and stop == n
        self.t = _np.zeros(samples)
        self.rate = _np.zeros(samples)
        self.count = 0

    def record(self, spikes, t, dt):
        k = self.count
        if k >= len(self.t):
            return
        n = self.stop - self.start
        if self.full or not len(spikes):
            hits = len(spikes)
        else:
            hits = _np.count_nonzero((spikes >= self.start) & (spikes < self.stop))
        self.t[k] = t
        self.rate[k] = 1.0 * hits / dt / n
        self.count += 1

    def recorded_t(self):
        return self.t[:self.count].copy()

    def recorded_rate(self):
        return self.rate[:self.count].copy()

    def result(self):
        k = self.count
        return {"type": "PopulationRateMonitor", "source": self.source, "t": self.t[:k].tolist(), "rate": self.rate[:k].tolist()}


# ---------------------------------------------------------------- store() and restore()

# References to other objects (and to the clocks, saved on their own), not state of their own.
_NOT_STATE = ("_sim", "_src", "_tgt", "_g", "_clock")


def snapshot(objects):
    """Brian2's store(): a deep copy of every object's state (arrays, spike queues, monitors' data)."""
    return [copy.deepcopy({k: v for k, v in vars(o).items() if k not in _NOT_STATE}) for o in objects]


def restore(objects, states):
    """Brian2's restore(): put a snapshot back (copied again, so it can be restored twice)."""
    for o, state in zip(objects, states):
        vars(o).update(copy.deepcopy(state))


# ---------------------------------------------------------------- results and progress

def write_results(path, dt, t_end, wall_s, monitors, producer, partial=False, timing=None, random=None):
    """Write results.json atomically (a temporary file renamed into place).

    `timing` (optional): wall seconds of the set-up (initialisations and connect() before the first
    step) and of the steps, and the number of steps run; `npm run bench` reads them. `random`: the seeds
    numpy's generator was given (step, seed, where it came from), so that a run can be repeated.
    """
    data = {
        "format": "brian2lava-results/1",
        "producer": producer,
        "dt": dt,
        "t_end": t_end,
        "wall_s": wall_s,
        "partial": partial,
        "timing": timing,
        "random": random,
        "monitors": {name: rec.result() for name, rec in monitors.items()},
    }
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def clock_timestep(t, dt):
    """Brian2's Clock._calc_timestep: the step of time t, rounded up unless t is a step to 0.01 % of dt."""
    i = int(_np.round(t / dt))
    if i * dt == t or abs(i * dt - t) / dt <= 1e-4:
        return i
    return int(_np.ceil(t / dt))


def fresh_seed():
    """A seed for numpy's legacy generator from the system's entropy (recorded in the results)."""
    return int.from_bytes(os.urandom(4), "little")


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
