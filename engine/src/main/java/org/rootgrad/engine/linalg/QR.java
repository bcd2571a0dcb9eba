package org.rootgrad.engine.linalg;

import static org.rootgrad.error.Checks.length;
import static org.rootgrad.error.Checks.matrix;

import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.SingularOperatorException;

/**
 * Householder QR factorisation A = Q R of an m×n matrix with m ≥ n, made once for a shape and
 * reused; nothing is allocated after construction. Q = H₀H₁…H_{n−1} with H_j = I − τ_j v_j v_jᵀ
 * is kept implicitly (the vectors below R's diagonal, as LAPACK does).
 *
 * <p>Blocked: a panel of {@value #BLOCK} columns is factored by Householder reflections applied
 * row-wise, its reflectors are gathered in compact WY form I − V T Vᵀ, and the trailing
 * columns take Qᵀ by two gemms (W = VᵀA₂; A₂ ← A₂ − V·TᵀW).
 *
 * <p>Not thread-safe: one instance per thread (it is a workspace).
 */
public final class QR {

    private static final int BLOCK = 32;

    private final int m;
    private final int n;
    private final double[] qr;
    private final double[] tau;
    private final double[] v;      // (m)×BLOCK explicit reflectors of a panel
    private final double[] w;      // BLOCK×n
    private final double[] t;      // BLOCK×BLOCK
    private final double[] gram;   // BLOCK×BLOCK, VᵀV
    private final double[] work;   // m
    private final MatrixKernels kernels;
    private final ArrayKernels vectors;
    private boolean factored;

    /** A factorisation for m×n matrices (m ≥ n) using the active kernels. */
    public QR(int m, int n) {
        this(m, n, MatrixKernels.active());
    }

    /** A factorisation for m×n matrices (m ≥ n) whose block updates run on the given kernels. */
    public QR(int m, int n, MatrixKernels kernels) {
        if (n < 0 || m < n) {
            throw new DimensionMismatchException("QR needs m >= n >= 0, got " + m + "×" + n);
        }
        this.m = m;
        this.n = n;
        this.qr = new double[m * n];
        this.tau = new double[n];
        int nb = Math.min(BLOCK, Math.max(1, n));
        this.v = new double[m * nb];
        this.w = new double[nb * n];
        this.t = new double[nb * nb];
        this.gram = new double[nb * nb];
        this.work = new double[Math.max(m, n)];
        if (kernels == null) {
            throw new DimensionMismatchException("kernels is null");
        }
        this.kernels = kernels;
        this.vectors = ArrayKernels.active();
    }

    public int rows() {
        return m;
    }

    public int columns() {
        return n;
    }

    /**
     * Factors the m×n matrix at {@code a[aOff + i*lda + j]}.
     *
     * @return this
     * @throws DimensionMismatchException if the matrix does not fit in {@code a} or {@code lda < n}
     * @throws NonFiniteException if A holds a NaN or an infinity
     */
    public QR factor(double[] a, int aOff, int lda) {
        matrix("a", a, aOff, m, n, lda);
        factored = false;
        Dense.copyFinite("a", m, n, a, aOff, lda, qr);
        for (int k0 = 0; k0 < n; k0 += BLOCK) {
            int k1 = Math.min(n, k0 + BLOCK);
            factorPanel(k0, k1);
            if (k1 < n) {
                applyBlockReflector(k0, k1);
            }
        }
        factored = true;
        return this;
    }

    /** Unblocked Householder QR of columns k0..k1 over rows k0..m. */
    private void factorPanel(int k0, int k1) {
        for (int j = k0; j < k1; j++) {
            makeReflector(j);
            applyReflector(j, j + 1, k1, qr, n);
        }
    }

