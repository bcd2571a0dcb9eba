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
 * {@value #BLOCK} columns is factored in panels of {@value #PANEL} columns (the rows below a
 * panel by substitution, the rest of the block by a rank-8 update), the panel below it is solved
 * by a recursive triangular solve whose work is gemm, and the trailing lower triangle is updated
 * block row by block row with {@link MatrixKernels#gemm} (L₂₂ ← A₂₂ − L₂₁L₂₁ᵀ, only at and
 * below the diagonal).
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
    /** Columns per panel of a diagonal block's factorisation. */
    private static final int PANEL = 8;

    private final int n;
    private final double[] l;
    /** 1/L_ii of the last successful factorisation, for {@link #solve(double[], double[])}. */
    private final double[] inverseDiagonal;
    /** TRSM_LEAF×n: a leaf panel transposed, so that substitution runs along contiguous rows; also a diagonal block's panel transposed (never both at once). */
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
        this.inverseDiagonal = new double[n];
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
            inverseDiagonal[i] = 1 / l[i * n + i];
        }
        status = Status.CONVERGED;
        factored = true;
        return true;
    }

    /**
     * Cholesky of the diagonal block k0..k1 (already updated by the blocks to its left), in
     * panels of {@value #PANEL} columns: the panel's square block by rank-one updates, the rows
     * below it by substitution ({@link #solvePanelRows}, also written transposed into
     * {@link #leaf}), then the block's trailing lower triangle less the panel's rank-8 product
     * ({@link MatrixKernels#syrkLowerSubtract}). Measured (CholeskyBenchmark, the whole
     * factorisation) against the recursive form this replaces, gemm-coupled halves down to
     * 32-column leaves of rank-one updates that did not vectorise: n = 20 1.05 → 0.77 µs (EJML
     * 0.75), 50 7.9 → 3.6 µs (EJML 7.1), 100 34 → 15 µs, 200 145 → 100 µs; n = 1024, where the
     * gemm updates dominate, 7.8 → 7.9 ms.
     */
    private boolean factorDiagonalBlock(int k0, int k1) {
        double[] panel = leaf;
        for (int c0 = k0; c0 < k1; c0 += PANEL) {
            int w = Math.min(PANEL, k1 - c0);
            if (!factorSquare(c0, w)) {
                return false;
            }
            int i0 = c0 + w;
            int rows = k1 - i0;
            if (rows == 0) {
                break;
            }
            solvePanelRows(c0, w, i0, rows, panel);
            kernels.syrkLowerSubtract(rows, w, panel, 0, rows, l, i0 * n + i0, n);
        }
        return true;
    }

    /**
     * Right-looking Cholesky of the w×w block at (c0, c0): pivot, its column scaled, then the
     * rank-one update of the rest of the block, whose entries are independent of one another.
     */
    private boolean factorSquare(int c0, int w) {
        int corner = c0 * n + c0;
        for (int c = 0; c < w; c++) {
            int rc = corner + c * n;
            double d = l[rc + c];
            if (!(d > 0)) {
                return fail(Double.isNaN(d) ? Status.NON_FINITE : Status.INDEFINITE, c0 + c, d);
            }
            double lcc = Math.sqrt(d);
            l[rc + c] = lcc;
            double inverse = 1 / lcc;
            for (int r = c + 1; r < w; r++) {
                l[corner + r * n + c] *= inverse;
            }
            for (int r = c + 1; r < w; r++) {
                int rr = corner + r * n;
                double lrc = l[rr + c];
                for (int t = c + 1; t <= r; t++) {
                    l[rr + t] = Math.fma(-lrc, l[corner + t * n + c], l[rr + t]);
                }
            }
        }
        return true;
    }

    /**
     * The rows i0 … i0 + rows − 1 of the panel's w columns c0 …: each solves x·Dᵀ = a by
     * substitution with the panel's factored square D, rows independent of one another (for
     * w = {@value #PANEL} unrolled, D and the pivots' reciprocals in registers), into l and
     * transposed into {@code panel} (w × rows, leading dimension rows).
     */
    private void solvePanelRows(int c0, int w, int i0, int rows, double[] panel) {
        int d = c0 * n + c0;
        if (w != PANEL) {
            for (int r = 0; r < rows; r++) {
                int row = (i0 + r) * n + c0;
                for (int c = 0; c < w; c++) {
                    int dc = d + c * n;
                    double x = l[row + c];
                    for (int t = 0; t < c; t++) {
                        x = Math.fma(-l[row + t], l[dc + t], x);
                    }
                    x /= l[dc + c];
                    l[row + c] = x;
                    panel[c * rows + r] = x;
                }
            }
            return;
        }
        double d10 = l[d + n];
        double d20 = l[d + 2 * n], d21 = l[d + 2 * n + 1];
        double d30 = l[d + 3 * n], d31 = l[d + 3 * n + 1], d32 = l[d + 3 * n + 2];
        double d40 = l[d + 4 * n], d41 = l[d + 4 * n + 1], d42 = l[d + 4 * n + 2], d43 = l[d + 4 * n + 3];
        double d50 = l[d + 5 * n], d51 = l[d + 5 * n + 1], d52 = l[d + 5 * n + 2], d53 = l[d + 5 * n + 3];
        double d54 = l[d + 5 * n + 4];
        double d60 = l[d + 6 * n], d61 = l[d + 6 * n + 1], d62 = l[d + 6 * n + 2], d63 = l[d + 6 * n + 3];
        double d64 = l[d + 6 * n + 4], d65 = l[d + 6 * n + 5];
        double d70 = l[d + 7 * n], d71 = l[d + 7 * n + 1], d72 = l[d + 7 * n + 2], d73 = l[d + 7 * n + 3];
        double d74 = l[d + 7 * n + 4], d75 = l[d + 7 * n + 5], d76 = l[d + 7 * n + 6];
        double s0 = 1 / l[d], s1 = 1 / l[d + n + 1], s2 = 1 / l[d + 2 * n + 2], s3 = 1 / l[d + 3 * n + 3];
        double s4 = 1 / l[d + 4 * n + 4], s5 = 1 / l[d + 5 * n + 5], s6 = 1 / l[d + 6 * n + 6];
        double s7 = 1 / l[d + 7 * n + 7];
        for (int r = 0; r < rows; r++) {
            int row = (i0 + r) * n + c0;
            double x0 = l[row] * s0;
            double x1 = Math.fma(-x0, d10, l[row + 1]) * s1;
            double x2 = Math.fma(-x1, d21, Math.fma(-x0, d20, l[row + 2])) * s2;
            double x3 = Math.fma(-x2, d32, Math.fma(-x1, d31, Math.fma(-x0, d30, l[row + 3]))) * s3;
            double x4 = Math.fma(-x3, d43, Math.fma(-x2, d42, Math.fma(-x1, d41, Math.fma(-x0, d40, l[row + 4]))))
                    * s4;
            double x5 = Math.fma(-x4, d54, Math.fma(-x3, d53, Math.fma(-x2, d52, Math.fma(-x1, d51,
                    Math.fma(-x0, d50, l[row + 5]))))) * s5;
            double x6 = Math.fma(-x5, d65, Math.fma(-x4, d64, Math.fma(-x3, d63, Math.fma(-x2, d62,
                    Math.fma(-x1, d61, Math.fma(-x0, d60, l[row + 6])))))) * s6;
            double x7 = Math.fma(-x6, d76, Math.fma(-x5, d75, Math.fma(-x4, d74, Math.fma(-x3, d73,
                    Math.fma(-x2, d72, Math.fma(-x1, d71, Math.fma(-x0, d70, l[row + 7]))))))) * s7;
            l[row] = x0;
            l[row + 1] = x1;
            l[row + 2] = x2;
            l[row + 3] = x3;
            l[row + 4] = x4;
            l[row + 5] = x5;
            l[row + 6] = x6;
            l[row + 7] = x7;
            panel[r] = x0;
            panel[rows + r] = x1;
            panel[2 * rows + r] = x2;
            panel[3 * rows + r] = x3;
            panel[4 * rows + r] = x4;
            panel[5 * rows + r] = x5;
            panel[6 * rows + r] = x6;
            panel[7 * rows + r] = x7;
        }
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
        Triangular.lower(vectors, n, l, 0, n, inverseDiagonal, x, 0);
        Triangular.lowerTranspose(vectors, n, l, 0, n, inverseDiagonal, x, 0);
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
