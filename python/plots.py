"""Pictures of brian2lava-results/1 files (used by `brian2lava run` and `brian2lava verify`).

    python plots.py run RESULTS.json --out DIR [--units JSON]
        DIR/raster.png (spike monitors), DIR/traces.png (state monitors), DIR/rates.png
        (population rate monitors), each only when there are such monitors.
    python plots.py overlay --brian2 REF.json --lava RESULTS.json --out DIR [--units JSON]
        DIR/<monitor>.png for every monitor of either file, Brian2 and Lava drawn over each other.

Both write DIR/plots.json: per image and monitor, how many points (spikes) and lines (traces) were
actually drawn, counted on the figure after drawing, so callers and tests can check the pictures
without looking at pixels. --units maps monitor -> variable -> unit label for the axes (values are SI).

Large recordings are thinned for the picture only (at most MAX_LINES traces per variable, at most
MAX_POINTS spikes per monitor); plots.json says when that happened.
"""
import argparse
import json
import math
import os
import sys

MAX_LINES = 12
MAX_POINTS = 400_000
DPI = 100


def load(path):
    with open(path) as fh:
        return json.load(fh)


def new_figure(rows, height_per_row=2.2, width=9.0):
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, max(2.6, height_per_row * rows + 0.6)), dpi=DPI, layout="constrained")
    axes = fig.subplots(rows, 1, squeeze=False)[:, 0]
    return fig, list(axes)


def thin(indices, limit):
    """At most `limit` positions spread evenly over `indices` (first and last kept)."""
    n = len(indices)
    if n <= limit:
        return list(range(n))
    return sorted({round(k * (n - 1) / (limit - 1)) for k in range(limit)})


def ms(values):
    return [1000.0 * v for v in values]


def draw_spikes(ax, mon, style, label):
    t, i = mon.get("t", []), mon.get("i", [])
    step = max(1, math.ceil(len(t) / MAX_POINTS))
    line, = ax.plot(ms(t[::step]), i[::step], linestyle="none", label=label, **style)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return {"points": len(line.get_xdata()), "recorded": len(t), "thinned": step > 1}


def draw_traces(ax, mon, var, style, label, prefix=""):
    series = mon.get("variables", {}).get(var, [])
    record = mon.get("record", list(range(len(series))))
    t = ms(mon.get("t", []))
    shown = thin(series, MAX_LINES)
    drawn = 0
    for pos in shown:
        values = series[pos]
        n = min(len(t), len(values))
        ax.plot(t[:n], values[:n], label="%s%s[%s]" % (prefix, label, record[pos] if pos < len(record) else pos), **style)
        drawn += 1
    return {"lines": drawn, "recorded": len(series), "samples": len(t)}


def draw_rate(ax, mon, style, label):
    t, rate = ms(mon.get("t", [])), mon.get("rate", [])
    line, = ax.plot(t[:len(rate)], rate[:len(t)], label=label, **style)
    return {"lines": 1, "samples": len(line.get_xdata())}


def unit_of(units, name, var):
    u = units.get(name, {}).get(var)
    return " (%s)" % u if u else ""


def save(fig, path):
    fig.savefig(path)


# ---------------------------------------------------------------- brian2lava run

def plot_run(results, out, units):
    monitors = results.get("monitors", {})
    spikes = [(n, m) for n, m in sorted(monitors.items()) if m.get("type") == "SpikeMonitor"]
    states = [(n, m, v) for n, m in sorted(monitors.items()) if m.get("type") == "StateMonitor"
              for v in m.get("variables", {})]
    rates = [(n, m) for n, m in sorted(monitors.items()) if m.get("type") == "PopulationRateMonitor"]
    sidecar = {"files": {}}
    partial = " (partial run)" if results.get("partial") else ""

    if spikes:
        fig, axes = new_figure(len(spikes))
        counts = {}
        for ax, (name, mon) in zip(axes, spikes):
            counts[name] = draw_spikes(ax, mon, {"marker": "|", "markersize": 5, "color": "tab:blue"}, name)
            ax.set_ylabel("neuron index")
            ax.set_title("%s: %d spikes%s" % (name, counts[name]["recorded"], partial), loc="left", fontsize=10)
            ax.set_xlim(0, 1000.0 * results.get("t_end", 0) or None)
        axes[-1].set_xlabel("time (ms)")
        save(fig, os.path.join(out, "raster.png"))
        sidecar["files"]["raster.png"] = {"monitors": counts}

    if states:
        fig, axes = new_figure(len(states))
        counts = {}
        for ax, (name, mon, var) in zip(axes, states):
            c = draw_traces(ax, mon, var, {"linewidth": 1.0}, var)
            counts.setdefault(name, {})[var] = c
            shown = "" if c["lines"] == c["recorded"] else " (%d of %d shown)" % (c["lines"], c["recorded"])
            ax.set_title("%s.%s%s%s" % (name, var, shown, partial), loc="left", fontsize=10)
            ax.set_ylabel(var + unit_of(units, name, var))
            if c["lines"] <= 6:
                ax.legend(fontsize=7, loc="upper right")
        axes[-1].set_xlabel("time (ms)")
        save(fig, os.path.join(out, "traces.png"))
        sidecar["files"]["traces.png"] = {"monitors": counts}

    if rates:
        fig, axes = new_figure(len(rates))
        counts = {}
        for ax, (name, mon) in zip(axes, rates):
            counts[name] = draw_rate(ax, mon, {"linewidth": 0.8, "color": "tab:green"}, name)
            ax.set_title("%s%s" % (name, partial), loc="left", fontsize=10)
            ax.set_ylabel("rate (Hz)")
        axes[-1].set_xlabel("time (ms)")
        save(fig, os.path.join(out, "rates.png"))
        sidecar["files"]["rates.png"] = {"monitors": counts}
    return sidecar


