"""Repair lava-nc 0.10.0 for Python 3.11 (run by `brian2lava setup` inside the managed environment).

lava/magma/compiler/var_model.py gives dataclass fields a ByteEncoder() instance as default value.
Python 3.11 refuses mutable (unhashable) dataclass defaults, so `import lava...` fails. The repair
replaces each such default with field(default_factory=ByteEncoder), which builds the same value.

Only the exact file shipped with lava-nc 0.10.0 is patched (checked by its sha256); an already
repaired file is left alone; anything else is refused. Prints one JSON line describing what it did.
"""
import hashlib
import json
import os
import sys
import sysconfig

ORIGINAL_SHA256 = "3b8acb73dc3ff38d159065aa0339b90f371f99f162e68d10a3117afbd916afa8"
PATCHED_SHA256 = "2fc7130d0c978a12f364bdb0ff1182481230a56f816d21ee4042428d24f87f61"
IMPORT_BEFORE = "from dataclasses import dataclass, InitVar\n"
IMPORT_AFTER = "from dataclasses import dataclass, InitVar, field\n"
DEFAULT_BEFORE = ": ByteEncoder = ByteEncoder()\n"
DEFAULT_AFTER = ": ByteEncoder = field(default_factory=ByteEncoder)\n"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def main():
    path = os.path.join(sysconfig.get_paths()["purelib"], "lava", "magma", "compiler", "var_model.py")
    if not os.path.exists(path):
        print(json.dumps({"status": "missing", "path": path}))
        return 2
    with open(path, "rb") as fh:
        data = fh.read()
    digest = sha256(data)
    if digest == PATCHED_SHA256:
        print(json.dumps({"status": "already-patched", "path": path}))
        return 0
    if digest != ORIGINAL_SHA256:
        print(json.dumps({"status": "unexpected-file", "path": path, "sha256": digest}))
        return 3
    text = data.decode("utf-8")
    count = text.count(DEFAULT_BEFORE)
    text = text.replace(IMPORT_BEFORE, IMPORT_AFTER, 1).replace(DEFAULT_BEFORE, DEFAULT_AFTER)
    new = text.encode("utf-8")
    if sha256(new) != PATCHED_SHA256:
        print(json.dumps({"status": "patch-mismatch", "path": path, "sha256": sha256(new)}))
        return 4
    tmp = path + ".brian2lava-tmp"
    with open(tmp, "wb") as fh:
        fh.write(new)
    os.replace(tmp, path)
    print(json.dumps({"status": "patched", "path": path, "defaults_replaced": count}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
