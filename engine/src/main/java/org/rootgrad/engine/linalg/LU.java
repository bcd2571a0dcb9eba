package org.rootgrad.engine.linalg;

import static org.rootgrad.error.Checks.length;
import static org.rootgrad.error.Checks.matrix;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.SingularOperatorException;
import org.rootgrad.error.Status;

/**
 * LU factorisation with partial (row) pivoting, P A = L U, of a general n×n matrix, made once
 * for a size and reused; nothing is allocated after construction. L is unit lower triangular,
 * U upper triangular, both kept in one internal n×n array.
 *
 * <p>Blocked right-looking algorithm on row-major storage: a panel of {@value #BLOCK} columns is
 * factored with pivot search and whole-row swaps (contiguous in row-major), the block row of U
 * is solved with the panel's unit triangle, and the trailing matrix takes one
 * {@link MatrixKernels#gemm}.
 *
 * <p>Not thread-safe: one instance per thread (it is a workspace).
 */
public final class LU {

    private static final int BLOCK = 64;

    private final int n;
    private final double[] lu;
    /** LAPACK-style interchanges: at step i, row i was swapped with row swaps[i] ≥ i. */
    private final int[] swaps;
    private final double[] work1;
    private final double[] work2;
    private final double[] work3;
    private final MatrixKernels kernels;
    private final ArrayKernels vectors;
    private double norm1;
    private boolean oddPermutation;
    private int failedPivot = -1;
    private Status status = Status.SINGULAR;
    private boolean factored;

    /** A factorisation for n×n matrices using the active (Vector API or scalar) kernels. */
    public LU(int n) {
        this(n, MatrixKernels.active());
    }

    /** A factorisation for n×n matrices whose block updates run on the given matrix kernels. */
    public LU(int n, MatrixKernels kernels) {
        if (n < 0) {
            throw new DimensionMismatchException("n must be >= 0, got " + n);
        }
        this.n = n;
        this.lu = new double[n * n];
        this.swaps = new int[n];
        this.work1 = new double[n];
        this.work2 = new double[n];
        this.work3 = new double[n];
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
     * Factors the n×n matrix at {@code a[aOff + i*lda + j]}.
     *
     * @return this
     * @throws DimensionMismatchException if the matrix does not fit in {@code a} or {@code lda < n}
     * @throws NonFiniteException if A holds a NaN or an infinity
     * @throws SingularOperatorException if a pivot is exactly zero (its {@code index()} is the column)
     */
    public LU factor(double[] a, int aOff, int lda) {
        matrix("a", a, aOff, n, n, lda);
        Dense.copyFinite("a", n, n, a, aOff, lda, lu);
        if (!factorCopied()) {
            throw new SingularOperatorException("LU: pivot " + failedPivot
                    + " is exactly zero; the matrix is singular", failedPivot);
        }
        return this;
    }

    /**
     * As {@link #factor} but returns {@code false} on failure: {@link #status()} is then
     * {@link Status#SINGULAR} (exactly zero pivot at {@link #failedPivot()}) or
     * {@link Status#NON_FINITE} (a NaN or infinity in A, in row {@link #failedPivot()}).
     *
     * @throws DimensionMismatchException if the matrix does not fit in {@code a} or {@code lda < n}
     */
    public boolean tryFactor(double[] a, int aOff, int lda) {
        matrix("a", a, aOff, n, n, lda);
        factored = false;
        for (int i = 0; i < n; i++) {
            int src = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                double v = a[src + j];
                if (!Double.isFinite(v)) {
                    status = Status.NON_FINITE;
                    failedPivot = i;
                    return false;
                }
                lu[i * n + j] = v;
            }
        }
        return factorCopied();
    }

