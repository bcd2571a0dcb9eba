package org.rootgrad.implicit.linear;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.engine.linalg.LU;
import org.rootgrad.engine.linalg.QR;
import org.rootgrad.engine.linalg.Triangular;
import org.rootgrad.error.Status;

/**
 * One of the engine's dense factorisations behind the interface the {@link DirectSolver} needs:
 * factor a row-major n×n matrix without throwing, solve with A or Aᵀ in place (one vector or a
 * row-major n×k block), and estimate the reciprocal condition number. Made once per workspace;
 * nothing allocates after construction.
 */
abstract sealed class DenseFactorization {
    static final ArrayKernels V = ArrayKernels.active();
    static final MatrixKernels M = MatrixKernels.active();

    final int n;
    /** Why the last {@link #factor} failed: INDEFINITE, SINGULAR or NON_FINITE; CONVERGED after success. */
    Status status = Status.CONVERGED;
    /** The pivot (row or column) at which the last factorisation failed, -1 after success. */
    int failedPivot = -1;

    DenseFactorization(int n) {
        this.n = n;
    }

    static DenseFactorization of(DirectSolver.Kind kind, int n) {
        return switch (kind) {
            case CHOLESKY -> new OfCholesky(n);
            case LU -> new OfLu(n);
            case QR -> new OfQr(n);
        };
    }

    /** Factors the finite n×n matrix at a[off + i*ld + j]; false (with {@link #status}) on failure. */
    abstract boolean factor(double[] a, int off, int ld);

    /** x ← A⁻¹x, or A⁻ᵀx when {@code transpose}. */
    abstract void solve(double[] x, boolean transpose);

    /** Solves for the k columns of the row-major n×k block at b[0 ..] with leading dimension ld, in place. */
    abstract void solve(int k, double[] b, int ld, boolean transpose);