# ---------------------------------------------------------------- brian2lava verify

BRIAN2 = {"color": "0.55"}
LAVA = {"color": "tab:orange"}


def file_name(monitor):
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in monitor)
    return safe + ".png"


def plot_overlay(ref, cand, out, units):
    names = sorted(set(ref.get("monitors", {})) | set(cand.get("monitors", {})))
    sidecar = {"files": {}}
    for name in names:
        rm = ref.get("monitors", {}).get(name)
        cm = cand.get("monitors", {}).get(name)
        kind = (rm or cm).get("type")
        entry = {"monitor": name, "type": kind, "brian2": None, "lava": None}
        if kind == "StateMonitor":
            variables = sorted(set((rm or {}).get("variables", {})) | set((cm or {}).get("variables", {})))
            fig, axes = new_figure(max(1, len(variables)))
            entry["brian2"], entry["lava"] = {}, {}
            for ax, var in zip(axes, variables):
                if rm is not None:
                    entry["brian2"][var] = draw_traces(ax, rm, var, dict(BRIAN2, linewidth=2.4, alpha=0.7), var, "Brian2 ")
                if cm is not None:
                    entry["lava"][var] = draw_traces(ax, cm, var, dict(LAVA, linewidth=1.0, linestyle="--"), var, "Lava ")
                ax.set_ylabel(var + unit_of(units, name, var))
                ax.set_title("%s.%s: Brian2 (grey, solid) and Lava (orange, dashed)" % (name, var), loc="left", fontsize=10)
            axes[-1].set_xlabel("time (ms)")
        else:
            fig, axes = new_figure(1, height_per_row=3.0)
            ax = axes[0]
            if kind == "SpikeMonitor":
                if rm is not None:
                    entry["brian2"] = draw_spikes(ax, rm, dict(BRIAN2, marker="|", markersize=11, markeredgewidth=2), "Brian2")
                if cm is not None:
                    entry["lava"] = draw_spikes(ax, cm, dict(LAVA, marker=".", markersize=4), "Lava")
                ax.set_ylabel("neuron index")
            else:
                if rm is not None:
                    entry["brian2"] = draw_rate(ax, rm, dict(BRIAN2, linewidth=2.0), "Brian2")
                if cm is not None:
                    entry["lava"] = draw_rate(ax, cm, dict(LAVA, linewidth=0.8, linestyle="--"), "Lava")
                ax.set_ylabel("rate (Hz)")
            ax.legend(fontsize=8, loc="upper right")
            ax.set_title("%s: Brian2 and Lava" % name, loc="left", fontsize=10)
            ax.set_xlabel("time (ms)")
        entry["file"] = file_name(name)
        save(fig, os.path.join(out, entry["file"]))
        sidecar["files"][entry["file"]] = entry
    return sidecar


def main(argv=None):
    ap = argparse.ArgumentParser(description="Plot brian2lava-results/1 files.")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("results")
    run.add_argument("--out", required=True)
    run.add_argument("--units", default="{}")
    overlay = sub.add_parser("overlay")
    overlay.add_argument("--brian2", required=True)
    overlay.add_argument("--lava", required=True)
    overlay.add_argument("--out", required=True)
    overlay.add_argument("--units", default="{}")
    args = ap.parse_args(argv)
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        sys.stderr.write("BRIAN2LAVA-ERROR %s\n" % json.dumps({"type": "ImportError", "message": str(exc)}))
        return 1
    os.makedirs(args.out, exist_ok=True)
    units = json.loads(args.units)
    if args.command == "run":
        sidecar = plot_run(load(args.results), args.out, units)
    else:
        sidecar = plot_overlay(load(args.brian2), load(args.lava), args.out, units)
    with open(os.path.join(args.out, "plots.json"), "w") as fh:
        json.dump(sidecar, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
