package org.rootgrad.solvers;

import java.util.Arrays;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.FixedPointMap;
import org.rootgrad.implicit.RootFunction;

/**
 * Anderson acceleration (type II, Walker and Ni) of the fixed-point iteration of a
 * {@link FixedPointMap} T: from the last p = min(k + 1, m) iterates xᵢ, their images Tᵢ = T(xᵢ, θ)
 * and residuals fᵢ = Tᵢ − xᵢ, the mixing coefficients α (Σαᵢ = 1) minimise ‖Σαᵢfᵢ‖² + λ'‖α‖²:
 * with the Gram matrix G = FᵀF (p×p) and the regularisation λ' = λ·tr(G)/p, relative to the
 * residuals' size so that it neither vanishes nor dominates as they shrink, α̃ = (G + λ'I)⁻¹1 and
 * α = α̃/1ᵀα̃. Then xₖ₊₁ = Σαᵢ((1 − β)xᵢ + βTᵢ), β being the mixing (damping) parameter. Stops when
 * ‖T(xₖ, θ) − xₖ‖ ≤ tolerance; the solution is that xₖ. There is no safeguard: a map far from
 * contractive may make the mixture diverge (reported as MAX_ITERATIONS or NON_FINITE).
 *
 * <p><b>Implicit derivatives</b>: optimality condition F = T − x ({@link RootFunction#fixedPoint}).
 *
 * <p><b>Unrolled derivatives</b> are exact, the mixing coefficients included: with ḟᵢ = Ṫᵢ − ẋᵢ
 * and Ṫᵢ = ∂ₓT(xᵢ)ẋᵢ + ∂θT(xᵢ)θ̇, Ġ = ḞᵀF + FᵀḞ, λ̇' = λ·tr(Ġ)/p,
 * α̃̇ = −(G + λ'I)⁻¹(Ġ + λ̇'I)α̃, α̇ = (α̃̇ − α·1ᵀα̃̇)/1ᵀα̃, and ẋₖ₊₁ = Σ α̇ᵢzᵢ + αᵢżᵢ with
 * zᵢ = (1 − β)xᵢ + βTᵢ. The VJP runs the same in reverse, the adjoints of the m + 1 live history
 * entries in a ring. Memory: 2n doubles per iteration.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class AndersonAcceleration extends AbstractSolver {
    private static final ArrayKernels K = ArrayKernels.active();

    private final FixedPointMap map;
    private final RootFunction condition;
    private final int history;
    private final double mixing;
    private final double ridge;

    private final double[] x;
    private final double[] tx;
    private final double[][] hx;
    private final double[][] ht;
    private final double[][] hf;
    /** Gram matrix of the residual ring, by slot: gram[a·m + b] = f_a·f_b. */
    private final double[] gram;
    // small p×p systems (leading dimension m)
    private final double[] a;
    private final double[] l;
    private final double[] ones;
    private final double[] alphaTilde;
    private final double[] alpha;
    private final double[] work;

    // unrolled: row i = [xᵢ, Tᵢ]
    private final Trajectory trajectory;
    private double[][] fw;
    private double[][] ringXDot;
    private double[][] ringTDot;
    private double[][] ringXBar;
    private double[][] ringTBar;
    private double[] gDot;
    private double[] alphaTildeDot;
    private double[] alphaDot;
    private double[] alphaBar;
    private double[] cur;
    private double[] point;
    private double[] scratch;
    private double[] thetaScratch;
    private double[] fDot;

    private AndersonAcceleration(Builder b) {
        super("Anderson acceleration", b.map.dimension(), b.map.parameterDimension(), b.options());
        this.map = b.map;
        this.condition = RootFunction.fixedPoint(map);
        this.history = b.history;
        this.mixing = b.mixing;
        this.ridge = b.ridge;
        int mm = history;
        this.x = new double[n];
        this.tx = new double[n];
        this.hx = new double[mm][n];
        this.ht = new double[mm][n];
        this.hf = new double[mm][n];
        this.gram = new double[mm * mm];
        this.a = new double[mm * mm];
        this.l = new double[mm * mm];
        this.ones = new double[mm];
        Arrays.fill(ones, 1);
        this.alphaTilde = new double[mm];
        this.alpha = new double[mm];
        this.work = new double[mm];
        this.trajectory = new Trajectory(2 * n);
    }

    /** A builder for Anderson acceleration of {@code map}; defaults: history 5, mixing β = 1, ridge λ = 1e-8. */
    public static Builder builder(FixedPointMap map) {
        if (map == null) {
            throw new DimensionMismatchException("fixed-point map is null");
        }
        return new Builder(map);
    }

    @Override
    public RootFunction optimalityCondition() {
        return condition;
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        boolean record = !options.implicitDiff();
        trajectory.clear();
        System.arraycopy(init, 0, x, 0, n);
        double tol = options.tolerance();
        Status status = Status.MAX_ITERATIONS;
        double err;
        int k = 0;
        for (; ; k++) {
            map.apply(x, theta, tx);
            int slot = k % history;
            double[] f = hf[slot];
            for (int i = 0; i < n; i++) {
                f[i] = tx[i] - x[i];
            }
            err = Math.sqrt(K.dot(n, f, 0, f, 0));
            if (record) {
                double[] row = trajectory.push();
                System.arraycopy(x, 0, row, 0, n);
                System.arraycopy(tx, 0, row, n, n);
            }
            if (!Double.isFinite(err)) {
                status = Status.NON_FINITE;
                break;
            }
            if (err <= tol) {
                status = Status.CONVERGED;
                break;
            }
            if (k == options.maxIterations()) {
                break;
            }
            System.arraycopy(x, 0, hx[slot], 0, n);
            System.arraycopy(tx, 0, ht[slot], 0, n);
            int p = Math.min(k + 1, history);
            for (int j = 0; j < p; j++) {
                int other = (k - j) % history;
                double dot = K.dot(n, f, 0, hf[other], 0);
                gram[slot * history + other] = dot;
                gram[other * history + slot] = dot;
            }
            // the window in chronological order: entry j ↦ slot (k − p + 1 + j) mod m
            for (int r = 0; r < p; r++) {
                int sr = (k - p + 1 + r) % history;
                for (int c = 0; c < p; c++) {
                    a[r * history + c] = gram[sr * history + (k - p + 1 + c) % history];
                }
            }
            if (!mixingCoefficients(p)) {
                status = Status.NON_FINITE;
                break;
            }
            Arrays.fill(x, 0);
            for (int j = 0; j < p; j++) {
                int sj = (k - p + 1 + j) % history;
                K.axpy(n, alpha[j] * (1 - mixing), hx[sj], 0, x, 0);
                K.axpy(n, alpha[j] * mixing, ht[sj], 0, x, 0);
            }
        }
        System.arraycopy(x, 0, out.solution(), 0, n);
        out.finish(status, k, err, tol, Double.NaN);
    }

    /**
     * From the Gram matrix of the window in {@link #a} (p×p): adds λ' = λ·tr/p to its diagonal,
     * factors it into {@link #l}, and computes α̃ and α. Returns false on a non-finite or
     * indefinite system (which a finite Gram matrix with positive trace cannot give).
     */
    private boolean mixingCoefficients(int p) {
        double trace = 0;
        for (int j = 0; j < p; j++) {
            trace += a[j * history + j];
        }
        double shift = ridge * trace / p;
        for (int j = 0; j < p; j++) {
            a[j * history + j] += shift;
        }
        if (!factor(p)) {
            return false;
        }
        solveSmall(p, ones, alphaTilde);
        double sigma = 0;
        for (int j = 0; j < p; j++) {
            sigma += alphaTilde[j];
        }
        for (int j = 0; j < p; j++) {
            alpha[j] = alphaTilde[j] / sigma;
        }
        return Double.isFinite(sigma) && sigma != 0;
    }

    /** Cholesky of the p×p matrix in {@link #a} into {@link #l}. */
    private boolean factor(int p) {
        int ld = history;
        for (int j = 0; j < p; j++) {
            double d = a[j * ld + j];
            for (int c = 0; c < j; c++) {
                d -= l[j * ld + c] * l[j * ld + c];
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            l[j * ld + j] = ljj;
            for (int r = j + 1; r < p; r++) {
                double s = a[r * ld + j];
                for (int c = 0; c < j; c++) {
                    s -= l[r * ld + c] * l[j * ld + c];
                }
                l[r * ld + j] = s / ljj;
            }
        }
        return true;
    }

    /** out ← (LLᵀ)⁻¹b for the factor in {@link #l}; out may be b. */
    private void solveSmall(int p, double[] b, double[] out) {
        int ld = history;
        for (int r = 0; r < p; r++) {
            double s = b[r];
            for (int c = 0; c < r; c++) {
                s -= l[r * ld + c] * work[c];
            }
            work[r] = s / l[r * ld + r];
        }
        for (int r = p - 1; r >= 0; r--) {
            double s = work[r];
            for (int c = r + 1; c < p; c++) {
                s -= l[c * ld + r] * out[c];
            }
            out[r] = s / l[r * ld + r];
        }
    }

    // ---- unrolled derivatives -----------------------------------------------------------------

    private void ensureDerivativeWorkspace() {
        if (fw != null) {
            return;
        }
        fw = new double[history][n];
        ringXDot = new double[history][n];
        ringTDot = new double[history][n];
        ringXBar = new double[history + 1][n];
        ringTBar = new double[history + 1][n];
        gDot = new double[history * history];
        alphaTildeDot = new double[history];
        alphaDot = new double[history];
        alphaBar = new double[history];
        cur = new double[n];
        point = new double[n];
        scratch = new double[n];
        thetaScratch = new double[m];
        fDot = new double[n];
    }

    /**
     * Rebuilds step k's mixing from the recorded rows: fw[j] = f of window entry j, the Gram
     * matrix, its factor, α̃ and α. Returns p.
     */
    private int replayStep(int k) {
        int p = Math.min(k + 1, history);
        for (int j = 0; j < p; j++) {
            double[] row = trajectory.row(k - p + 1 + j);
            double[] f = fw[j];
            for (int i = 0; i < n; i++) {
                f[i] = row[n + i] - row[i];
            }
        }
        for (int r = 0; r < p; r++) {
            for (int c = 0; c <= r; c++) {
                double dot = K.dot(n, fw[r], 0, fw[c], 0);
                a[r * history + c] = dot;
                a[c * history + r] = dot;
            }
        }
        mixingCoefficients(p); // succeeded in the forward run on the same numbers
        return p;
    }

    private void linearizeAtRow(int i) {
        System.arraycopy(trajectory.row(i), 0, point, 0, n);
        map.linearize(point, lastTheta());
    }

    @Override
    protected void unrolledJvp(double[] thetaDot, double[] xDot) {
        ensureDerivativeWorkspace();
        int steps = trajectory.steps() - 1;
        Arrays.fill(cur, 0); // ẋ₀ = 0
        for (int k = 0; ; k++) {
            if (k == steps) {
                break;
            }
            // Ṫₖ = ∂ₓT(xₖ)ẋₖ + ∂θT(xₖ)θ̇, kept with ẋₖ in the ring
            int slot = k % history;
            System.arraycopy(cur, 0, ringXDot[slot], 0, n);
            linearizeAtRow(k);
            map.jvpX(cur, ringTDot[slot]);
            map.jvpTheta(thetaDot, scratch);
            K.axpy(n, 1, scratch, 0, ringTDot[slot], 0);
            int p = replayStep(k);
            int first = k - p + 1;
            // Ġ, λ̇', Ȧα̃
            double traceDot = 0;
            for (int r = 0; r < p; r++) {
                int sr = (first + r) % history;
                for (int i = 0; i < n; i++) {
                    fDot[i] = ringTDot[sr][i] - ringXDot[sr][i];
                }
                for (int c = 0; c < p; c++) {
                    gDot[r * history + c] = K.dot(n, fDot, 0, fw[c], 0); // ḟ_r·f_c, symmetrised below
                }
            }
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < r; c++) {
                    double s = gDot[r * history + c] + gDot[c * history + r];
                    gDot[r * history + c] = s;
                    gDot[c * history + r] = s;
                }
                gDot[r * history + r] *= 2;
                traceDot += gDot[r * history + r];
            }
            double shiftDot = ridge * traceDot / p;
            for (int r = 0; r < p; r++) {
                double s = shiftDot * alphaTilde[r];
                for (int c = 0; c < p; c++) {
                    s += gDot[r * history + c] * alphaTilde[c];
                }
                alphaTildeDot[r] = -s;
            }
            solveSmall(p, alphaTildeDot, alphaTildeDot);
            double sigma = 0;
            double sigmaDot = 0;
            for (int j = 0; j < p; j++) {
                sigma += alphaTilde[j];
                sigmaDot += alphaTildeDot[j];
            }
            for (int j = 0; j < p; j++) {
                alphaDot[j] = (alphaTildeDot[j] - alpha[j] * sigmaDot) / sigma;
            }
            // ẋₖ₊₁ = Σ α̇ⱼzⱼ + αⱼżⱼ
            Arrays.fill(cur, 0);
            for (int j = 0; j < p; j++) {
                double[] row = trajectory.row(first + j);
                int sj = (first + j) % history;
                for (int i = 0; i < n; i++) {
                    double z = (1 - mixing) * row[i] + mixing * row[n + i];
                    double zDot = (1 - mixing) * ringXDot[sj][i] + mixing * ringTDot[sj][i];
                    cur[i] += alphaDot[j] * z + alpha[j] * zDot;
                }
            }
        }
        System.arraycopy(cur, 0, xDot, 0, n);
    }

    @Override
    protected void unrolledVjp(double[] xBar, double[] thetaBar) {
        ensureDerivativeWorkspace();
        int steps = trajectory.steps() - 1;
        int ring = history + 1;
        for (int s = 0; s < ring; s++) {
            Arrays.fill(ringXBar[s], 0);
            Arrays.fill(ringTBar[s], 0);
        }
        Arrays.fill(thetaBar, 0);
        System.arraycopy(xBar, 0, ringXBar[steps % ring], 0, n);
        for (int k = steps - 1; k >= 0; k--) {
            int e = k + 1;
            int se = e % ring;
            // finalise entry e: Tₑ = T(xₑ, θ)
            if (e < steps) {
                linearizeAtRow(e);
                map.vjpX(ringTBar[se], scratch);
                K.axpy(n, 1, scratch, 0, ringXBar[se], 0);
                map.vjpTheta(ringTBar[se], thetaScratch);
                K.axpy(m, 1, thetaScratch, 0, thetaBar, 0);
            }
            double[] xb = ringXBar[se]; // x̄ₖ₊₁, complete
            int p = replayStep(k);
            int first = k - p + 1;
            // z̄ⱼ += αⱼx̄, ᾱⱼ = zⱼ·x̄
            double weighted = 0;
            for (int j = 0; j < p; j++) {
                double[] row = trajectory.row(first + j);
                int sj = (first + j) % ring;
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += ((1 - mixing) * row[i] + mixing * row[n + i]) * xb[i];
                }
                alphaBar[j] = dot;
                weighted += dot * alpha[j];
                K.axpy(n, alpha[j] * (1 - mixing), xb, 0, ringXBar[sj], 0);
                K.axpy(n, alpha[j] * mixing, xb, 0, ringTBar[sj], 0);
            }
            double sigma = 0;
            for (int j = 0; j < p; j++) {
                sigma += alphaTilde[j];
            }
            // α = α̃/σ: α̃̄ⱼ = (ᾱⱼ − Σᵢᾱᵢαᵢ)/σ; then w = A⁻¹α̃̄, Ā = −wα̃ᵀ
            for (int j = 0; j < p; j++) {
                alphaTildeDot[j] = (alphaBar[j] - weighted) / sigma;
            }
            solveSmall(p, alphaTildeDot, alphaTildeDot); // w
            double traceBar = 0;
            for (int j = 0; j < p; j++) {
                traceBar -= alphaTildeDot[j] * alphaTilde[j];
            }
            double diagonal = ridge * traceBar / p;
            // Ḡ = Ā + (λ/p)tr(Ā)I; f̄ᵣ += Σ_c (Ḡ_rc + Ḡ_cr) f_c
            for (int r = 0; r < p; r++) {
                Arrays.fill(fDot, 0);
                for (int c = 0; c < p; c++) {
                    double gBar = -alphaTildeDot[r] * alphaTilde[c] - alphaTildeDot[c] * alphaTilde[r];
                    if (c == r) {
                        gBar += 2 * diagonal;
                    }
                    K.axpy(n, gBar, fw[c], 0, fDot, 0);
                }
                int sr = (first + r) % ring;
                K.axpy(n, 1, fDot, 0, ringTBar[sr], 0);
                K.axpy(n, -1, fDot, 0, ringXBar[sr], 0);
            }
            Arrays.fill(ringXBar[se], 0);
            Arrays.fill(ringTBar[se], 0);
        }
        // entry 0: x₀ is given; T₀ = T(x₀, θ)
        if (steps > 0) {
            linearizeAtRow(0);
            map.vjpTheta(ringTBar[0], thetaScratch);
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
    public AndersonAcceleration fork() {
        Builder b = new Builder(map.fork());
        b.options(options);
        b.history = history;
        b.mixing = mixing;
        b.ridge = ridge;
        return new AndersonAcceleration(b);
    }

    /** Builder of {@link AndersonAcceleration}; not thread-safe. */
    public static final class Builder extends SolverBuilder<Builder> {
        private final FixedPointMap map;
        private int history = 5;
        private double mixing = 1;
        private double ridge = 1e-8;

        private Builder(FixedPointMap map) {
            this.map = map;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** m, the number of iterates mixed (≥ 1; default 5; 1 is the damped iteration). */
        public Builder history(int m) {
            Checks.atLeastOne("history", m);
            this.history = m;
            return this;
        }

        /** β ∈ (0, 1], the weight of T in the mixture (default 1). */
        public Builder mixing(double beta) {
            if (!(beta > 0 && beta <= 1)) {
                throw InvalidOptionException.of("mixing", beta, "in (0, 1]");
            }
            this.mixing = beta;
            return this;
        }

        /** λ > 0, the ridge relative to tr(G)/p on the mixing least squares (default 1e-8). */
        public Builder ridge(double lambda) {
            Checks.positive("ridge", lambda);
            this.ridge = lambda;
            return this;
        }

        @Override
        public AndersonAcceleration build() {
            return new AndersonAcceleration(this);
        }
    }
}
