#!/usr/bin/env python3
"""OpenBLAS reference timings for the Rootgrad benchmark report.

Times ddot, daxpy, dgemv and dgemm single-threaded (OPENBLAS_NUM_THREADS=1) in the OpenBLAS
library that NumPy (or SciPy) ships, and writes a CSV the report merges as an "openblas" column:

    op,params,ns_per_op,gflops,source

`op` and `params` use the benchmark naming of the Java side (op = the part of a JMH method name
before the underscore, params = "name=value" pairs of its @Param fields joined by ";"), so that
`dot,n=1000` lines up with ArrayKernelsBenchmark.dot_* at n=1000.

Timing: where a C compiler is available a tiny C harness loads the same shared library and calls
the CBLAS functions in a tight loop (the only way to time a 50 ns ddot; Python's call overhead
alone is several hundred ns). Arrays are 64-byte aligned, the best case for OpenBLAS. Each figure
is the best of several rounds, the estimator least disturbed by other processes. Without a
compiler the script falls back to timing NumPy calls from Python, subtracts the measured overhead
of a zero-length call, and says so in the `source` column.

Usage: openblas_reference.py [--out FILE] [--quick]
Exit status 0 with a message on stderr and no output file when NumPy or OpenBLAS is missing.
"""

import argparse
import ctypes
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

VECTOR_SIZES = [1000, 100000, 10000000]
MATRIX_SIZES = [512]

C_HARNESS = r"""
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef INT blasint;
enum { ROW_MAJOR = 101, NO_TRANS = 111 };
typedef double (*dot_f)(blasint, const double *, blasint, const double *, blasint);
typedef void (*axpy_f)(blasint, double, const double *, blasint, double *, blasint);
typedef void (*gemv_f)(int, int, blasint, blasint, double, const double *, blasint,
                       const double *, blasint, double, double *, blasint);
typedef void (*gemm_f)(int, int, int, blasint, blasint, blasint, double, const double *, blasint,
                       const double *, blasint, double, double *, blasint);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static double *array(size_t n) {
    double *a = NULL;
    if (posix_memalign((void **) &a, 64, n * sizeof(double)) != 0) { perror("alloc"); exit(2); }
    for (size_t i = 0; i < n; i++) a[i] = (double) ((i * 7919) % 1000) / 1000.0 - 0.5;
    return a;
}

static volatile double sink;

/* argv: lib prefix suffix op n rounds target_ns */
int main(int argc, char **argv) {
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    char name[256];
    const char *op = argv[4];
    long n = atol(argv[5]);
    int rounds = atoi(argv[6]);
    double target = atof(argv[7]);
    snprintf(name, sizeof name, "%scblas_d%s%s", argv[2], op, argv[3]);
    void *f = dlsym(lib, name);
    if (!f) { fprintf(stderr, "missing %s\n", name); return 2; }
    size_t len = strcmp(op, "dot") == 0 || strcmp(op, "axpy") == 0 ? (size_t) n : (size_t) n * n;
    double *x = array(len), *y = array(len), *z = array(len);
    long reps = 1;
    double best = 1e300;
    for (int r = -1; r < rounds; r++) {
        double t0 = now();
        for (long k = 0; k < reps; k++) {
            if (strcmp(op, "dot") == 0) sink = ((dot_f) f)(n, x, 1, y, 1);
            else if (strcmp(op, "axpy") == 0) ((axpy_f) f)(n, 1e-12, x, 1, y, 1);
            else if (strcmp(op, "gemv") == 0) ((gemv_f) f)(ROW_MAJOR, NO_TRANS, n, n, 1.0, x, n, y, 1, 0.0, z, 1);
            else ((gemm_f) f)(ROW_MAJOR, NO_TRANS, NO_TRANS, n, n, n, 1.0, x, n, y, n, 0.0, z, n);
        }
        double per = (now() - t0) / reps;
        if (r < 0) { /* calibration round: size the repetitions to about target ns */
            reps = (long) (target / (per > 1 ? per : 1)) + 1;
            continue;
        }
        if (per < best) best = per;
    }
    printf("%.3f\n", best);
    return 0;
}
"""


def find_openblas():
    """Path of the OpenBLAS shared library NumPy uses, or None."""
    try:
        import numpy
    except ImportError:
        return None
    site = os.path.dirname(os.path.dirname(numpy.__file__))
    patterns = ["numpy.libs/*openblas*.so*", "numpy/.dylibs/*openblas*", "scipy.libs/*openblas*.so*",
                "scipy_openblas*/lib/*openblas*.so*"]
    for pattern in patterns:
        found = sorted(glob.glob(os.path.join(site, pattern)))
        if found:
            return found[0]
    return None


