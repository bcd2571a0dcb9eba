package org.rootgrad.solvers.constrained;

import org.rootgrad.engine.MatrixKernels;
import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.engine.linalg.LU;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearOperator;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.SolveResult;
import org.rootgrad.implicit.linear.SolverWorkspace;
import org.rootgrad.implicit.linear.Structure;
import org.rootgrad.solvers.SolverBuilder;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;

/**
 * The equality-constrained quadratic program min ½xᵀQx + cᵀx s.t. Ax = b, Q symmetric n×n
 * (positive definite on the null space of A), A p×n of full row rank, solved through its KKT
 * system [[Q, Aᵀ], [A, 0]] (x, ν) = (−c, b) by one of three {@link Method}s.
 *
 * <p><b>Parameters and solution.</b> θ packs all the data, row-major:
 * θ = (Q (n·n) | c (n) | A (p·n) | b (p)), m = n² + n + pn + p; {@link #parameters} packs it and
 * {@link #offsetQ()} .. {@link #offsetB()} locate the blocks. The solution is z = (x, ν): the
 * primal x in its first n entries, the multipliers ν (with Qx + c + Aᵀν = 0) in the last p.
 * Derivatives are with respect to every entry of θ: the Q block gives ∂z/∂Qᵢⱼ as the entry of the
 * KKT form Qx (∂F₁/∂Qᵢⱼ = eᵢxⱼ), so the derivative along a symmetric perturbation E of Q is
 * Σᵢⱼ Eᵢⱼ ∂z/∂Qᵢⱼ.
 *
 * <p><b>Derivatives.</b> The KKT matrix is the Jacobian of the condition, so with
 * {@link DerivativeMethod#DIRECT} (the default) a derivative reuses the forward factorisation (LU,
 * or the Schur-complement Cholesky factors) and costs two triangular solves; with
 * {@link DerivativeMethod#KRYLOV} it is a MINRES solve (the matrix is symmetric indefinite).
 *
 * <p><b>Result.</b> The error is the backward-error-like KKT residual
 * ‖F(z, θ)‖∞ / (1 + ‖K‖_max‖z‖∞ + ‖(c, b)‖∞), K the KKT matrix; a direct solve is
 * {@link Status#CONVERGED} when it meets the tolerance. A failed factorisation ends
 * {@link Status#SINGULAR} (LU; Schur complement: A rank deficient) or {@link Status#INDEFINITE}
 * (Schur: Q not positive definite), with the starting point left as the solution.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class EqualityConstrainedQP extends AbstractConstrainedSolver {
    private static final MatrixKernels M = MatrixKernels.active();

    /**
     * How the KKT system is solved in the forward pass.
     *
     * <p>Thread safety: an enum, immutable and shareable.
     */
    public enum Method {
        /** LU with partial pivoting of the (n+p)² KKT matrix: any nonsingular KKT system. */
        LU,
        /**
         * Block elimination for a positive definite Q: Q = LLᵀ, the Schur complement
         * S = AQ⁻¹Aᵀ = L_S L_Sᵀ, ν = S⁻¹(AQ⁻¹(−c) − b), x = Q⁻¹(−c − Aᵀν). n³/3 + p-sized work
         * instead of (n+p)³·2/3; symmetric throughout.
         */
        SCHUR_CHOLESKY,
        /** MINRES on the KKT matrix (matrix-free apart from the dense data), to the tolerance. */
        MINRES
    }

    private final int primal;
    private final int equalities;
    private final Method method;
    private final EqualityQpCondition condition;
    private final double[] residual;
    private final double[] rhs;

    // LU and MINRES: the KKT matrix
    private double[] kkt;
    private LU lu;
    private LinearSolver minres;
    private SolverWorkspace minresWorkspace;
    private LinearOperator kktOperator;
    // Schur complement
    private Cholesky cholQ;
    private Cholesky cholS;
    private double[] w;      // n×p: Q⁻¹Aᵀ
    private double[] s;      // p×p
    private double[] tn;
    private double[] tp;
    private boolean factored;
    private final KktInverse forwardInverse = new ForwardInverse();

    private EqualityConstrainedQP(Builder b) {
        super("EqualityConstrainedQP", b.n + b.p, b.n * b.n + b.n + b.p * b.n + b.p, b.options(),
                b.derivativeMethod, false);
        this.primal = b.n;
        this.equalities = b.p;
        this.method = b.method;
        this.condition = new EqualityQpCondition(b.n, b.p);
        int size = b.n + b.p;
        this.residual = new double[size];
        this.rhs = new double[size];
        switch (method) {
            case LU -> {
                kkt = new double[size * size];
                lu = new LU(size);
            }
            case SCHUR_CHOLESKY -> {
                cholQ = new Cholesky(b.n);
                cholS = new Cholesky(b.p);
                w = new double[b.n * b.p];
                s = new double[b.p * b.p];
                tn = new double[b.n];
                tp = new double[b.p];
            }
            case MINRES -> {
                kkt = new double[size * size];
                minres = LinearSolver.minres(LinearSolverOptions.builder()
                        .relativeTolerance(Math.min(1e-2, b.options().tolerance()))
                        .maxIterations(Math.max(b.options().maxIterations(), 10 * size))
                        .throwOnFailure(false).build());
                minresWorkspace = minres.newWorkspace(size);
                kktOperator = LinearOperator.dense(size, size, kkt, 0, Math.max(1, size), Structure.SYMMETRIC);
            }
        }
    }

    /**
     * A builder for problems with n variables and p equality constraints; defaults: LU,
     * direct derivatives, {@link SolverOptions#defaults()}.
     */
    public static Builder builder(int n, int p) {
        Checks.nonNegative("n", n);
        Checks.nonNegative("p", p);
        return new Builder(n, p);
    }

    /**
     * Packs θ = (Q | c | A | b).
     *
     * @throws DimensionMismatchException if the lengths are not n², n, p·n, p for n = c.length,
     *         p = b.length
     */
    public static double[] parameters(double[] q, double[] c, double[] a, double[] b) {
        if (c == null || b == null) {
            throw new DimensionMismatchException("c and b must not be null");
        }
        int n = c.length;
        int p = b.length;
        Checks.length("Q", q, n * n);
        Checks.length("A", a, p * n);
        double[] theta = new double[n * n + n + p * n + p];
        System.arraycopy(q, 0, theta, 0, n * n);
        System.arraycopy(c, 0, theta, n * n, n);
        System.arraycopy(a, 0, theta, n * n + n, p * n);
        System.arraycopy(b, 0, theta, n * n + n + p * n, p);
        return theta;
    }

    /** n, the number of primal variables. */
    public int primalDimension() {
        return primal;
    }

    /** p, the number of equality constraints. */
    public int equalityCount() {
        return equalities;
    }

    public int offsetQ() {
        return 0;
    }

    public int offsetC() {
        return primal * primal;
    }

    public int offsetA() {
        return primal * primal + primal;
    }

    public int offsetB() {
        return primal * primal + primal + equalities * primal;
    }

    public Method method() {
        return method;
    }

    @Override
    public RootFunction optimalityCondition() {
        return condition;
    }

    @Override
    protected RootFunction reducedCondition() {
        return condition; // no inequalities: nothing to reduce
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        int n = primal;
        int p = equalities;
        double[] z = out.solution();
        factored = false;
        Status status;
        int iterations = 1;
        switch (method) {
            case LU -> {
                EqualityQpCondition.kktMatrix(n, p, theta, kkt);
                if (!lu.tryFactor(kkt, 0, Math.max(1, n + p))) {
                    System.arraycopy(init, 0, z, 0, n + p);
                    out.finish(lu.status(), 1, Double.NaN, options.tolerance(), Double.NaN);
                    return;
                }
                fillRhs(theta);
                lu.solve(rhs, z);
                factored = true;
                status = Status.CONVERGED;
            }
            case SCHUR_CHOLESKY -> {
                status = solveSchur(theta, init, z);
                if (status != Status.CONVERGED) {
                    out.finish(status, 1, Double.NaN, options.tolerance(), Double.NaN);
                    return;
                }
                factored = true;
            }
            default -> {
                EqualityQpCondition.kktMatrix(n, p, theta, kkt);
                fillRhs(theta);
                System.arraycopy(init, 0, z, 0, n + p);
                SolveResult r = minres.trySolve(minresWorkspace, kktOperator, null, rhs, z);
                iterations = r.iterations();
                status = r.status();
                if (status == Status.NON_FINITE) {
                    System.arraycopy(init, 0, z, 0, n + p);
                    out.finish(status, iterations, Double.NaN, options.tolerance(), Double.NaN);
                    return;
                }
            }
        }
        double error = kktError(theta, z);
        if (status == Status.CONVERGED && !(error <= options.tolerance())) {
            status = Status.STAGNATED;
        }
        out.finish(status, iterations, error, options.tolerance(), objective(theta, z));
    }

    private void fillRhs(double[] theta) {
        for (int i = 0; i < primal; i++) {
            rhs[i] = -theta[offsetC() + i];
        }
        System.arraycopy(theta, offsetB(), rhs, primal, equalities);
    }

    private Status solveSchur(double[] theta, double[] init, double[] z) {
        int n = primal;
        int p = equalities;
        if (!cholQ.tryFactor(theta, 0, Math.max(1, n))) {
            System.arraycopy(init, 0, z, 0, n + p);
            return cholQ.status() == Status.NON_FINITE ? Status.NON_FINITE : Status.INDEFINITE;
        }
        int offA = offsetA();
        // W = Q⁻¹Aᵀ (n×p), S = A W
        for (int k = 0; k < p; k++) {
            for (int j = 0; j < n; j++) {
                w[j * p + k] = theta[offA + k * n + j];
            }
        }
        if (p > 0 && n > 0) {
            cholQ.solve(p, w, 0, p, w, 0, p);
            M.gemm(false, false, p, p, n, 1, theta, offA, n, w, 0, p, 0, s, 0, p);
        }
        if (!cholS.tryFactor(s, 0, Math.max(1, p)) || rankDeficient(s, p)) {
            System.arraycopy(init, 0, z, 0, n + p);
            return Status.SINGULAR;
        }
        for (int i = 0; i < n; i++) {
            rhs[i] = -theta[offsetC() + i];
        }
        System.arraycopy(theta, offsetB(), rhs, n, p);
        schurSolve(theta, rhs, z);
        return Status.CONVERGED;
    }

    /**
     * Whether a pivot of the factored Schur complement S = AQ⁻¹Aᵀ kept no more than rounding of
     * its diagonal entry (L_kk² ≤ p·ε·S_kk): a constraint that depends on the others, whose pivot
     * is zero in exact arithmetic but may come out of the factorisation as ±1e-17.
     */
    private boolean rankDeficient(double[] s, int p) {
        for (int k = 0; k < p; k++) {
            double pivot = cholS.pivot(k);
            if (pivot * pivot <= p * EPSILON * s[k * p + k]) {
                return true;
            }
        }
        return false;
    }

    private static final double EPSILON = Math.ulp(1.0);

    /** [[Q, Aᵀ], [A, 0]]⁻¹ r by block elimination with the factors of the last run. */
    private void schurSolve(double[] theta, double[] r, double[] out) {
        int n = primal;
        int p = equalities;
        int offA = offsetA();
        // t = Q⁻¹ r₁; ν = S⁻¹(A t − r₂); x = t − W ν
        System.arraycopy(r, 0, tn, 0, n);
        cholQ.solve(tn, tn);
        for (int k = 0; k < p; k++) {
            double sum = -r[n + k];
            int row = offA + k * n;
            for (int j = 0; j < n; j++) {
                sum += theta[row + j] * tn[j];
            }
            tp[k] = sum;
        }
        cholS.solve(tp, tp);
        System.arraycopy(tp, 0, out, n, p);
        System.arraycopy(tn, 0, out, 0, n);
        if (p > 0 && n > 0) {
            M.gemv(n, p, -1, w, 0, p, tp, 0, 1, out, 0);
        }
    }

    private double kktError(double[] theta, double[] z) {
        int n = primal;
        int p = equalities;
        EqualityQpCondition.residual(n, p, z, theta, residual);
        double r = maxAbs(residual, 0, n + p);
        double dataMax = maxAbs(theta, 0, n * n);
        dataMax = Math.max(dataMax, maxAbs(theta, offsetA(), p * n));
        double zMax = maxAbs(z, 0, n + p);
        double rhsMax = Math.max(maxAbs(theta, offsetC(), n), maxAbs(theta, offsetB(), p));
        return r / (1 + dataMax * zMax + rhsMax);
    }

    private double objective(double[] theta, double[] z) {
        int n = primal;
        double v = 0;
        for (int i = 0; i < n; i++) {
            double qx = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                qx += theta[row + j] * z[j];
            }
            v += z[i] * (0.5 * qx + theta[offsetC() + i]);
        }
        return v;
    }

    static double maxAbs(double[] a, int off, int len) {
        double v = 0;
        for (int i = 0; i < len; i++) {
            v = Math.max(v, Math.abs(a[off + i]));
        }
        return v;
    }

    @Override
    protected KktInverse forwardInverse(RootFunction c) {
        return factored && (method == Method.LU || method == Method.SCHUR_CHOLESKY) ? forwardInverse : null;
    }

    /** The forward factorisation as the exact inverse of the (symmetric) KKT matrix. */
    private final class ForwardInverse implements KktInverse {
        @Override
        public void solve(double[] r, double[] z) {
            if (method == Method.LU) {
                lu.solve(r, z);
            } else {
                schurSolve(lastTheta(), r, z);
            }
        }

        @Override
        public void solveTranspose(double[] r, double[] z) {
            if (method == Method.LU) {
                lu.solveTranspose(r, z);
            } else {
                schurSolve(lastTheta(), r, z); // symmetric
            }
        }
    }

    @Override
    public EqualityConstrainedQP fork() {
        Builder b = new Builder(primal, equalities);
        b.options(options);
        b.method = method;
        b.derivativeMethod = derivativeMethod;
        return new EqualityConstrainedQP(b);
    }

    /**
     * Builder of {@link EqualityConstrainedQP}; not thread-safe. The tolerance bounds the KKT
     * error (default 1e-8) and is MINRES's relative tolerance too; the iteration limit is
     * MINRES's (at least 10·(n + p) is used); derivatives are implicit only.
     */
    public static final class Builder extends SolverBuilder<Builder> {
        private final int n;
        private final int p;
        private Method method = Method.LU;
        private DerivativeMethod derivativeMethod = DerivativeMethod.DIRECT;

        private Builder(int n, int p) {
            this.n = n;
            this.p = p;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The forward method (default {@link Method#LU}). */
        public Builder method(Method value) {
            if (value == null) {
                throw new InvalidOptionException("method must not be null");
            }
            this.method = value;
            return this;
        }

        /** How derivatives are solved (default {@link DerivativeMethod#DIRECT}). */
        public Builder derivativeMethod(DerivativeMethod value) {
            if (value == null) {
                throw new InvalidOptionException("derivative method must not be null");
            }
            this.derivativeMethod = value;
            return this;
        }

        @Override
        public EqualityConstrainedQP build() {
            return new EqualityConstrainedQP(this);
        }
    }
}
