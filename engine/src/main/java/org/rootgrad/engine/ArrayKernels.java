package org.rootgrad.engine;

import org.rootgrad.engine.internal.KernelProvider;

/**
 * Unchecked one-dimensional kernels on {@code double[]} with explicit offsets and unit stride:
 * BLAS level 1, element-wise arithmetic and math, reductions, and the fused updates of Krylov
 * methods. The caller owns all memory; no kernel allocates.
 *
 * <p>Two implementations exist: a scalar twin (the reference) and a Vector API one. {@link
 * #active()} is chosen once at start-up; {@link #scalar()} and {@link #panama()} are there for
 * tests and benchmarks that compare the two. Kernels never check their arguments: out-of-range
 * offsets fail with {@link ArrayIndexOutOfBoundsException} at best. Use the checked facades
 * {@link Blas} and {@link ElementWise} unless the arguments were validated at an API boundary.
 *
 * <p>Output arrays may alias inputs only where an element is read before it is written at the
 * same index (element-wise ops with identical offsets); overlapping shifted ranges are not
 * supported.
 *
 * <p>Thread safety: implementations are stateless and shareable between threads; concurrent calls must not write to overlapping ranges of the same arrays.
 */
public interface ArrayKernels {

    /** The implementation selected at start-up (Vector API unless unavailable or disabled). */
    static ArrayKernels active() {
        return KernelProvider.ACTIVE_ARRAY;
    }

    /** The scalar reference implementation. */
    static ArrayKernels scalar() {
        return KernelProvider.SCALAR_ARRAY;
    }

    /**
     * The Vector API implementation, even if it is not the active one.
     *
     * @throws UnsupportedOperationException if {@code jdk.incubator.vector} is not available
     */
    static ArrayKernels panama() {
        return KernelProvider.panamaArray();
    }

    /** Human-readable name of this implementation, e.g. {@code "panama(512-bit)"}. */
    String name();

    // ---- BLAS level 1 ------------------------------------------------------------------------

    /** Returns Σ x[i]·y[i]. */
    double dot(int n, double[] x, int xOff, double[] y, int yOff);

    /** y ← αx + y. */
    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

    /** y ← αx + βy. */
    void axpby(int n, double alpha, double[] x, int xOff, double beta, double[] y, int yOff);

    /** x ← αx. */
    void scal(int n, double alpha, double[] x, int xOff);

    /** y ← x. */
    void copy(int n, double[] x, int xOff, double[] y, int yOff);

    /** x ← value. */
    void fill(int n, double value, double[] x, int xOff);

    /** Euclidean norm, computed without overflow or harmful underflow for any finite input. */
    double nrm2(int n, double[] x, int xOff);

    /** Σ |x[i]|. */
    double asum(int n, double[] x, int xOff);

    /**
     * Index (relative to {@code xOff}) of the first element of largest absolute value; -1 when
     * {@code n == 0}. The result is unspecified if x holds a NaN.
     */
    int iamax(int n, double[] x, int xOff);

    /** Σ x[i]; 0 when {@code n == 0}. */
    double sum(int n, double[] x, int xOff);

    /** max x[i]; −∞ when {@code n == 0}. */
    double max(int n, double[] x, int xOff);

    // ---- element-wise arithmetic: out may be x or y at the same offset -----------------------

    /** z ← x + y. */
    void add(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff);

    /** z ← x − y. */
    void sub(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff);

    /** z ← x ∘ y. */
    void mul(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff);

    /** z ← x / y. */
    void div(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff);

    /** out ← x ∘ y + z, with a fused multiply-add per element. */
    void fma(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff,
             double[] out, int outOff);

    // ---- element-wise math: y ← f(x); y may be x at the same offset ---------------------------
    // Accurate to about 1 ulp in both implementations (the scalar twin uses Math), NaN in, NaN out.

    void exp(int n, double[] x, int xOff, double[] y, int yOff);

    /** y ← e^x − 1, accurate for small x. */
    void expm1(int n, double[] x, int xOff, double[] y, int yOff);

    void log(int n, double[] x, int xOff, double[] y, int yOff);

    void log1p(int n, double[] x, int xOff, double[] y, int yOff);

    void tanh(int n, double[] x, int xOff, double[] y, int yOff);

    /** y ← 1 / (1 + e^(−x)), accurate in both tails. */
    void sigmoid(int n, double[] x, int xOff, double[] y, int yOff);

    /** y ← log(1 + e^x), without overflow for large x. */
    void softplus(int n, double[] x, int xOff, double[] y, int yOff);

    /** y ← sign(x)·max(|x| − threshold, 0), the prox of threshold·‖·‖₁. */
    void softThreshold(int n, double threshold, double[] x, int xOff, double[] y, int yOff);

    /** y ← min(max(x, lo), hi). */
    void clip(int n, double lo, double hi, double[] x, int xOff, double[] y, int yOff);

    /** log Σ e^(x[i]), computed stably (shifted by the maximum); −∞ when {@code n == 0}. */
    double logSumExp(int n, double[] x, int xOff);

    // ---- fused updates of Krylov methods ------------------------------------------------------

    /**
     * The conjugate-gradient step in one pass: x ← x + αp; r ← r − αq; returns the new r·r.
     */
    double cgUpdate(int n, double alpha, double[] p, int pOff, double[] q, int qOff,
                    double[] x, int xOff, double[] r, int rOff);

    /** y ← x + βy (the search-direction update p ← r + βp). */
    void xpby(int n, double[] x, int xOff, double beta, double[] y, int yOff);

    /** z ← d ∘ r and returns r·z (a diagonal preconditioner applied, with the PCG inner product). */
    double mulDot(int n, double[] d, int dOff, double[] r, int rOff, double[] z, int zOff);
}
