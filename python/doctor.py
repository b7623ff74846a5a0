"""Versions of the Python side, as one JSON line (used by `brian2lava doctor` and environment checks).

Imports are tried one by one; a failing import is reported, not raised.
"""
import json
import platform
import sys


def version_of(module_name):
    try:
        module = __import__(module_name)
        return {"ok": True, "version": getattr(module, "__version__", "unknown")}
    except Exception as exc:  # report any import failure
        return {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}


def lava_info():
    try:
        from importlib.metadata import version
        v = version("lava-nc")
    except Exception as exc:
        return {"ok": False, "error": "lava-nc is not installed (%s)" % exc}
    try:
        import lava.magma.core.run_configs  # noqa: F401  (fails on 3.11 without the repair)
        from lava.utils import loihi
        hw = bool(loihi.is_installed())
    except Exception as exc:
        return {"ok": False, "version": v, "error": "%s: %s" % (type(exc).__name__, exc)}
    return {"ok": True, "version": v, "loihi_hardware": hw}


def main():
    info = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "numpy": version_of("numpy"),
        "scipy": version_of("scipy"),
        "lava": lava_info(),
        "brian2": version_of("brian2") if "--brian2" in sys.argv else None,
        "matplotlib": version_of("matplotlib") if "--matplotlib" in sys.argv else None,
    }
    print(json.dumps(info))


if __name__ == "__main__":
    main()