    /**
     * LAPACK's dlarfg on column j below the diagonal: chooses β = −sign(α)‖x‖ so that
     * H x = β e₁ without cancellation, stores v (with implicit v₀ = 1) below the diagonal.
     */
    private void makeReflector(int j) {
        double alpha = qr[j * n + j];
        double scale = 0;
        for (int i = j + 1; i < m; i++) {
            scale = Math.max(scale, Math.abs(qr[i * n + j]));
        }
        if (scale == 0) {
            tau[j] = 0;
            return;
        }
        double ss = 0;
        for (int i = j + 1; i < m; i++) {
            double s = qr[i * n + j] / scale;
            ss += s * s;
        }
        double xnorm = scale * Math.sqrt(ss);
        double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
        tau[j] = (beta - alpha) / beta;
        double f = 1.0 / (alpha - beta);
        for (int i = j + 1; i < m; i++) {
            qr[i * n + j] *= f;
        }
        qr[j * n + j] = beta;
    }

    /**
     * Applies H_j = I − τ v vᵀ (v from column j of the factor) to columns c0..c1 of rows j..m of
     * {@code target} (leading dimension ld), row-wise: s = vᵀ·rows, rows −= τ v sᵀ.
     */
    private void applyReflector(int j, int c0, int c1, double[] target, int ld) {
        double tj = tau[j];
        int width = c1 - c0;
        if (tj == 0 || width <= 0) {
            return;
        }
        double[] s = work;
        System.arraycopy(target, j * ld + c0, s, 0, width);
        for (int i = j + 1; i < m; i++) {
            vectors.axpy(width, qr[i * n + j], target, i * ld + c0, s, 0);
        }
        vectors.axpy(width, -tj, s, 0, target, j * ld + c0);
        for (int i = j + 1; i < m; i++) {
            vectors.axpy(width, -tj * qr[i * n + j], s, 0, target, i * ld + c0);
        }
    }

    /** Qᵀ of panel k0..k1 applied to columns k1..n by compact WY: A₂ ← (I − V T Vᵀ)ᵀ A₂. */
    private void applyBlockReflector(int k0, int k1) {
        int kb = k1 - k0;
        int rows = m - k0;
        int cols = n - k1;
        // V: rows×kb, unit lower trapezoidal.
        for (int i = 0; i < rows; i++) {
            int src = (k0 + i) * n + k0;
            int dst = i * kb;
            for (int c = 0; c < kb; c++) {
                v[dst + c] = c < i ? qr[src + c] : (c == i ? 1.0 : 0.0);
            }
        }
        // T (upper, kb×kb), LAPACK dlarft forward columnwise: T(0..i, i) = −τ_i T(0..i,0..i) VᵀV(0..i, i).
        kernels.gemm(true, false, kb, kb, rows, 1.0, v, 0, kb, v, 0, kb, 0.0, gram, 0, kb);
        for (int i = 0; i < kb; i++) {
            double ti = tau[k0 + i];
            for (int r = 0; r < i; r++) {
                double s = 0;
                for (int c = r; c < i; c++) {
                    s += t[r * kb + c] * gram[c * kb + i];
                }
                t[r * kb + i] = -ti * s;
            }
            t[i * kb + i] = ti;
            for (int r = i + 1; r < kb; r++) {
                t[r * kb + i] = 0.0;
            }
        }
        // W = Vᵀ A₂ (kb×cols)
        kernels.gemm(true, false, kb, cols, rows, 1.0, v, 0, kb, qr, k0 * n + k1, n, 0.0, w, 0, cols);
        // W ← Tᵀ W: row i of TᵀW is Σ_{r ≤ i} T(r, i) W(r); bottom-up keeps the rows it reads intact.
        for (int i = kb - 1; i >= 0; i--) {
            vectors.scal(cols, t[i * kb + i], w, i * cols);
            for (int r = 0; r < i; r++) {
                vectors.axpy(cols, t[r * kb + i], w, r * cols, w, i * cols);
            }
        }
        // A₂ ← A₂ − V W
        kernels.gemm(false, false, rows, cols, kb, -1.0, v, 0, kb, w, 0, cols, 1.0, qr, k0 * n + k1, n);
    }

