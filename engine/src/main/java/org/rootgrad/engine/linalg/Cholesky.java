package org.rootgrad.engine.linalg;

import static org.rootgrad.error.Checks.length;
import static org.rootgrad.error.Checks.matrix;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.IndefiniteOperatorException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.Status;

/**
 * Cholesky factorisation A = L Lᵀ of a symmetric positive definite n×n matrix, made once for a
 * size and reused: {@link #factor} copies the lower triangle of A into internal storage and
 * factors it there; the solves then run in place on the caller's arrays. Nothing is allocated
 * after construction.
 *
 * <p>Blocked right-looking algorithm on row-major storage: each diagonal block of
 * {@value #BLOCK} columns is factored recursively (gemm-coupled halves down to leaves
 * factored by rank-one updates), the panel below it is solved by a recursive triangular solve whose work is gemm, and the trailing lower triangle is updated block row by
 * block row with {@link MatrixKernels#gemm} (L₂₂ ← A₂₂ − L₂₁L₂₁ᵀ, only at and below the diagonal).
 *
 * <p>Not thread-safe: one instance per thread (it is a workspace).
 */
public final class Cholesky {

    /** Columns per block step: the depth of the trailing update's gemm. */
    private static final int BLOCK = 192;
    /** Rows per gemm of the trailing update (each ends at the diagonal, so smaller wastes less). */
    private static final int ROWS = 96;
    /** Panel width at which the recursive triangular solve switches to substitution. */
    private static final int TRSM_LEAF = 32;
    /** Diagonal block size at which the recursive factorisation switches to rank-one updates. */
    private static final int CHOL_LEAF = 32;

    private final int n;
    private final double[] l;
    /** TRSM_LEAF×n: a leaf panel transposed, so that substitution runs along contiguous rows; also the scaled column of a factorisation leaf (never both at once). */
    private final double[] leaf;
    private final MatrixKernels kernels;
    private final ArrayKernels vectors;
    private int failedPivot = -1;
    private double failedValue;
    private Status status = Status.SINGULAR;
    private boolean factored;

    /** A factorisation for n×n matrices using the active (Vector API or scalar) kernels. */
    public Cholesky(int n) {
        this(n, MatrixKernels.active());
    }

    /** A factorisation for n×n matrices whose block updates run on the given matrix kernels. */
    public Cholesky(int n, MatrixKernels kernels) {
        if (n < 0) {
            throw new DimensionMismatchException("n must be >= 0, got " + n);
        }
        this.n = n;
        this.l = new double[n * n];
        this.leaf = new double[TRSM_LEAF * n];
        if (kernels == null) {
            throw new DimensionMismatchException("kernels is null");
        }
        this.kernels = kernels;
        this.vectors = ArrayKernels.active();
    }

    public int size() {
        return n;
    }

    /**
     * Factors the symmetric positive definite n×n matrix whose lower triangle (i ≥ j) is read
     * from {@code a[aOff + i*lda + j]}; the strict upper triangle is never read.
     *
     * @return this
     * @throws DimensionMismatchException if the matrix does not fit in {@code a} or {@code lda < n}
     * @throws NonFiniteException if the lower triangle holds a NaN or an infinity
     * @throws IndefiniteOperatorException if a pivot is not positive (A is not positive definite
     *         to working precision); its {@code index()} and {@code value()} name the pivot
     */
    public Cholesky factor(double[] a, int aOff, int lda) {
        if (!tryFactor(a, aOff, lda)) {
            if (status == Status.NON_FINITE) {
                int i = failedPivot;
                throw new NonFiniteException("a: row " + i + " of the lower triangle holds " + failedValue
                        + "; the matrix must be finite");
            }
            throw new IndefiniteOperatorException("Cholesky: pivot " + failedPivot + " is " + failedValue
                    + "; the matrix is not positive definite", failedPivot, failedValue);
        }
        return this;
    }