    /** ‖A‖₁ = max_j Σ_i |a_ij| of the factored matrix, with {@code sums} (n) as scratch. */
    double norm1(double[] a, int off, int ld, double[] sums) {
        V.fill(n, 0, sums, 0);
        for (int i = 0; i < n; i++) {
            int row = off + i * ld;
            for (int j = 0; j < n; j++) {
                sums[j] += Math.abs(a[row + j]);
            }
        }
        double max = 0;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, sums[j]);
        }
        return max;
    }

    /**
     * 1/(‖A‖₁ · est ‖A⁻¹‖₁) of the factored matrix at a[off ..] (leading dimension ld) by Hager's
     * method with Higham's alternating-sign test vector: at most five pairs of solves with A and
     * Aᵀ climbing to a vertex e_j of the 1-norm ball, then one more. The estimate of ‖A⁻¹‖₁ is a
     * lower bound, so the result errs on the side of a better conditioned matrix, usually by a
     * small factor. Uses x, z and sums as scratch (n each).
     */
    double reciprocalCondition(double[] a, int off, int ld, double[] x, double[] z, double[] sums) {
        if (n == 0) {
            return 1;
        }
        double norm1 = norm1(a, off, ld, sums);
        if (!(norm1 > 0)) {
            return 0;
        }
        V.fill(n, 1.0 / n, x, 0);
        double estimate = 0;
        int previous = -1;
        for (int iteration = 0; iteration < 5; iteration++) {
            solve(x, false);
            estimate = Math.max(estimate, V.asum(n, x, 0));
            for (int i = 0; i < n; i++) {
                z[i] = x[i] >= 0 ? 1 : -1;
            }
            solve(z, true);
            int j = V.iamax(n, z, 0);
            double along = previous < 0 ? V.sum(n, z, 0) / n : z[previous];
            if (!Double.isFinite(z[j]) || Math.abs(z[j]) <= along || j == previous) {
                break;
            }
            V.fill(n, 0, x, 0);
            x[j] = 1;
            previous = j;
        }
        for (int i = 0; i < n; i++) {
            x[i] = ((i & 1) == 0 ? 1 : -1) * (1 + (double) i / Math.max(1, n - 1));
        }
        solve(x, false);
        estimate = Math.max(estimate, 2 * V.asum(n, x, 0) / (3.0 * n));
        if (!Double.isFinite(estimate)) {
            return 0;
        }
        return Math.min(1, 1 / (norm1 * estimate));
    }

    /** Cholesky A = LLᵀ: reads the lower triangle; A = Aᵀ, so transposed solves are plain ones. */
    static final class OfCholesky extends DenseFactorization {
        private final Cholesky cholesky;

        OfCholesky(int n) {
            super(n);
            this.cholesky = new Cholesky(n);
        }

        @Override
        boolean factor(double[] a, int off, int ld) {
            if (cholesky.tryFactor(a, off, ld)) {
                status = Status.CONVERGED;
                failedPivot = -1;
                return true;
            }
            status = cholesky.status();
            failedPivot = cholesky.failedPivot();
            return false;
        }

        @Override
        void solve(double[] x, boolean transpose) {
            cholesky.solve(x, x);
        }

        @Override
        void solve(int k, double[] b, int ld, boolean transpose) {
            cholesky.solve(k, b, 0, ld, b, 0, ld);
        }

        /** For a symmetric A, ‖A‖₁ = ‖A‖∞: contiguous row sums. */
        @Override
        double norm1(double[] a, int off, int ld, double[] sums) {
            double max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, V.asum(n, a, off + i * ld));
            }
            return max;
        }
    }

    /** LU with partial pivoting, PA = LU; solves with Aᵀ through Uᵀ and Lᵀ, without refactoring. */
    static final class OfLu extends DenseFactorization {
        private final LU lu;

        OfLu(int n) {
            super(n);
            this.lu = new LU(n);
        }

        @Override
        boolean factor(double[] a, int off, int ld) {
            if (lu.tryFactor(a, off, ld)) {
                status = Status.CONVERGED;
                failedPivot = -1;
                return true;
            }
            status = lu.status();
            failedPivot = lu.failedPivot();
            return false;
        }

        @Override
        void solve(double[] x, boolean transpose) {
            if (transpose) {
                lu.solveTranspose(x, x);
            } else {
                lu.solve(x, x);
            }
        }

        @Override
        void solve(int k, double[] b, int ld, boolean transpose) {
            if (transpose) {
                lu.solveTranspose(k, b, 0, ld, b, 0, ld);
            } else {
                lu.solve(k, b, 0, ld, b, 0, ld);
            }
        }

        /** The engine's own estimate (the same method, with the 1-norm it took while factoring). */
        @Override
        double reciprocalCondition(double[] a, int off, int ld, double[] x, double[] z, double[] sums) {
            return lu.reciprocalConditionEstimate();
        }
    }

    /**
     * Householder QR, A = QR, with Q formed explicitly once per factorisation: Ax = b is
     * x = R⁻¹Qᵀb and Aᵀx = b is x = Q R⁻ᵀ b, each a gemv and a triangular solve.
     */
    static final class OfQr extends DenseFactorization {
        private final QR qr;
        private final double[] q;
        private final double[] r;
        private final double[] t;

        OfQr(int n) {
            super(n);
            this.qr = new QR(n, n);
            this.q = new double[n * n];
            this.r = new double[n * n];
            this.t = new double[n];
        }

        @Override
        boolean factor(double[] a, int off, int ld) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (!Double.isFinite(a[off + i * ld + j])) {
                        status = Status.NON_FINITE;
                        failedPivot = i;
                        return false;
                    }
                }
            }
            qr.factor(a, off, ld);
            qr.r(r, 0, n);
            for (int i = 0; i < n; i++) {
                if (r[i * n + i] == 0) {
                    status = Status.SINGULAR;
                    failedPivot = i;
                    return false;
                }
            }
            qr.q(q, 0, n);
            status = Status.CONVERGED;
            failedPivot = -1;
            return true;
        }

        @Override
        void solve(double[] x, boolean transpose) {
            if (transpose) {
                Triangular.solveUpperTranspose(n, r, 0, n, false, x, 0);
                System.arraycopy(x, 0, t, 0, n);
                M.gemv(n, n, 1, q, 0, n, t, 0, 0, x, 0);
            } else {
                M.gemvT(n, n, 1, q, 0, n, x, 0, 0, t, 0);
                System.arraycopy(t, 0, x, 0, n);
                Triangular.solveUpper(n, r, 0, n, false, x, 0);
            }
        }

        @Override
        void solve(int k, double[] b, int ld, boolean transpose) {
            // column by column: the gain of a blocked QR solve is small next to the factorisation
            for (int j = 0; j < k; j++) {
                solveColumn(b, ld, j, transpose);
            }
        }

        private void solveColumn(double[] b, int ld, int j, boolean transpose) {
            if (transpose) {
                for (int i = 0; i < n; i++) {
                    t[i] = b[i * ld + j];
                }
                Triangular.solveUpperTranspose(n, r, 0, n, false, t, 0);
                for (int i = 0; i < n; i++) {
                    b[i * ld + j] = V.dot(n, q, i * n, t, 0);
                }
            } else {
                // t ← Qᵀ b_j, then R x = t
                V.fill(n, 0, t, 0);
                for (int i = 0; i < n; i++) {
                    V.axpy(n, b[i * ld + j], q, i * n, t, 0);
                }
                Triangular.solveUpper(n, r, 0, n, false, t, 0);
                for (int i = 0; i < n; i++) {
                    b[i * ld + j] = t[i];
                }
            }
        }
    }
}
