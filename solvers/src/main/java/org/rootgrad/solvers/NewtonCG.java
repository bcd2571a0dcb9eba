package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;

/**
 * Truncated Newton (Newton–CG) on a smooth objective f(x, θ): at each xₖ the Newton system
 * ∇²f(xₖ)p = −∇f(xₖ) is solved approximately by conjugate gradients on Hessian-vector products,
 * stopped at the relative residual ηₖ = min(0.5, √‖∇f‖) (superlinear convergence, Nocedal and
 * Wright §7.1) or a fixed {@link Builder#forcingTerm η} (with implicit derivatives, at an absolute
 * residual no lower than half the tolerance: the next gradient cannot get much below the inner
 * residual), at {@code maxInnerIterations}, or on meeting non-positive curvature dᵀ∇²f d ≤ 0:
 * then the CG iterate so far is the direction, or −∇f if that happens at the first inner step.
 * The step along p comes from the shared {@link StrongWolfeLineSearch} (c₁ = 10⁻⁴, c₂ = 0.9, first
 * trial t = 1) or is fixed. Stops when ‖∇ₓf(x, θ)‖ ≤ tolerance.
 *
 * <p><b>Single-precision inner products</b> ({@link Builder#singlePrecisionHessianProducts}; by
 * default on with implicit derivatives and off when unrolling): the inner CG takes its Hessian
 * products from {@link Objective#singlePrecisionHessianVector} where the objective has it (the
 * linear models, on a float copy of the data: half the bytes per product, plus 4 bytes per entry
 * of memory, the copy that their implicit derivatives factor too), about seven significant
 * digits. The default forcing terms ask for fewer (ηₖ ≥ √tolerance:
 * four digits at tolerance 1e-8; a fixed forcing term below about 1e-6 gains nothing), and the
 * gradient, the line search and the stopping test stay in double, so the solution meets the
 * same tolerance; at most the last Newton steps converge at a rate near 10⁻⁶ instead of
 * quadratically. Unrolled derivatives replay the inner CG with the same products, so they take
 * them in double unless asked otherwise; implicit derivatives use exact ones regardless. Measured
 * (L2 logistic regression, tolerance 1e-8): a product in 0.55–0.8 of the double one's time from
 * 200 × 10 to 100000 × 200 (the same at 200 × 20 and 1000 × 20), and the forward solve at 10000 × 100 in 2.3
 * instead of 2.9 ms.
 *
 * <p><b>Implicit derivatives</b>: optimality condition F = ∇ₓf (the Hessian system, by CG).
 *
 * <p><b>Unrolled derivatives.</b> The direction is pₖ = −Qₖgₖ, Qₖ being the polynomial in
 * Hₖ = ∇²f(xₖ, θ) that the inner CG built (its step sizes αⱼ and βⱼ recorded); the unrolled
 * derivative differentiates xₖ₊₁ = xₖ + tₖpₖ with tₖ, αⱼ, βⱼ held fixed (as line-search steps are
 * elsewhere) and with <em>Hₖ held fixed</em>: its derivative Ḣₖpₖ needs third derivatives of f,
 * which the tape does not provide. So ṗₖ = −Qₖ(∇²ₓₓf·ẋₖ + ∇²ₓθf·θ̇), replayed through the
 * recorded CG recurrence, and the VJP runs that recurrence's transpose. With exact inner solves
 * and t = 1 this gives ẋₖ₊₁ = −Hₖ⁻¹∇²ₓθf(xₖ)θ̇, the implicit derivative at xₖ (one Newton step
 * behind the solution xₖ₊₁: tighten the tolerance for an accurate unrolled derivative), so it converges to
 * the implicit derivative with the iterates, as far as the last inner solves are accurate (with
 * the default forcing term, to about √tolerance: set a small {@link Builder#forcingTerm} for
 * more); it is the exact derivative of the truncated solve
 * when Hₖ does not depend on (x, θ) and the inner solves are exact (a quadratic objective with θ
 * in its linear term). Memory: n + 2 + 2·maxInnerIterations doubles per iteration.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class NewtonCG extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();
    /** Curvature dᵀHd ≤ this·dᵀd counts as non-positive. */
    private static final double CURVATURE_FLOOR = 1e-14;
    /**
     * With implicit derivatives the inner CG stops at residual max(ηₖ‖∇f‖, this·tolerance): once
     * the Newton model is accurate the next gradient is about the inner residual, so solving
     * further below the tolerance buys nothing (logistic 10000 × 100, tolerance 1e-8: 13 inner
     * products instead of 15, a last gradient of 4.9e-9 instead of 7.1e-11).
     */
    private static final double INNER_FLOOR = 0.5;

    private final Objective f;
    private final RootFunction condition;
    private final int maxInner;
    private final double forcingTerm;
    /** Single-precision inner products: as asked, or by default with implicit derivatives only. */
    private final boolean singlePrecision;
    private final double fixedStep;
    private final StrongWolfeLineSearch lineSearch;

    private final double[] x;
    private final double[] g;
    private final double[] p;
    private final double[] r;
    private final double[] dir;
    private final double[] hd;
    private final double[] alphas;
    private final double[] betas;
    private int innerSteps;
    private int totalInnerIterations;

    // unrolled: row k = [xₖ (n), tₖ, J (−1: p = −g), α₀…α_{J−1}, β₀…β_{J−2}]
    private final Trajectory trajectory;
    private double[] point;
    private double[] xDotCur;
    private double[] gDot;
    private double[] pDot;
    private double[] hv;
    private double[] xBarCur;
    private double[] gBar;
    private double[] thetaScratch;
    private double[] zr;
    private double[] rr;
    private double[] dr;
    private double[] hr;

    private NewtonCG(Builder b) {
        super("Newton-CG", b.f.dimension(), b.f.parameterDimension(), b.options());
        this.f = b.f;
        this.condition = RootFunction.gradientOf(f);
        this.maxInner = b.maxInner > 0 ? b.maxInner : Math.max(1, Math.min(n, 200));
        this.forcingTerm = b.forcingTerm;
        this.singlePrecision = b.singlePrecision != null ? b.singlePrecision : options.implicitDiff();
        this.fixedStep = b.fixedStep();
        this.lineSearch = b.newLineSearch(n);
        this.x = new double[n];
        this.g = new double[n];
        this.p = new double[n];
        this.r = new double[n];
        this.dir = new double[n];
        this.hd = new double[n];
        this.alphas = new double[maxInner];
        this.betas = new double[maxInner];
        this.trajectory = new Trajectory(n + 2 + 2 * maxInner);
    }

    /**
     * A builder for Newton–CG on {@code f}; defaults: at most min(n, 200) inner CG iterations,
     * strong Wolfe line search (c₁ = 1e-4, c₂ = 0.9, 25 evaluations).
     */
    public static Builder builder(Objective f) {
        if (f == null) {
            throw new DimensionMismatchException("objective is null");
        }
        return new Builder(f);
    }

    @Override
    public RootFunction optimalityCondition() {
        return condition;
    }

    /** ∇ₓf at the last solution: the optimality residual, known without another evaluation. */
    @Override
    protected double[] solutionResidual() {
        return g;
    }

    /** Inner CG iterations (Hessian-vector products) taken by the last run, over all outer iterations. */
    public int innerIterations() {
        return totalInnerIterations;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        trajectory.clear();
        totalInnerIterations = 0;
        System.arraycopy(init, 0, x, 0, n);
        double value = f.valueAndGradient(x, theta, g);
        double err = K.nrm2(n, g, 0);
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        int k = 0;
        for (; ; k++) {
            Status stop = stopReason(k, value, err);
            if (stop != null) {
                status = stop;
                break;
            }
            f.linearize(x, theta);
            double forcing = forcingTerm > 0 ? forcingTerm : Math.min(0.5, Math.sqrt(err));
            // unrolling differentiates the inner solves, so only then are they held to ηₖ below tol
            truncatedCg(record ? forcing * err : Math.max(forcing * err, INNER_FLOOR * tol));
            double slope = K.dot(n, g, 0, p, 0);
            if (!(slope < 0)) {
                if (!Double.isFinite(slope)) {
                    status = Status.NON_FINITE;
                    break;
                }
                steepestDescent();
                slope = -err * err;
            }
            double t;
            if (lineSearch == null) {
                t = fixedStep;
            } else {
                if (!lineSearch.search(f, theta, x, value, slope, p, 1)) {
                    status = lineSearch.lastTrialNonFinite() ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                    break;
                }
                t = lineSearch.step();
            }
            if (record) {
                double[] row = trajectory.push();
                System.arraycopy(x, 0, row, 0, n);
                row[n] = t;
                row[n + 1] = innerSteps;
                for (int j = 0; j < innerSteps; j++) {
                    row[n + 2 + j] = alphas[j];
                }
                for (int j = 0; j + 1 < innerSteps; j++) {
                    row[n + 2 + maxInner + j] = betas[j];
                }
            }
            if (lineSearch == null) {
                K.axpy(n, t, p, 0, x, 0);
                value = f.valueAndGradient(x, theta, g);
            } else {
                value = lineSearch.value();
                System.arraycopy(lineSearch.point(), 0, x, 0, n);
                System.arraycopy(lineSearch.gradient(), 0, g, 0, n);
            }
            err = K.nrm2(n, g, 0);
        }
        if (record) {
            double[] row = trajectory.push();
            System.arraycopy(x, 0, row, 0, n);
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, value);
    }

    /**
     * p ← the CG approximation of −H⁻¹g (H at the linearisation point) to residual ≤ target;
     * records αⱼ, βⱼ and the step count J (innerSteps; −1 when p = −g for lack of curvature).
     */
    private void truncatedCg(double target) {
        Arrays.fill(p, 0);
        for (int i = 0; i < n; i++) {
            r[i] = -g[i];
            dir[i] = r[i];
        }
        double rr = K.dot(n, r, 0, r, 0);
        innerSteps = 0;
        for (int j = 0; j < maxInner; j++) {
            innerHessianVector(dir, hd);
            totalInnerIterations++;
            double curvature = K.dot(n, dir, 0, hd, 0);
            if (!(curvature > CURVATURE_FLOOR * K.dot(n, dir, 0, dir, 0))) {
                if (j == 0) {
                    steepestDescent();
                }
                return; // p holds the iterate of the j steps taken
            }
            double alpha = rr / curvature;
            alphas[j] = alpha;
            innerSteps = j + 1;
            K.axpy(n, alpha, dir, 0, p, 0);
            K.axpy(n, -alpha, hd, 0, r, 0);
            double rrNew = K.dot(n, r, 0, r, 0);
            if (Math.sqrt(rrNew) <= target || j + 1 == maxInner) {
                return;
            }
            double beta = rrNew / rr;
            betas[j] = beta;
            for (int i = 0; i < n; i++) {
                dir[i] = r[i] + beta * dir[i];
            }
            rr = rrNew;
        }
    }

    /** The inner CG's product: in single precision when this solver takes them and the objective has it. */
    private void innerHessianVector(double[] v, double[] out) {
        if (!(singlePrecision && f.singlePrecisionHessianVector(v, out))) {
            f.hessianVector(v, out);
        }
    }

    private void steepestDescent() {
        for (int i = 0; i < n; i++) {
            p[i] = -g[i];
        }
        innerSteps = -1;
    }

    // ---- unrolled derivatives -----------------------------------------------------------------

    private void ensureDerivativeWorkspace() {
        if (point != null) {
            return;
        }
        point = new double[n];
        xDotCur = new double[n];
        gDot = new double[n];
        pDot = new double[n];
        hv = new double[n];
        xBarCur = new double[n];
        gBar = new double[n];
        thetaScratch = new double[m];
        zr = new double[n];
        rr = new double[n];
        dr = new double[n];
        hr = new double[n];
    }

    private void linearizeAt(double[] row) {
        System.arraycopy(row, 0, point, 0, n);
        f.linearize(point, lastTheta());
    }

    /**
     * out ← Q·v for the recorded CG of a row (f linearised at its point): the recurrence
     * z₀ = 0, r₀ = d₀ = v; zⱼ₊₁ = zⱼ + αⱼdⱼ, rⱼ₊₁ = rⱼ − αⱼHdⱼ, dⱼ₊₁ = rⱼ₊₁ + βⱼdⱼ; out = z_J.
     * With J = −1 (steepest descent), Q = I.
     */
    private void replay(double[] row, double[] v, double[] out) {
        int steps = (int) row[n + 1];
        if (steps < 0) {
            System.arraycopy(v, 0, out, 0, n);
            return;
        }
        Arrays.fill(out, 0);
        System.arraycopy(v, 0, rr, 0, n);
        System.arraycopy(v, 0, dr, 0, n);
        for (int j = 0; j < steps; j++) {
            double alpha = row[n + 2 + j];
            innerHessianVector(dr, hr);
            K.axpy(n, alpha, dr, 0, out, 0);
            if (j + 1 < steps) {
                K.axpy(n, -alpha, hr, 0, rr, 0);
                double beta = row[n + 2 + maxInner + j];
                for (int i = 0; i < n; i++) {
                    dr[i] = rr[i] + beta * dr[i];
                }
            }
        }
    }

    /** out ← Qᵀ·w: the transpose of {@link #replay}'s recurrence, run backwards. */
    private void replayTranspose(double[] row, double[] w, double[] out) {
        int steps = (int) row[n + 1];
        if (steps < 0) {
            System.arraycopy(w, 0, out, 0, n);
            return;
        }
        // adjoints: z̄ = w throughout; r̄ (rr) and d̄ (dr) of the current j
        Arrays.fill(rr, 0);
        Arrays.fill(dr, 0);
        for (int j = steps - 1; j >= 0; j--) {
            double alpha = row[n + 2 + j];
            if (j + 1 < steps) {
                // dⱼ₊₁ = rⱼ₊₁ + βⱼdⱼ: r̄ⱼ₊₁ += d̄ⱼ₊₁, d̄ⱼ = βⱼd̄ⱼ₊₁
                double beta = row[n + 2 + maxInner + j];
                K.axpy(n, 1, dr, 0, rr, 0);
                K.scal(n, beta, dr, 0);
                // rⱼ₊₁ = rⱼ − αⱼHdⱼ: r̄ⱼ = r̄ⱼ₊₁, d̄ⱼ −= αⱼHr̄ⱼ₊₁
                innerHessianVector(rr, hr);
                K.axpy(n, -alpha, hr, 0, dr, 0);
            }
            // zⱼ₊₁ = zⱼ + αⱼdⱼ: d̄ⱼ += αⱼz̄
            K.axpy(n, alpha, w, 0, dr, 0);
        }
        // r₀ = d₀ = v
        for (int i = 0; i < n; i++) {
            out[i] = rr[i] + dr[i];
        }
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        ensureDerivativeWorkspace();
        int steps = trajectory.steps() - 1;
        Arrays.fill(xDotCur, 0);
        for (int k = 0; k < steps; k++) {
            double[] row = trajectory.row(k);
            linearizeAt(row);
            f.mixedVector(thetaDot, gDot);
            f.hessianVector(xDotCur, hv);
            K.axpy(n, 1, hv, 0, gDot, 0);
            replay(row, gDot, pDot); // Q ġ; ṗ = −Q ġ
            K.axpy(n, -row[n], pDot, 0, xDotCur, 0);
        }
        System.arraycopy(xDotCur, 0, xDot, 0, n);
    }

    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        ensureDerivativeWorkspace();
        Arrays.fill(thetaBar, 0);
        int steps = trajectory.steps() - 1;
        System.arraycopy(xBar, 0, xBarCur, 0, n);
        for (int k = steps - 1; k >= 0; k--) {
            double[] row = trajectory.row(k);
            linearizeAt(row);
            // xₖ₊₁ = xₖ − tQ gₖ: ḡ = −t Qᵀ x̄ₖ₊₁
            replayTranspose(row, xBarCur, gBar);
            K.scal(n, -row[n], gBar, 0);
            // gₖ = ∇f(xₖ): x̄ₖ = x̄ₖ₊₁ + H ḡ, θ̄ += Bᵀḡ
            f.hessianVector(gBar, hv);
            K.axpy(n, 1, hv, 0, xBarCur, 0);
            f.mixedTransposeVector(gBar, thetaScratch);
            K.axpy(m, 1, thetaScratch, 0, thetaBar, 0);
        }
    }

    @Override
    protected int unrolledSteps() {
        return Math.max(0, trajectory.steps() - 1);
    }

    /** Bytes held by the recorded iterations of the last unrolled run. */
    public long unrolledBytes() {
        return trajectory.bytes();
    }

    @Override
    public NewtonCG fork() {
        Builder b = new Builder(f.fork());
        b.options(options);
        b.maxInner = maxInner;
        b.forcingTerm = forcingTerm;
        b.singlePrecision = singlePrecision;
        b.stepsLike(fixedStep, lineSearch);
        return new NewtonCG(b);
    }

    /** Builder of {@link NewtonCG}; not thread-safe. */
    public static final class Builder extends LineSearchSolverBuilder<Builder> {
        private final Objective f;
        private int maxInner;
        private double forcingTerm;
        private Boolean singlePrecision;

        private Builder(Objective f) {
            super(0.9);
            this.f = f;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The most inner CG iterations per Newton step (≥ 1; default min(n, 200)). */
        public Builder maxInnerIterations(int value) {
            Checks.atLeastOne("maxInnerIterations", value);
            this.maxInner = value;
            return this;
        }

        /**
         * A fixed relative residual η ∈ (0, 1) at which the inner CG stops, instead of the default
         * ηₖ = min(0.5, √‖∇f(xₖ)‖). A small η costs inner iterations but makes the unrolled
         * derivative as accurate as the forward solution (with the default, the last Newton
         * steps' inner solves, accurate to about √tolerance, bound its accuracy).
         */
        public Builder forcingTerm(double eta) {
            if (!(eta > 0 && eta < 1)) {
                throw org.rootgrad.error.InvalidOptionException.of("forcingTerm", eta, "in (0, 1)");
            }
            this.forcingTerm = eta;
            return this;
        }

        /**
         * Whether the inner CG takes single-precision Hessian products where the objective has
         * them: faster inner solves on linear models, the same tolerance for the solution (see
         * the class documentation). Unset, they are on with implicit derivatives and off when
         * unrolling; false keeps every product in double and the objective from making its float
         * copy of the data for this solver.
         */
        public Builder singlePrecisionHessianProducts(boolean enabled) {
            this.singlePrecision = enabled;
            return this;
        }

        @Override
        public NewtonCG build() {
            return new NewtonCG(this);
        }
    }
}
