"""Create the Python environment a generated Lava project runs in, from scratch, with one command:

    python3 setup_env.py                  # makes .venv/ beside this file
    python3 setup_env.py --venv DIR       # somewhere else
    python3 setup_env.py --python PATH    # with this interpreter (Python 3.10 or 3.11)

then `.venv/bin/python run.py`. Any Python 3 may start it: it creates the environment with itself when
it is 3.10 or 3.11, else with python3.11 or python3.10 from the PATH. It installs the pinned packages of
requirements.txt (beside this file) as wheels, then lava-nc without its metadata check (lava-nc 0.10.0
is pure Python but declares python<3.11), and repairs lava-nc for Python 3.11 (below). It ends by
importing Lava in the new environment. Running it again reuses a complete environment.

The repair: lava/magma/compiler/var_model.py gives dataclass fields a ByteEncoder() instance as default
value, which Python 3.11 refuses, so `import lava...` fails. Each such default becomes
field(default_factory=ByteEncoder), which builds the same value. Only the exact file of lava-nc 0.10.0
is patched (checked by sha256 before and after); an already repaired file is left alone; anything
else is refused.

`python setup_env.py --repair-only` applies just the repair to the Python that runs it (brian2lava's
managed environment does that) and prints one JSON line saying what it did.

This file is part of brian2lava (python/setup_env.py) and copied unchanged into every project.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig

ORIGINAL_SHA256 = "3b8acb73dc3ff38d159065aa0339b90f371f99f162e68d10a3117afbd916afa8"
PATCHED_SHA256 = "2fc7130d0c978a12f364bdb0ff1182481230a56f816d21ee4042428d24f87f61"
IMPORT_BEFORE = "from dataclasses import dataclass, InitVar\n"
IMPORT_AFTER = "from dataclasses import dataclass, InitVar, field\n"
DEFAULT_BEFORE = ": ByteEncoder = ByteEncoder()\n"
DEFAULT_AFTER = ": ByteEncoder = field(default_factory=ByteEncoder)\n"
SUPPORTED = ((3, 10), (3, 11))
STAMP = "brian2lava-project-env.json"


# ---------------------------------------------------------------- the repair (inside the environment)

def sha256(data):
    return hashlib.sha256(data).hexdigest()


def repair():
    """Patch var_model.py of the lava-nc installed for this interpreter; returns (exit code, report)."""
    path = os.path.join(sysconfig.get_paths()["purelib"], "lava", "magma", "compiler", "var_model.py")
    if not os.path.exists(path):
        return 2, {"status": "missing", "path": path}
    with open(path, "rb") as fh:
        data = fh.read()
    digest = sha256(data)
    if digest == PATCHED_SHA256:
        return 0, {"status": "already-patched", "path": path}
    if digest != ORIGINAL_SHA256:
        return 3, {"status": "unexpected-file", "path": path, "sha256": digest}
    text = data.decode("utf-8")
    count = text.count(DEFAULT_BEFORE)
    new = text.replace(IMPORT_BEFORE, IMPORT_AFTER, 1).replace(DEFAULT_BEFORE, DEFAULT_AFTER).encode("utf-8")
    if sha256(new) != PATCHED_SHA256:
        return 4, {"status": "patch-mismatch", "path": path, "sha256": sha256(new)}
    tmp = path + ".brian2lava-tmp"
    with open(tmp, "wb") as fh:
        fh.write(new)
    os.replace(tmp, path)
    return 0, {"status": "patched", "path": path, "defaults_replaced": count}


# ---------------------------------------------------------------- making the environment

def say(line):
    print("setup_env: " + line, flush=True)


def fail(message, hint):
    sys.stderr.write("setup_env: error: %s\n  hint: %s\n" % (message, hint))
    sys.exit(1)


def version_of(python):
    try:
        out = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return tuple(int(x) for x in out.stdout.strip().split(".")) if out.returncode == 0 and out.stdout.strip() else None


def base_python(given):
    """The interpreter to make the environment with: --python, this one, or python3.11/3.10 on PATH."""
    if given:
        if version_of(given) not in SUPPORTED:
            fail("%s is not Python 3.10 or 3.11" % given, "lava-nc 0.10.0 runs on Python 3.10 and 3.11; give one with --python")
        return given
    if sys.version_info[:2] in SUPPORTED:
        return sys.executable
    for name in ("python3.11", "python3.10"):
        found = shutil.which(name)
        if found and version_of(found) in SUPPORTED:
            return found
    fail("this is Python %d.%d and no python3.11 or python3.10 is on the PATH" % sys.version_info[:2],
         "install Python 3.11 (or 3.10) and run this again, or pass --python PATH")


def requirements(folder):
    """(wheels, lava-nc) from requirements.txt: everything is pinned; lava-nc is installed apart."""
    path = os.path.join(folder, "requirements.txt")
    if not os.path.exists(path):
        fail("requirements.txt is missing beside setup_env.py", "convert the model again to get a complete project")
    packages = []
    with open(path) as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                packages.append(line)
    lava = [p for p in packages if p.lower().startswith("lava-nc")]
    if len(lava) != 1:
        fail("requirements.txt must name lava-nc once", "convert the model again to get a complete project")
    return [p for p in packages if p not in lava], lava[0]


def env_python(venv):
    return os.path.join(venv, "Scripts", "python.exe") if os.name == "nt" else os.path.join(venv, "bin", "python")


def run(cmd, what):
    say(what)
    r = subprocess.run(cmd)
    if r.returncode != 0:
        fail("%s failed (exit %d): %s" % (what, r.returncode, " ".join(cmd)), "see pip's output above; check the connection to PyPI and run setup_env.py again")


def lava_imports(python):
    r = subprocess.run([python, "-c", "import lava.magma.core.run_configs, lava.magma.compiler.compiler"], capture_output=True, text=True)
    return r.returncode == 0, (r.stderr.strip().splitlines() or [""])[-1]


def make(venv, given):
    here = os.path.dirname(os.path.abspath(__file__))
    wheels, lava = requirements(here)
    python = env_python(venv)
    stamp = os.path.join(venv, STAMP)
    wanted = {"packages": wheels + [lava], "repair": PATCHED_SHA256}
    if os.path.exists(stamp) and os.path.exists(python):
        with open(stamp) as fh:
            if json.load(fh) == wanted and lava_imports(python)[0]:
                say("%s is ready; run the model with: %s run.py" % (venv, python))
                return 0
    base = base_python(given)
    if os.path.exists(venv):
        say("removing the incomplete environment in %s" % venv)
        shutil.rmtree(venv)
    run([base, "-m", "venv", venv], "[1/4] creating a virtual environment with %s in %s" % (base, venv))
    pip = [python, "-m", "pip", "--disable-pip-version-check", "--no-input", "install"]
    run(pip + ["--only-binary=:all:"] + wheels, "[2/4] installing " + ", ".join(wheels))
    run(pip + ["--no-deps", "--ignore-requires-python", lava], "[3/4] installing %s (it declares python<3.11: installed without that check)" % lava)
    say("[4/4] repairing lava-nc for Python 3.11 (dataclass defaults in var_model.py)")
    r = subprocess.run([python, os.path.abspath(__file__), "--repair-only"], capture_output=True, text=True)
    report = json.loads((r.stdout.strip().splitlines() or ["{}"])[-1])
    if r.returncode != 0:
        fail("could not repair lava-nc: %s" % report.get("status", r.stderr.strip()), "this script repairs lava-nc 0.10.0 only; install that version")
    say("      " + report["status"])
    ok, why = lava_imports(python)
    if not ok:
        fail("lava does not import in the new environment: %s" % why, "remove %s and run setup_env.py again" % venv)
    with open(stamp, "w") as fh:
        json.dump(wanted, fh)
    say("ready; run the model with: %s run.py" % python)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description="Create the Python environment (lava-nc 0.10.0) this project runs in.")
    ap.add_argument("--venv", default=None, help="where to create it (default: .venv beside this file)")
    ap.add_argument("--python", default=None, help="Python 3.10 or 3.11 to create it with (default: this one, else python3.11/3.10 on PATH)")
    ap.add_argument("--repair-only", action="store_true", help="only repair lava-nc for the Python running this; print a JSON line")
    args = ap.parse_args(argv)
    if args.repair_only:
        code, report = repair()
        print(json.dumps(report))
        return code
    venv = os.path.abspath(args.venv or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".venv"))
    return make(venv, args.python)


if __name__ == "__main__":
    sys.exit(main())