def symbol_style(lib_path):
    """(prefix, suffix, int C type) of the library's CBLAS symbols."""
    lib = ctypes.CDLL(lib_path)
    for prefix, suffix, int_type in [("scipy_", "64_", "int64_t"), ("", "64_", "int64_t"),
                                     ("scipy_", "", "int32_t"), ("", "", "int32_t")]:
        if hasattr(lib, prefix + "cblas_ddot" + suffix):
            return prefix, suffix, int_type, lib
    return None


def core_name(lib, prefix, suffix):
    for name in [prefix + "openblas_get_corename" + suffix, "openblas_get_corename"]:
        if hasattr(lib, name):
            fn = getattr(lib, name)
            fn.restype = ctypes.c_char_p
            return fn().decode()
    return "unknown core"


def flops(op, n):
    return {"dot": 2.0 * n, "axpy": 2.0 * n, "gemv": 2.0 * n * n, "gemm": 2.0 * n ** 3}[op]


def time_with_c(lib_path, prefix, suffix, int_type, cases, rounds):
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        return None
    work = tempfile.mkdtemp(prefix="openblas-ref-")
    source = os.path.join(work, "harness.c")
    binary = os.path.join(work, "harness")
    with open(source, "w") as f:
        f.write(C_HARNESS.replace("typedef INT blasint;", "typedef %s blasint;" % int_type))
    build = subprocess.run([cc, "-O2", "-o", binary, source, "-ldl"], capture_output=True, text=True)
    if build.returncode != 0:
        print("openblas_reference: C harness did not compile, falling back to Python timing:\n"
              + build.stderr, file=sys.stderr)
        return None
    results = {}
    for op, n in cases:
        run = subprocess.run([binary, lib_path, prefix, suffix, op, str(n), str(rounds), "2e7"],
                             capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
        if run.returncode != 0:
            print("openblas_reference: %s n=%d failed: %s" % (op, n, run.stderr.strip()), file=sys.stderr)
            continue
        results[(op, n)] = float(run.stdout.strip())
    shutil.rmtree(work, ignore_errors=True)
    return results


def time_with_python(cases, rounds):
    import numpy as np
    try:
        from scipy.linalg import blas
    except ImportError:
        blas = None

    def best(fn, target=0.02):
        fn()
        reps = 1
        while True:
            t0 = time.perf_counter()
            for _ in range(reps):
                fn()
            if time.perf_counter() - t0 > target / 4 or reps > 1 << 22:
                break
            reps *= 2
        per = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            for _ in range(reps):
                fn()
            per.append((time.perf_counter() - t0) / reps * 1e9)
        return min(per)

    empty = np.zeros(0)
    overhead = best(lambda: np.dot(empty, empty))
    results = {}
    for op, n in cases:
        if op in ("dot", "axpy"):
            x = np.random.rand(n)
            y = np.random.rand(n)
            if op == "dot":
                t = best(lambda: np.dot(x, y))
            elif blas is not None:
                t = best(lambda: blas.daxpy(x, y, a=1e-12))
            else:
                continue
        else:
            a = np.random.rand(n, n)
            b = np.random.rand(n, n) if op == "gemm" else np.random.rand(n)
            out = np.empty((n, n) if op == "gemm" else n)
            t = best(lambda: np.matmul(a, b, out=out))
        results[(op, n)] = max(t - overhead, 1e-3)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="bench/results/openblas.csv")
    parser.add_argument("--quick", action="store_true", help="fewer rounds (noisier)")
    args = parser.parse_args()

    lib_path = find_openblas()
    if lib_path is None:
        print("openblas_reference: NumPy with a bundled OpenBLAS not found; no reference written",
              file=sys.stderr)
        return 0
    style = symbol_style(lib_path)
    if style is None:
        print("openblas_reference: no CBLAS symbols in %s; no reference written" % lib_path, file=sys.stderr)
        return 0
    prefix, suffix, int_type, lib = style
    for name in [prefix + "openblas_set_num_threads" + suffix, "openblas_set_num_threads"]:
        if hasattr(lib, name):
            getattr(lib, name)(1)
            break
    core = core_name(lib, prefix, suffix)

    cases = [(op, n) for op in ("dot", "axpy") for n in VECTOR_SIZES]
    cases += [(op, n) for op in ("gemv", "gemm") for n in MATRIX_SIZES]
    rounds = 3 if args.quick else 7
    results = time_with_c(lib_path, prefix, suffix, int_type, cases, rounds)
    how = "C harness; 64-byte aligned; best of %d" % rounds
    if results is None:
        results = time_with_python(cases, rounds)
        how = "NumPy from Python minus call overhead; best of %d (coarse below ~1 us)" % rounds

    source = ("OpenBLAS %s; 1 thread; %s" % (core, how)).replace(",", ";")  # one CSV field
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("op,params,ns_per_op,gflops,source\n")
        for (op, n), ns in sorted(results.items()):
            f.write("%s,n=%d,%.3f,%.3f,%s\n" % (op, n, ns, flops(op, n) / ns, source))
    print("openblas_reference: wrote %d timings to %s (%s)" % (len(results), args.out, source),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
