#!/usr/bin/env python3
"""preflight.py KIT_LIB_DIR — before any Java runs on the GPU machine, check with dlopen/dlsym that
every cuBLAS and CUDA driver function the JCuda natives reference is exported by the installed
libraries (a missing one would kill the JVM with a symbol lookup error), and that the retargeted
libJCublas2 loads with RTLD_NOW. The symbol lists (one name a line) were written by prepare.sh from
the natives' undefined dynamic symbols. Exit 0 when everything binds, 1 otherwise."""
import ctypes
import glob
import os
import sys


def exported(library, list_file):
    try:
        handle = ctypes.CDLL(library)
    except OSError as e:
        print("FAIL dlopen %s: %s" % (library, e))
        return False
    names = [line.strip() for line in open(list_file) if line.strip()]
    missing = [n for n in names if not hasattr(handle, n)]
    print("%s: %d of %d referenced symbols exported%s"
          % (library, len(names) - len(missing), len(names), ("; MISSING: " + " ".join(missing)) if missing else ""))
    return not missing


def main(argv):
    lib = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    kit = os.path.dirname(os.path.abspath(__file__))
    ok = exported("libcublas.so.13", os.path.join(kit, "cublas-symbols.txt"))
    ok = exported("libcuda.so.1", os.path.join(kit, "cuda-driver-symbols.txt")) and ok
    for native in glob.glob(os.path.join(lib, "libJCublas2-*.so")):
        try:
            ctypes.CDLL(native, mode=os.RTLD_NOW)
            print("OK RTLD_NOW load of %s: every cuBLAS reference binds" % native)
        except OSError as e:
            print("FAIL RTLD_NOW load of %s: %s" % (native, e))
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
