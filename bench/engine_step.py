"""Per-step cost of a generated project's engine, without Lava.

    brian2lava convert MODEL.py -o PROJECT
    PYTHON bench/engine_step.py PROJECT [--profile]

Runs the project's Simulation for all its steps in this process and prints the set-up time (start-up
work such as connect()) and the wall and CPU time per step. CPU time is the steadier number on a
shared machine. Under Lava, the project's default AsyncProtocol model adds nothing per step; with
`run.py --protocol loihi` Lava adds its barrier, about 100-130 µs per step (bench/lava_overhead.py).
"""
import argparse
import os
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project")
    ap.add_argument("--profile", action="store_true", help="print the 15 most expensive functions")
    args = ap.parse_args()
    sys.path.insert(0, os.path.abspath(args.project))
    from engine.simulation import Simulation, TOTAL_STEPS

    results = os.path.join(tempfile.mkdtemp(prefix="bench-"), "results.json")
    t0 = time.perf_counter()
    sim = Simulation(results)
    t1, c1 = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile
        import pstats
        profiler = cProfile.Profile()
        profiler.enable()
    for _ in range(TOTAL_STEPS):
        sim.step()
    t2, c2 = time.perf_counter(), time.process_time()
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    sim.finish()
    steps = max(TOTAL_STEPS, 1)
    print("set-up %.3f s; %d steps: %.1f us/step wall, %.1f us/step cpu" % (t1 - t0, TOTAL_STEPS, (t2 - t1) / steps * 1e6, (c2 - c1) / steps * 1e6))


if __name__ == "__main__":
    main()