    /**
     * Least-squares solution of min ‖A x − b‖₂: x = R⁻¹ (Qᵀb)(0..n).
     *
     * @param b m elements (not modified)
     * @param x n elements, overwritten
     * @throws DimensionMismatchException unless b has length m and x length n
     * @throws SingularOperatorException if a diagonal element of R is zero or below
     *         max(m, n)·ε·max|R(i, i)| (A is rank deficient to working precision); its
     *         {@code index()} is the column
     * @throws InvalidOptionException if nothing has been factored
     */
    public void solveLeastSquares(double[] b, double[] x) {
        requireFactored();
        length("b", b, m);
        length("x", x, n);
        // LAPACK's xGELS stops only at an exactly zero R(j, j); a rank-deficient A in floating
        // point rarely gives one, and its "solution" would be noise scaled by 1/eps. Reject
        // diagonal elements negligible against the largest (the rank test of xGELSY, crudely).
        double largest = 0;
        for (int j = 0; j < n; j++) {
            largest = Math.max(largest, Math.abs(qr[j * n + j]));
        }
        double negligible = Math.max(m, n) * 0x1p-52 * largest;
        for (int j = 0; j < n; j++) {
            double r = Math.abs(qr[j * n + j]);
            if (r == 0 || r <= negligible) {
                throw new SingularOperatorException("QR: |R(" + j + ", " + j + ")| = " + r
                        + " is negligible against the largest diagonal element " + largest
                        + "; A is rank deficient to working precision", j);
            }
        }
        double[] y = work;
        System.arraycopy(b, 0, y, 0, m);
        for (int j = 0; j < n; j++) {
            double tj = tau[j];
            if (tj == 0) {
                continue;
            }
            double s = y[j];
            for (int i = j + 1; i < m; i++) {
                s += qr[i * n + j] * y[i];
            }
            s *= tj;
            y[j] -= s;
            for (int i = j + 1; i < m; i++) {
                y[i] -= s * qr[i * n + j];
            }
        }
        Triangular.upper(vectors, n, qr, 0, n, false, y, 0);
        System.arraycopy(y, 0, x, 0, n);
    }

    /**
     * Writes the thin Q (m×n, orthonormal columns) to {@code out} at {@code outOff} with leading
     * dimension {@code ldo}, by applying the reflectors to the first n columns of the identity.
     *
     * @throws DimensionMismatchException if it does not fit
     */
    public void q(double[] out, int outOff, int ldo) {
        requireFactored();
        matrix("out", out, outOff, m, n, ldo);
        for (int i = 0; i < m; i++) {
            int row = outOff + i * ldo;
            java.util.Arrays.fill(out, row, row + n, 0.0);
            if (i < n) {
                out[row + i] = 1.0;
            }
        }
        for (int j = n - 1; j >= 0; j--) {
            applyReflectorTo(j, out, outOff, ldo);
        }
    }

    /** H_j applied to columns j..n of rows j..m of out (at offset, leading dimension ldo). */
    private void applyReflectorTo(int j, double[] out, int off, int ldo) {
        double tj = tau[j];
        int width = n - j;
        if (tj == 0 || width <= 0) {
            return;
        }
        double[] s = work;
        int base = off + j;
        System.arraycopy(out, base + j * ldo, s, 0, width);
        for (int i = j + 1; i < m; i++) {
            vectors.axpy(width, qr[i * n + j], out, base + i * ldo, s, 0);
        }
        vectors.axpy(width, -tj, s, 0, out, base + j * ldo);
        for (int i = j + 1; i < m; i++) {
            vectors.axpy(width, -tj * qr[i * n + j], s, 0, out, base + i * ldo);
        }
    }

    /**
     * Writes R (n×n, zeros below the diagonal) to {@code out} at {@code outOff} with leading
     * dimension {@code ldo}.
     *
     * @throws DimensionMismatchException if it does not fit
     */
    public void r(double[] out, int outOff, int ldo) {
        requireFactored();
        matrix("out", out, outOff, n, n, ldo);
        for (int i = 0; i < n; i++) {
            int row = outOff + i * ldo;
            java.util.Arrays.fill(out, row, row + i, 0.0);
            System.arraycopy(qr, i * n + i, out, row + i, n - i);
        }
    }

    private void requireFactored() {
        if (!factored) {
            throw new InvalidOptionException("QR: no successful factor() to use");
        }
    }
}
