"""Import the engine of each generated project and run its first time steps with plain numpy (no Lava).

    python step_engines.py MAX_STEPS PROJECT_DIR...

For every project: import engine.simulation from that folder, build the Simulation, run up to MAX_STEPS
steps (all of them if the model is shorter) and write the results. Prints one JSON line:
{"ok": n, "failed": [{"project": dir, "error": "Type: message", "traceback": "..."}]}.
This checks more than compiling: every name the generated code uses must be bound, every call valid.
"""
import json
import os
import sys
import traceback


def step_project(project, max_steps):
    for name in [m for m in sys.modules if m == "engine" or m.startswith("engine.")]:
        del sys.modules[name]
    sys.path.insert(0, project)
    try:
        from engine import simulation
        sim = simulation.Simulation(os.path.join(project, "results.json"))
        for _ in range(min(max_steps, simulation.TOTAL_STEPS)):
            sim.step()
        sim.finish(partial=simulation.TOTAL_STEPS > max_steps)
        with open(os.path.join(project, "results.json")) as fh:
            json.load(fh)
    finally:
        sys.path.remove(project)


def main():
    max_steps = int(sys.argv[1])
    ok, failed = 0, []
    for project in sys.argv[2:]:
        try:
            step_project(os.path.abspath(project), max_steps)
            ok += 1
        except Exception as exc:  # every failure is reported, none stops the others
            failed.append({"project": project, "error": "%s: %s" % (type(exc).__name__, exc), "traceback": traceback.format_exc()})
    print(json.dumps({"ok": ok, "failed": failed}))


if __name__ == "__main__":
    main()
