package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;

/**
 * Entropic mirror descent (exponentiated gradient) for min f(x, θ) over the simplex
 * {x ≥ 0, Σx = s}: the mirror step of the negative entropy,
 * <pre>
 *   x_{k+1} = s·x_k∘exp(−t_k∇ₓf(x_k, θ)) / ⟨x_k, exp(−t_k∇ₓf(x_k, θ))⟩,
 * </pre>
 * which keeps every iterate strictly inside the simplex (coordinates of an optimal face decay
 * geometrically). θ is f's parameters; s is fixed (default 1).
 *
 * <p><b>Steps.</b> Fixed, or backtracking with the mirror-descent sufficient decrease
 * f(x_{k+1}) ≤ f(x_k) + ⟨∇f(x_k), x_{k+1} − x_k⟩ + KL(x_{k+1}‖x_k)/t (relative smoothness with
 * respect to the entropy, KL(a‖b) = Σ aᵢ log(aᵢ/bᵢ) on the simplex), halving from the last
 * accepted step (steps never grow, as in {@link ProximalGradient}), and reusing the last verified
 * step once the test falls below the rounding of f.
 *
 * <p><b>Start and stop.</b> The start must be ≥ 0; its entries are floored at 1e-12·s/n, since a
 * multiplicative update can never move a coordinate that is exactly zero (a warm start from a
 * solution under other parameters may hold coordinates that underflowed to zero), and one summing
 * to zero (e.g. the zeros of a first {@link #evaluate}) is replaced by the centre s/n·1. The run
 * stops when ‖x_{k+1} − x_k‖/t_k ≤
 * tolerance, returning x_{k+1}; {@link SolverResult#iterations()} counts the steps taken
 * (at least 1) and {@link SolverResult#value()} is f(x_k) of the last step's start.
 *
 * <p><b>Derivatives.</b> Implicitly through the fixed-point condition F(x, θ) = T_η(x, θ) − x of
 * the mirror step T at the step η of the last run (see the package-private map's formulas: no
 * 1/x appears, so solutions on a face are fine under strict complementarity), or unrolled through
 * the recorded steps (x_k, ∇f(x_k), t_k), the step sizes being constants.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class MirrorDescent extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();
    private static final int MAX_BACKTRACKS = 40;
    private static final double ROUNDING = 1e-12;
    /** Relative floor of the starting entries: coordinates at exactly zero could never move. */
    private static final double START_FLOOR = 1e-12;

    private final Objective f;
    private final double total;
    private final double stepSize;
    private final boolean lineSearch;
    private final EntropicMirrorStep map;
    private final RootFunction condition;

    private final double[] x;
    private final double[] g;
    private final double[] e;
    private final double[] next;
    /** One row per step: x (n), ∇f(x) (n), t. */
    private final Trajectory trajectory;
    private double verifiedStep;
    private final double[] d0;
    private final double[] d1;
    private final double[] d2;
    private final double[] d3;
    private final double[] tk;
    private final double[] point;
    private final double[] sTheta;

    private MirrorDescent(Builder b) {
        super("entropic mirror descent", b.f.dimension(), b.f.parameterDimension(), b.options());
        this.f = b.f;
        this.total = b.total;
        this.stepSize = b.stepSize();
        this.lineSearch = b.backtracking();
        this.map = new EntropicMirrorStep(f, total, stepSize);
        this.condition = RootFunction.fixedPoint(map);
        this.x = new double[n];
        this.g = new double[n];
        this.e = new double[n];
        this.next = new double[n];
        this.trajectory = new Trajectory(2 * n + 1);
        this.d0 = new double[n];
        this.d1 = new double[n];
        this.d2 = new double[n];
        this.d3 = new double[n];
        this.tk = new double[n];
        this.point = new double[n];
        this.sTheta = new double[m];
    }

    /** A builder for min f over the simplex; defaults: total 1, backtracking from t = 1. */
    public static Builder builder(Objective f) {
        if (f == null) {
            throw new DimensionMismatchException("objective f is null");
        }
        return new Builder(f);
    }

    /** F(x, θ) = T_η(x, θ) − x for the mirror step T at the step η of the last run. */
    @Override
    public RootFunction optimalityCondition() {
        return condition;
    }

    /** The simplex total s. */
    public double total() {
        return total;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (init[i] < 0) {
                throw InvalidOptionException.of("init[" + i + "]", init[i],
                        ">= 0 (mirror descent starts in the simplex)");
            }
            sum += init[i];
        }
        if (sum == 0) {
            Arrays.fill(x, total / n);
        } else {
            // a multiplicative step cannot revive a zero: floor every entry (a warm start may hold
            // coordinates that underflowed to zero under other parameters)
            double floor = START_FLOOR * total / n;
            for (int i = 0; i < n; i++) {
                x[i] = Math.max(init[i], floor);
            }
        }
        boolean record = !options.implicitDiff();
        trajectory.clear();
        verifiedStep = 0;
        double t = stepSize;
        double lastStep = 0;
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        double err = Double.NaN;
        double value = Double.NaN;
        int k = 0;
        while (true) {
            value = f.valueAndGradient(x, theta, g);
            if (!Double.isFinite(value) || !Double.isFinite(K.nrm2(n, g, 0))) {
                status = Status.NON_FINITE;
                break;
            }
            if (lineSearch) {
                t = backtrack(theta, value, t);
                if (t == 0) {
                    // f non-finite even at the smallest trial step: f itself broke, not the step size
                    status = lastTrialNonFinite ? Status.NON_FINITE : Status.LINE_SEARCH_FAILED;
                    break;
                }
            } else {
                EntropicMirrorStep.apply(n, total, t, x, g, e, next);
            }
            lastStep = t;
            double distanceSquared = 0;
            for (int i = 0; i < n; i++) {
                double di = next[i] - x[i];
                distanceSquared += di * di;
            }
            err = Math.sqrt(distanceSquared) / t;
            if (record) {
                double[] row = trajectory.push();
                System.arraycopy(x, 0, row, 0, n);
                System.arraycopy(g, 0, row, n, n);
                row[2 * n] = t;
            }
            System.arraycopy(next, 0, x, 0, n);
            k++;
            if (!Double.isFinite(err)) {
                status = Status.NON_FINITE;
                break;
            }
            if (err <= tol) {
                status = Status.CONVERGED;
                break;
            }
            if (k >= options.maxIterations()) {
                break;
            }
        }
        if (lastStep > 0) {
            map.setStep(lastStep);
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, value);
    }

    /** The largest t = start·2⁻ʲ with the Bregman sufficient decrease, leaving {@code next} at it; 0 if none. */
    /** Whether the last trial of the line search had a non-finite value. */
    private boolean lastTrialNonFinite;

    private double backtrack(double[] theta, double fx, double start) {
        double noise = ROUNDING * Math.abs(fx);
        double t = start;
        for (int j = 0; j < MAX_BACKTRACKS; j++) {
            EntropicMirrorStep.apply(n, total, t, x, g, e, next);
            double slope = 0;
            double divergence = 0;
            for (int i = 0; i < n; i++) {
                slope += g[i] * (next[i] - x[i]);
                if (next[i] > 0) {
                    divergence += next[i] * Math.log(next[i] / x[i]);
                }
            }
            double bregman = Math.max(divergence, 0) / t;
            double fNext = f.value(next, theta);
            lastTrialNonFinite = !Double.isFinite(fNext);
            if (fNext <= fx + slope + bregman) {
                verifiedStep = t;
                return t;
            }
            if (bregman <= noise) {
                if (verifiedStep > 0 && verifiedStep != t) {
                    t = verifiedStep;
                    EntropicMirrorStep.apply(n, total, t, x, g, e, next);
                }
                return t;
            }
            t *= 0.5;
        }
        return 0;
    }

    /**
     * T and the quantities of step s at (x, g, t) of the row: e into {@link #e}, T into
     * {@link #tk}; returns S = ⟨x, e⟩.
     */
    private double replay(double[] row, double t) {
        System.arraycopy(row, 0, point, 0, n);
        System.arraycopy(row, n, d3, 0, n);
        return EntropicMirrorStep.apply(n, total, t, point, d3, e, tk);
    }

    /** ẋ_{k+1} = (s/S)e∘ẋ − T⟨e, ẋ⟩/S + J_s(−t(Hẋ + Mθ̇)), J_s = diag(T) − TTᵀ/s. */
    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        double[] theta = lastTheta();
        double[] cur = d0;
        double[] nxt = d1;
        Arrays.fill(cur, 0);
        for (int s = 0; s < trajectory.steps(); s++) {
            double[] row = trajectory.row(s);
            double t = row[2 * n];
            double sum = replay(row, t);
            f.linearize(point, theta);
            f.hessianVector(cur, d2);
            if (m > 0) {
                f.mixedVector(thetaDot, d3);
                K.axpy(n, 1.0, d3, 0, d2, 0);
            }
            double th = -t * K.dot(n, tk, 0, d2, 0) / total; // ⟨T, h⟩/s with h = −t·d2
            double ce = K.dot(n, e, 0, cur, 0) / sum;
            double scale = total / sum;
            for (int i = 0; i < n; i++) {
                double h = -t * d2[i];
                nxt[i] = scale * e[i] * cur[i] - tk[i] * ce + tk[i] * (h - th);
            }
            double[] spare = cur;
            cur = nxt;
            nxt = spare;
        }
        System.arraycopy(cur, 0, xDot, 0, n);
    }

    /** x̄ₖ = (s/S)e∘x̄ − e⟨T, x̄⟩/S − tH(J_s x̄), θ̄ −= tMᵀ(J_s x̄), with x̄ = x̄_{k+1}. */
    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        double[] theta = lastTheta();
        double[] cur = d0;
        double[] prev = d1;
        System.arraycopy(xBar, 0, cur, 0, n);
        Arrays.fill(thetaBar, 0);
        for (int s = trajectory.steps() - 1; s >= 0; s--) {
            double[] row = trajectory.row(s);
            double t = row[2 * n];
            double sum = replay(row, t);
            f.linearize(point, theta);
            double ct = K.dot(n, tk, 0, cur, 0);
            for (int i = 0; i < n; i++) {
                d2[i] = tk[i] * (cur[i] - ct / total); // J_s x̄
            }
            if (m > 0) {
                f.mixedTransposeVector(d2, sTheta);
                K.axpy(m, -t, sTheta, 0, thetaBar, 0);
            }
            f.hessianVector(d2, d3);
            double scale = total / sum;
            for (int i = 0; i < n; i++) {
                prev[i] = scale * e[i] * cur[i] - e[i] * ct / sum - t * d3[i];
            }
            double[] spare = cur;
            cur = prev;
            prev = spare;
        }
    }

    @Override
    protected int unrolledSteps() {
        return trajectory.steps();
    }

    /** Bytes held by the recorded iterations of the last unrolled run. */
    public long unrolledBytes() {
        return trajectory.bytes();
    }

    /** An independent solver with the same options on a fork of f. */
    @Override
    public MirrorDescent fork() {
        Builder b = new Builder(f.fork());
        b.options(options);
        b.total = total;
        b.stepsLike(stepSize, lineSearch);
        return new MirrorDescent(b);
    }

    /** Builder of {@link MirrorDescent}; not thread-safe. */
    public static final class Builder extends BacktrackingSolverBuilder<Builder> {
        private final Objective f;
        private double total = 1.0;

        private Builder(Objective f) {
            this.f = f;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The simplex total s &gt; 0 (default 1). */
        public Builder total(double value) {
            Checks.positive("simplex total", value);
            this.total = value;
            return this;
        }

        @Override
        public MirrorDescent build() {
            return new MirrorDescent(this);
        }
    }
}
