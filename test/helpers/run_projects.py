"""Run many generated projects' run.py in one Python process (tests only: the conformance suites).

    python run_projects.py --jobs 2 --timeout 900 PROJECT [PROJECT...] -- [run.py arguments]

numpy and Lava are imported once here; each project then runs in a forked child that executes its own
run.py as `python run.py --results PROJECT/results.json ARGS` would (its folder first on sys.path, its
folder as working directory, a session of its own). That saves every project the interpreter start and
the imports (about a second each), which is most of what a small fixture costs. Up to --jobs children
run at once. Prints one JSON line per project: {"project", "exit", "wall_s", "log"} (log: the child's
stdout and stderr, in PROJECT/run.log).
"""
import argparse
import json
import os
import runpy
import signal
import sys
import time


def child(project, args):
    os.setsid()
    log = os.open(os.path.join(project, "run.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.chdir(project)
    sys.path.insert(0, project)
    sys.argv = [os.path.join(project, "run.py"), "--results", os.path.join(project, "results.json")] + args
    code = 0
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main():
    argv = sys.argv[1:]
    run_args = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("projects", nargs="+")
    opts = ap.parse_args(argv)

    import numpy  # noqa: F401
    import lava.magma.compiler.compiler  # noqa: F401
    import lava.magma.core.run_conditions  # noqa: F401
    import lava.magma.core.run_configs  # noqa: F401
    import lava.magma.core.process.process  # noqa: F401

    waiting = [os.path.abspath(p) for p in opts.projects]
    running = {}  # pid -> (project, started)
    while waiting or running:
        while waiting and len(running) < opts.jobs:
            project = waiting.pop(0)
            pid = os.fork()
            if pid == 0:
                child(project, run_args)
            running[pid] = (project, time.time())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            for p, (project, started) in list(running.items()):
                if time.time() - started > opts.timeout:
                    try:
                        os.killpg(p, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            time.sleep(0.02)
            continue
        project, started = running.pop(pid)
        try:
            os.killpg(pid, signal.SIGKILL)  # Lava workers left behind by the child
        except ProcessLookupError:
            pass
        code = os.waitstatus_to_exitcode(status)
        with open(os.path.join(project, "run.log"), errors="replace") as fh:
            log = fh.read()
        print(json.dumps({"project": project, "exit": code, "wall_s": round(time.time() - started, 3), "log": log[-4000:]}), flush=True)


if __name__ == "__main__":
    main()