    private boolean factorCopied() {
        factored = false;
        failedPivot = -1;
        oddPermutation = false;
        norm1 = 0;
        java.util.Arrays.fill(work1, 0.0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                work1[j] += Math.abs(lu[i * n + j]);
            }
        }
        for (int j = 0; j < n; j++) {
            norm1 = Math.max(norm1, work1[j]);
        }
        for (int k0 = 0; k0 < n; k0 += BLOCK) {
            int k1 = Math.min(n, k0 + BLOCK);
            if (!factorPanel(k0, k1)) {
                status = Status.SINGULAR;
                return false;
            }
            int right = n - k1;
            if (right == 0) {
                break;
            }
            // U12 = L11^{-1} A12 (unit lower), then A22 ← A22 − L21·U12
            Triangular.lower(kernels, vectors, k1 - k0, right, lu, k0 * n + k0, n, true, lu, k0 * n + k1, n);
            kernels.gemm(false, false, n - k1, right, k1 - k0, -1.0, lu, k1 * n + k0, n,
                    lu, k0 * n + k1, n, 1.0, lu, k1 * n + k1, n);
        }
        status = Status.CONVERGED;
        factored = true;
        return true;
    }

    /** Unblocked right-looking LU of columns k0..k1 over rows k0..n, swapping whole rows. */
    private boolean factorPanel(int k0, int k1) {
        for (int j = k0; j < k1; j++) {
            int p = j;
            double best = Math.abs(lu[j * n + j]);
            for (int i = j + 1; i < n; i++) {
                double v = Math.abs(lu[i * n + j]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            swaps[j] = p;
            if (best == 0) {
                failedPivot = j;
                return false;
            }
            if (p != j) {
                swapRows(lu, p * n, j * n, n);
                oddPermutation = !oddPermutation;
            }
            int rj = j * n;
            double pivot = lu[rj + j];
            int width = k1 - j - 1;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double lij = lu[ri + j] / pivot;
                lu[ri + j] = lij;
                if (width > 0) {
                    vectors.axpy(width, -lij, lu, rj + j + 1, lu, ri + j + 1);
                }
            }
        }
        return true;
    }

    private static void swapRows(double[] a, int r1, int r2, int len) {
        for (int j = 0; j < len; j++) {
            double t = a[r1 + j];
            a[r1 + j] = a[r2 + j];
            a[r2 + j] = t;
        }
    }

    /** Column of the first exactly-zero pivot (or row of a non-finite input), -1 after success. */
    public int failedPivot() {
        return failedPivot;
    }

    /**
     * Outcome of the last factorisation: {@link Status#CONVERGED} on success,
     * {@link Status#SINGULAR} or {@link Status#NON_FINITE} on failure.
     */
    public Status status() {
        return status;
    }

    /**
     * Solves A x = b; {@code x} may be {@code b}.
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
        for (int i = 0; i < n; i++) {
            int p = swaps[i];
            if (p != i) {
                double t = x[i];
                x[i] = x[p];
                x[p] = t;
            }
        }
        Triangular.lower(vectors, n, lu, 0, n, true, x, 0);
        Triangular.upper(vectors, n, lu, 0, n, false, x, 0);
    }

    /**
     * Solves Aᵀ x = b (Aᵀ = Uᵀ Lᵀ P) without forming Aᵀ; {@code x} may be {@code b}.
     *
     * @throws DimensionMismatchException unless both have length n
     * @throws InvalidOptionException if no factorisation has succeeded
     */
    public void solveTranspose(double[] b, double[] x) {
        requireFactored();
        length("b", b, n);
        length("x", x, n);
        if (x != b) {
            System.arraycopy(b, 0, x, 0, n);
        }
        solveTransposeInPlace(x);
    }

    private void solveTransposeInPlace(double[] x) {
        Triangular.upperTranspose(vectors, n, lu, 0, n, false, x, 0);
        Triangular.lowerTranspose(vectors, n, lu, 0, n, true, x, 0);
        for (int i = n - 1; i >= 0; i--) {
            int p = swaps[i];
            if (p != i) {
                double t = x[i];
                x[i] = x[p];
                x[p] = t;
            }
        }
    }

    private void solveInPlace(double[] x) {
        for (int i = 0; i < n; i++) {
            int p = swaps[i];
            if (p != i) {
                double t = x[i];
                x[i] = x[p];
                x[p] = t;
            }
        }
        Triangular.lower(vectors, n, lu, 0, n, true, x, 0);
        Triangular.upper(vectors, n, lu, 0, n, false, x, 0);
    }

    /**
     * Solves A X = B for n×nrhs B and X (row-major, leading dimensions ldb, ldx). X may be B
     * (same array, offset and leading dimension); other overlaps are rejected.
     *
     * @throws DimensionMismatchException if a matrix does not fit its array or X overlaps B
     * @throws InvalidOptionException if no factorisation has succeeded
     */
    public void solve(int nrhs, double[] b, int bOff, int ldb, double[] x, int xOff, int ldx) {
        requireFactored();
        Dense.copyRightHandSides(n, nrhs, b, bOff, ldb, x, xOff, ldx);
        for (int i = 0; i < n; i++) {
            if (swaps[i] != i) {
                swapRows(x, xOff + i * ldx, xOff + swaps[i] * ldx, nrhs);
            }
        }
        Triangular.lower(kernels, vectors, n, nrhs, lu, 0, n, true, x, xOff, ldx);
        Triangular.upper(kernels, vectors, n, nrhs, lu, 0, n, false, x, xOff, ldx);
    }

    /**
     * Solves Aᵀ X = B for n×nrhs B and X; X may be B (same array, offset and leading dimension).
     *
     * @throws DimensionMismatchException if a matrix does not fit its array or X overlaps B
     * @throws InvalidOptionException if no factorisation has succeeded
     */
    public void solveTranspose(int nrhs, double[] b, int bOff, int ldb, double[] x, int xOff, int ldx) {
        requireFactored();
        Dense.copyRightHandSides(n, nrhs, b, bOff, ldb, x, xOff, ldx);
        Triangular.upperTranspose(kernels, vectors, n, nrhs, lu, 0, n, false, x, xOff, ldx);
        Triangular.lowerTranspose(kernels, vectors, n, nrhs, lu, 0, n, true, x, xOff, ldx);
        for (int i = n - 1; i >= 0; i--) {
            if (swaps[i] != i) {
                swapRows(x, xOff + i * ldx, xOff + swaps[i] * ldx, nrhs);
            }
        }
    }

    /**
     * Estimate of the reciprocal 1-norm condition number 1/(‖A‖₁‖A⁻¹‖₁), in [0, 1]: Hager's
     * method as refined by Higham (a few solves with A and Aᵀ, no inverse formed), taking the
     * larger of its estimate of ‖A⁻¹‖₁ and Higham's alternating-sign test vector. The estimate
     * of ‖A⁻¹‖₁ is a lower bound, so the result is an upper bound on the true reciprocal
     * condition, usually within a small factor of it. 1 for n = 0.
     *
     * @throws InvalidOptionException if no factorisation has succeeded
     */
    public double reciprocalConditionEstimate() {
        requireFactored();
        if (n == 0) {
            return 1.0;
        }
        double[] x = work1;
        double[] sign = work2;
        double[] z = work3;
        // Hager: maximise ‖A⁻¹x‖₁ over ‖x‖₁ = 1 by a gradient step to a vertex e_j per iteration.
        java.util.Arrays.fill(x, 1.0 / n);
        solveInPlace(x);
        double estimate = norm1AndSigns(x, sign);
        int j = hagerDirection(sign, z);
        for (int iteration = 1; iteration < 5; iteration++) {
            java.util.Arrays.fill(x, 0.0);
            x[j] = 1.0;
            solveInPlace(x);
            boolean signsRepeat = true;
            for (int i = 0; i < n; i++) {
                if ((x[i] >= 0 ? 1.0 : -1.0) != sign[i]) {
                    signsRepeat = false;
                    break;
                }
            }
            double next = norm1AndSigns(x, sign);
            if (signsRepeat || next <= estimate) {
                estimate = Math.max(estimate, next);
                break;
            }
            estimate = next;
            int previous = j;
            j = hagerDirection(sign, z);
            if (Math.abs(z[j]) <= Math.abs(z[previous])) {
                break;  // ‖z‖∞ ≤ zᵀx: a local maximum
            }
        }
        // Higham's safeguard: x_i = (−1)^i (1 + i/(n−1)), estimate 2‖A⁻¹x‖₁ / (3n).
        for (int i = 0; i < n; i++) {
            double mag = 1.0 + (n > 1 ? (double) i / (n - 1) : 0.0);
            x[i] = (i % 2 == 0) ? mag : -mag;
        }
        solveInPlace(x);
        double alt = 0;
        for (int i = 0; i < n; i++) {
            alt += Math.abs(x[i]);
        }
        estimate = Math.max(estimate, 2 * alt / (3.0 * n));
        if (norm1 == 0 || estimate == 0) {
            return 0.0;
        }
        return Math.min(1.0, 1.0 / (norm1 * estimate));
    }

    private double norm1AndSigns(double[] y, double[] sign) {
        double norm = 0;
        for (int i = 0; i < n; i++) {
            norm += Math.abs(y[i]);
            sign[i] = y[i] >= 0 ? 1.0 : -1.0;
        }
        return norm;
    }

    /** z ← A⁻ᵀ sign; returns argmax |z_i|. */
    private int hagerDirection(double[] sign, double[] z) {
        System.arraycopy(sign, 0, z, 0, n);
        solveTransposeInPlace(z);
        int j = 0;
        for (int i = 1; i < n; i++) {
            if (Math.abs(z[i]) > Math.abs(z[j])) {
                j = i;
            }
        }
        return j;
    }

    /** det A = (±1) Π U_ii, the sign from the parity of the row interchanges. */
    public double determinant() {
        requireFactored();
        double d = oddPermutation ? -1.0 : 1.0;
        for (int i = 0; i < n; i++) {
            d *= lu[i * n + i];
        }
        return d;
    }

    /**
     * The row permutation: {@code out[i]} is the row of A that became row i of P A.
     *
     * @return out
     * @throws DimensionMismatchException unless {@code out.length == n}
     */
    public int[] pivots(int[] out) {
        requireFactored();
        if (out == null || out.length != n) {
            throw new DimensionMismatchException("out must have length " + n + ", got "
                    + (out == null ? "null" : out.length));
        }
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int p = swaps[i];
            int t = out[i];
            out[i] = out[p];
            out[p] = t;
        }
        return out;
    }

    /** Copies unit lower triangular L (n×n) to {@code out}. */
    public void lower(double[] out, int outOff, int ldo) {
        requireFactored();
        matrix("out", out, outOff, n, n, ldo);
        for (int i = 0; i < n; i++) {
            int row = outOff + i * ldo;
            System.arraycopy(lu, i * n, out, row, i);
            out[row + i] = 1.0;
            java.util.Arrays.fill(out, row + i + 1, row + n, 0.0);
        }
    }

    /** Copies upper triangular U (n×n) to {@code out}. */
    public void upper(double[] out, int outOff, int ldo) {
        requireFactored();
        matrix("out", out, outOff, n, n, ldo);
        for (int i = 0; i < n; i++) {
            int row = outOff + i * ldo;
            java.util.Arrays.fill(out, row, row + i, 0.0);
            System.arraycopy(lu, i * n + i, out, row + i, n - i);
        }
    }

    private void requireFactored() {
        if (!factored) {
            throw new InvalidOptionException("LU: no successful factor() to use"
                    + (failedPivot >= 0 ? " (the last one failed at " + failedPivot + ")" : ""));
        }
    }
}