    /**
     * As {@link #factor} but reports failure by returning {@code false}: {@link #failedPivot()}
     * then gives the row of the first non-positive pivot or non-finite input, and
     * {@link #status()} says which ({@link Status#INDEFINITE} or {@link Status#NON_FINITE}).
     *
     * @throws DimensionMismatchException if the matrix does not fit in {@code a} or {@code lda < n}
     */
    public boolean tryFactor(double[] a, int aOff, int lda) {
        matrix("a", a, aOff, n, n, lda);
        factored = false;
        failedPivot = -1;
        for (int i = 0; i < n; i++) {
            int src = aOff + i * lda;
            int dst = i * n;
            for (int j = 0; j <= i; j++) {
                double v = a[src + j];
                if (!Double.isFinite(v)) {
                    return fail(Status.NON_FINITE, i, v);
                }
                l[dst + j] = v;
            }
        }
        for (int k0 = 0; k0 < n; k0 += BLOCK) {
            int k1 = Math.min(n, k0 + BLOCK);
            if (!factorDiagonalBlock(k0, k1)) {
                return false;
            }
            int below = n - k1;
            if (below == 0) {
                break;
            }
            // L21 = A21 · L11^{-T}
            solvePanel(below, k1 - k0, k0 * n + k0, k1 * n + k0);
            // A22 ← A22 − L21·L21ᵀ, lower triangle only, one gemm per block row
            int kb = k1 - k0;
            for (int i0 = k1; i0 < n; i0 += ROWS) {
                int rows = Math.min(ROWS, n - i0);
                int cols = i0 + rows - k1;
                kernels.gemm(false, true, rows, cols, kb, -1.0, l, i0 * n + k0, n, l, k1 * n + k0, n,
                        1.0, l, i0 * n + k1, n);
            }
        }
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(l, i * n + i + 1, (i + 1) * n, 0.0);
        }
        status = Status.CONVERGED;
        factored = true;
        return true;
    }

    /**
     * Cholesky of the diagonal block k0..k1 (already updated by the blocks to its left),
     * recursively: halves whose coupling is a triangular solve and one gemm, down to blocks of
     * {@value #CHOL_LEAF} factored by rank-one updates.
     */
    private boolean factorDiagonalBlock(int k0, int k1) {
        int size = k1 - k0;
        if (size > CHOL_LEAF) {
            int h = size / 2;
            int k = k0 + h;
            if (!factorDiagonalBlock(k0, k)) {
                return false;
            }
            solvePanel(k1 - k, h, k0 * n + k0, k * n + k0);
            kernels.gemm(false, true, k1 - k, k1 - k, h, -1.0, l, k * n + k0, n, l, k * n + k0, n,
                    1.0, l, k * n + k, n);
            return factorDiagonalBlock(k, k1);
        }
        // Right-looking: pivot k, its column scaled, then the rank-one update of the trailing
        // triangle, whose entries are independent of one another. The inner-product form this
        // replaces chained every entry of a row on the one before it (measured at n = 20: 1.2 µs
        // per factorisation, most of it waiting on those chains).
        double[] col = leaf;
        for (int k = k0; k < k1; k++) {
            int rk = k * n;
            double d = l[rk + k];
            if (!(d > 0)) {
                return fail(Double.isNaN(d) ? Status.NON_FINITE : Status.INDEFINITE, k, d);
            }
            double lkk = Math.sqrt(d);
            l[rk + k] = lkk;
            double inverse = 1 / lkk;
            for (int i = k + 1; i < k1; i++) {
                double lik = l[i * n + k] * inverse;
                l[i * n + k] = lik;
                col[i] = lik;
            }
            for (int i = k + 1; i < k1; i++) {
                int ri = i * n;
                double lik = col[i];
                for (int j = k + 1; j <= i; j++) {
                    l[ri + j] = Math.fma(-lik, col[j], l[ri + j]);
                }
            }
        }
        return true;
    }

    /**
     * Solves X·Tᵀ = B in place for X (rows×w, at x), T lower triangular w×w at t: split T in
     * halves, solve the left columns, update the right ones with one gemm, recurse.
     */
    private void solvePanel(int rows, int w, int t, int x) {
        if (w <= TRSM_LEAF) {
            solveLeaf(rows, w, t, x);
            return;
        }
        int h = w / 2;
        solvePanel(rows, h, t, x);
        kernels.gemm(false, true, rows, w - h, h, -1.0, l, x, n, l, t + h * n, n, 1.0, l, x + h, n);
        solvePanel(rows, w - h, t + h * n + h, x + h);
    }

    /**
     * Leaf of {@link #solvePanel}: transposes the rows×w panel into {@link #leaf} so that each
     * substitution step is an axpy over all rows at once (contiguous, on the array kernels),
     * then transposes back.
     */
    private void solveLeaf(int rows, int w, int t, int x) {
        double[] buf = leaf;
        for (int r = 0; r < rows; r++) {
            int xr = x + r * n;
            for (int j = 0; j < w; j++) {
                buf[j * rows + r] = l[xr + j];
            }
        }
        for (int j = 0; j < w; j++) {
            int bj = j * rows;
            int tj = t + j * n;
            for (int p = 0; p < j; p++) {
                vectors.axpy(rows, -l[tj + p], buf, p * rows, buf, bj);
            }
            vectors.scal(rows, 1.0 / l[tj + j], buf, bj);
        }
        for (int r = 0; r < rows; r++) {
            int xr = x + r * n;
            for (int j = 0; j < w; j++) {
                l[xr + j] = buf[j * rows + r];
            }
        }
    }

    private boolean fail(Status why, int pivot, double value) {
        status = why;
        failedPivot = pivot;
        failedValue = value;
        return false;
    }

    /** Row of the first failing pivot of the last factorisation, or -1 after a successful one. */
    public int failedPivot() {
        return failedPivot;
    }

    /**
     * Outcome of the last factorisation: {@link Status#CONVERGED} on success,
     * {@link Status#INDEFINITE} or {@link Status#NON_FINITE} on failure ({@link Status#SINGULAR}
     * before the first one).
     */
    public Status status() {
        return status;
    }

    /**
     * Solves A x = b. {@code x} may be {@code b}.
     *
     * @throws DimensionMismatchException unless both have length n
     * @throws InvalidOptionException if no factorisation has succeeded
     */
    public void solve(double[] b, double[] x) {
        requireFactored();
        length("b", b, n);
        length("x", x, n);
        if (x != b) {
            System.arraycopy(b, 0, x, 0, n);
        }
        Triangular.lower(vectors, n, l, 0, n, false, x, 0);
        Triangular.lowerTranspose(vectors, n, l, 0, n, false, x, 0);
    }

    /**
     * Solves A X = B for n×nrhs B and X (row-major with leading dimensions ldb, ldx). X may be B
     * (same array, offset and leading dimension); other overlaps are rejected.
     *
     * @throws DimensionMismatchException if a matrix does not fit its array or X overlaps B
     * @throws InvalidOptionException if no factorisation has succeeded
     */
    public void solve(int nrhs, double[] b, int bOff, int ldb, double[] x, int xOff, int ldx) {
        requireFactored();
        Dense.copyRightHandSides(n, nrhs, b, bOff, ldb, x, xOff, ldx);
        Triangular.lower(kernels, vectors, n, nrhs, l, 0, n, false, x, xOff, ldx);
        Triangular.lowerTranspose(kernels, vectors, n, nrhs, l, 0, n, false, x, xOff, ldx);
    }

    /**
     * L_ii of the last successful factorisation. A pivot that is positive only by rounding (a row
     * that repeats an earlier one leaves ±1e-17 relative, either sign) passes {@link #tryFactor};
     * a caller for whom such a matrix is singular compares L_ii² with A_ii.
     */
    public double pivot(int i) {
        if (!factored) {
            throw new InvalidOptionException("pivot(" + i + ") before a successful factorisation");
        }
        if (i < 0 || i >= n) {
            throw new DimensionMismatchException("pivot index " + i + " is outside 0.." + (n - 1));
        }
        return l[i * n + i];
    }

    /** log det A = 2 Σ log L_ii. */
    public double logDeterminant() {
        requireFactored();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(l[i * n + i]);
        }
        return 2 * s;
    }

    /**
     * Copies L (n×n, zeros above the diagonal) to {@code out} at {@code outOff} with leading
     * dimension {@code ldo}.
     *
     * @throws DimensionMismatchException if it does not fit
     */
    public void lower(double[] out, int outOff, int ldo) {
        requireFactored();
        matrix("out", out, outOff, n, n, ldo);
        for (int i = 0; i < n; i++) {
            System.arraycopy(l, i * n, out, outOff + i * ldo, n);
        }
    }

    private void requireFactored() {
        if (!factored) {
            throw new InvalidOptionException("Cholesky: no successful factor() to use"
                    + (failedPivot >= 0 ? " (the last one failed at pivot " + failedPivot + ")" : ""));
        }
    }
}
