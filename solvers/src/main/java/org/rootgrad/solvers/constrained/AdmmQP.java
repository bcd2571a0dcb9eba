package org.rootgrad.solvers.constrained;

import org.rootgrad.engine.linalg.Cholesky;
import org.rootgrad.engine.linalg.LU;
import org.rootgrad.error.Checks;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.Status;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.solvers.SolverBuilder;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;

/**
 * The convex quadratic program min ½xᵀPx + qᵀx s.t. l ≤ Ax ≤ u (P symmetric positive
 * semidefinite n×n, A k×n, bounds possibly infinite, equality rows where lᵢ = uᵢ) by the ADMM of
 * OSQP (Stellato et al., 2020), dense:
 * <pre>
 *   x̃ = (P + σI + AᵀRA)⁻¹ (σx − q + Aᵀ(Rz − y))        R = diag(ρᵢ), one Cholesky per ρ
 *   z̃ = Ax̃
 *   x ← αx̃ + (1 − α)x,  ẑ = αz̃ + (1 − α)z               (over-relaxation, α = 1.6)
 *   z ← clip(ẑ + R⁻¹y, l, u),  y ← y + R(ẑ − z)
 * </pre>
 * with ρᵢ = ρ on inequality rows, 10³ρ on equality rows and 10⁻⁶ on rows without bounds.
 * <ul>
 *   <li><b>Termination</b> (checked every {@link Builder#checkInterval} iterations): the scaled
 *   residuals ‖Ax − z‖∞ / (1 + max(‖Ax‖∞, ‖z‖∞)) and
 *   ‖Px + q + Aᵀy‖∞ / (1 + max(‖Px‖∞, ‖Aᵀy‖∞, ‖q‖∞)) both ≤ tolerance (OSQP's test with
 *   ε_abs = ε_rel); the larger is the result's error.</li>
 *   <li><b>ρ adaptation</b> (OSQP's rule, every {@link Builder#adaptiveRhoInterval} iterations):
 *   ρ ← ρ·√((r_prim / scale_prim) / (r_dual / scale_dual)), refactoring only when ρ changes by
 *   more than a factor 5.</li>
 *   <li><b>Infeasibility</b>: with δy and δx the last changes of y and x, the problem is
 *   {@link Status#PRIMAL_INFEASIBLE} when ‖Aᵀδy‖∞ ≤ ε‖δy‖∞ and
 *   uᵀmax(δy, 0) + lᵀmin(δy, 0) &lt; −ε‖δy‖∞ (δy restricted to finite bounds), and
 *   {@link Status#DUAL_INFEASIBLE} (unbounded below) when ‖Pδx‖∞ ≤ ε‖δx‖∞, qᵀδx &lt; −ε‖δx‖∞ and
 *   Aδx ∈ the recession cone of [l, u] up to ε‖δx‖∞; {@link #certificate} returns δy or δx
 *   normalised. The solution then holds the last (finite) iterate, never a NaN.</li>
 *   <li><b>Polishing</b> (on by default): the active set read from the duals (a row is active
 *   where its multiplier exceeds its slack) defines an equality-constrained QP solved exactly by
 *   LU; the polished point replaces the ADMM iterate when it is primal feasible, has duals of the
 *   right signs and smaller residuals ({@link #polished()}).</li>
 *   <li><b>Warm start</b>: {@code init} = (x₀, y₀); z starts at clip(Ax₀, l, u).</li>
 * </ul>
 *
 * <p><b>Parameters and solution.</b> θ = (P (n·n) | q (n) | A (k·n) | l (k) | u (k)),
 * m = n² + n + kn + 2k, packed by {@link #parameters}; l and u may hold ±∞. The solution is
 * z = (x, y): x in the first n entries, the duals y (k) after it, yᵢ &gt; 0 where the upper bound
 * is active and yᵢ &lt; 0 where the lower is, Px + q + Aᵀy = 0.
 *
 * <p><b>Derivatives</b> with respect to all of θ through the KKT conditions at the solution,
 * with the active set identified from the duals: by default on the active set
 * ({@code [[P, A_actᵀ], [A_act, 0]]}, symmetric: MINRES, or a direct LU of the n + |active|
 * block), otherwise through the complementarity form of size n + k (GMRES). The derivative of an
 * equality row's bound goes to u where its dual is ≥ 0 and to l where it is negative (the
 * one-sided derivative: moving one of two equal bounds turns the row into an inequality).
 * Non-differentiable points (weakly active constraints, y = 0 on the bound) are not detected;
 * there the derivative is that of the active set chosen.
 *
 * <p>Not thread-safe; {@link #fork()} for another thread.
 */
public final class AdmmQP extends AbstractConstrainedSolver {
    private static final double EQUALITY_SCALE = 1e3;
    private static final double RHO_MIN = 1e-6;
    private static final double RHO_MAX = 1e6;

    private final QpLayout layout;
    private final int vars;
    private final int rows;
    private final double rho0;
    private final double sigma;
    private final double alpha;
    private final boolean adaptiveRho;
    private final int adaptiveRhoInterval;
    private final int checkInterval;
    private final boolean polish;
    private final double infeasibilityTolerance;

    private final QpActiveSetCondition activeSet;
    private final QpComplementarityCondition complementarity;

    private final double[] kMatrix;
    private final double[] scaledA;
    private final Cholesky cholesky;
    private final double[] rho;
    private final double[] x;
    private final double[] z;
    private final double[] y;
    private final double[] xPrev;
    private final double[] yPrev;
    private final double[] xTilde;
    private final double[] zTilde;
    private final double[] rhsN;
    private final double[] ax;
    private final double[] px;
    private final double[] aty;
    private final double[] deltaK;
    private final double[] deltaN;
    private final double[] certificate;
    private final int[] side;
    private double rhoScalar;
    private boolean polishedLast;
    private int rhoUpdates;
    // polishing: an LU per active-set size
    private LU polishLu;
    private double[] polishMatrix;
    private double[] polishRhs;
    private double[] polishSolution;
    private final int[] polishRows;

    private AdmmQP(Builder b) {
        super("AdmmQP", b.n + b.k, new QpLayout(b.n, b.k).size, b.options(), b.derivativeMethod,
                b.activeSetReduction);
        this.layout = new QpLayout(b.n, b.k);
        this.vars = b.n;
        this.rows = b.k;
        this.rho0 = b.rho;
        this.sigma = b.sigma;
        this.alpha = b.alpha;
        this.adaptiveRho = b.adaptiveRho;
        this.adaptiveRhoInterval = b.adaptiveRhoInterval;
        this.checkInterval = b.checkInterval;
        this.polish = b.polish;
        this.infeasibilityTolerance = b.infeasibilityTolerance;
        this.activeSet = new QpActiveSetCondition(layout);
        this.complementarity = new QpComplementarityCondition(layout);
        int n = b.n;
        int k = b.k;
        this.kMatrix = new double[n * n];
        this.scaledA = new double[k * n];
        this.cholesky = new Cholesky(n);
        this.rho = new double[k];
        this.x = new double[n];
        this.z = new double[k];
        this.y = new double[k];
        this.xPrev = new double[n];
        this.yPrev = new double[k];
        this.xTilde = new double[n];
        this.zTilde = new double[k];
        this.rhsN = new double[n];
        this.ax = new double[k];
        this.px = new double[n];
        this.aty = new double[n];
        this.deltaK = new double[k];
        this.deltaN = new double[n];
        this.certificate = new double[Math.max(n, k)];
        this.side = new int[k];
        this.polishRows = new int[k];
    }

    /**
     * A builder for n variables and k constraint rows; defaults: ρ = 0.1 adapted every 25
     * iterations, σ = 10⁻⁶, α = 1.6, termination checked every 5 iterations, tolerance 1e-8,
     * 10 000 iterations, infeasibility tolerance 1e-6, polishing on, Krylov derivatives on the
     * active set.
     */
    public static Builder builder(int n, int k) {
        Checks.nonNegative("n", n);
        Checks.nonNegative("k", k);
        return new Builder(n, k);
    }

    /**
     * Packs θ = (P | q | A | l | u).
     *
     * @throws DimensionMismatchException unless P has n², A k·n and l, u k elements, with
     *         n = q.length and k = lower.length
     */
    public static double[] parameters(double[] p, double[] q, double[] a, double[] lower, double[] upper) {
        if (q == null || lower == null) {
            throw new DimensionMismatchException("q and lower must not be null");
        }
        int n = q.length;
        int k = lower.length;
        Checks.length("P", p, n * n);
        Checks.length("A", a, k * n);
        Checks.length("upper", upper, k);
        QpLayout l = new QpLayout(n, k);
        double[] theta = new double[l.size];
        System.arraycopy(p, 0, theta, 0, n * n);
        System.arraycopy(q, 0, theta, l.offQ, n);
        System.arraycopy(a, 0, theta, l.offA, k * n);
        System.arraycopy(lower, 0, theta, l.offL, k);
        System.arraycopy(upper, 0, theta, l.offU, k);
        return theta;
    }

    public int primalDimension() {
        return vars;
    }

    public int constraintCount() {
        return rows;
    }

    public int offsetP() {
        return 0;
    }

    public int offsetQ() {
        return layout.offQ;
    }

    public int offsetA() {
        return layout.offA;
    }

    public int offsetLower() {
        return layout.offL;
    }

    public int offsetUpper() {
        return layout.offU;
    }

    /** Whether the last run's answer is the polished one. */
    public boolean polished() {
        return polishedLast;
    }

    /** How many times the last run changed ρ (and refactored). */
    public int rhoUpdates() {
        return rhoUpdates;
    }

    /** The final ρ of the last run (warm-starting a similar problem with it saves adaptation). */
    public double rho() {
        return rhoScalar;
    }

    /**
     * The infeasibility certificate of the last run: after {@link Status#PRIMAL_INFEASIBLE}, δy/‖δy‖∞
     * (k elements: Aᵀδy ≈ 0 with uᵀδy⁺ + lᵀδy⁻ &lt; 0); after {@link Status#DUAL_INFEASIBLE},
     * δx/‖δx‖∞ (n elements: a direction of unbounded descent).
     *
     * @throws InvalidOptionException if the last run found no certificate
     */
    public double[] certificate(double[] out) {
        Status s = result.status();
        if (s == Status.PRIMAL_INFEASIBLE) {
            Checks.length("out", out, rows);
            System.arraycopy(certificate, 0, out, 0, rows);
        } else if (s == Status.DUAL_INFEASIBLE) {
            Checks.length("out", out, vars);
            System.arraycopy(certificate, 0, out, 0, vars);
        } else {
            throw new InvalidOptionException("AdmmQP: the last run ended " + s + "; no infeasibility certificate");
        }
        return out;
    }

    @Override
    public RootFunction optimalityCondition() {
        return complementarity;
    }

    @Override
    protected RootFunction reducedCondition() {
        return activeSet;
    }

    /** Rows active at the last derivative's linearisation (reduced mode), for diagnostics. */
    public int activeCount() {
        return activeSet.activeCount();
    }

    /**
     * @throws NonFiniteException if P, q or A holds a NaN or an infinity, or a bound is NaN
     * @throws InvalidOptionException if lᵢ &gt; uᵢ, lᵢ = +∞ or uᵢ = −∞
     */
    @Override
    protected void checkTheta(double[] theta) {
        Checks.finite("theta (P, q and A)", theta, 0, layout.offL);
        for (int i = 0; i < rows; i++) {
            double lo = theta[layout.offL + i];
            double hi = theta[layout.offU + i];
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                throw new NonFiniteException("bounds of row " + i + " are [" + lo + ", " + hi
                        + "]; a bound may be infinite but not NaN");
            }
            if (!(lo <= hi) || lo == Double.POSITIVE_INFINITY || hi == Double.NEGATIVE_INFINITY) {
                throw new InvalidOptionException("bounds of row " + i + " are [" + lo + ", " + hi
                        + "]; need lower ≤ upper, lower < +∞, upper > −∞");
            }
        }
    }

    private void setRho(double[] theta, double value) {
        rhoScalar = value;
        for (int i = 0; i < rows; i++) {
            double lo = theta[layout.offL + i];
            double hi = theta[layout.offU + i];
            if (lo == Double.NEGATIVE_INFINITY && hi == Double.POSITIVE_INFINITY) {
                rho[i] = RHO_MIN;
            } else if (lo == hi) {
                rho[i] = EQUALITY_SCALE * value;
            } else {
                rho[i] = value;
            }
        }
    }

    /** K = P + σI + AᵀRA, Cholesky; false if P is not positive semidefinite (to working precision). */
    private boolean factor(double[] theta) {
        int n = vars;
        int k = rows;
        System.arraycopy(theta, 0, kMatrix, 0, n * n);
        for (int i = 0; i < n; i++) {
            kMatrix[i * n + i] += sigma;
        }
        if (k > 0 && n > 0) {
            for (int i = 0; i < k; i++) {
                double s = Math.sqrt(rho[i]);
                int row = layout.offA + i * n;
                for (int j = 0; j < n; j++) {
                    scaledA[i * n + j] = s * theta[row + j];
                }
            }
            QpLayout.M.gemm(true, false, n, n, k, 1, scaledA, 0, n, scaledA, 0, n, 1, kMatrix, 0, n);
        }
        return cholesky.tryFactor(kMatrix, 0, Math.max(1, n));
    }

    @Override
    protected void solve(double[] init, double[] theta, SolverResult out) {
        int n = vars;
        int k = rows;
        double tol = options.tolerance();
        polishedLast = false;
        rhoUpdates = 0;
        System.arraycopy(init, 0, x, 0, n);
        System.arraycopy(init, n, y, 0, k);
        setRho(theta, rho0);
        if (!factor(theta)) {
            System.arraycopy(init, 0, out.solution(), 0, n + k);
            out.finish(Status.INDEFINITE, 0, Double.NaN, tol, Double.NaN);
            return;
        }
        layout.multiplyA(theta, x, 0, z, 0);
        clip(theta, z);
        Status status = Status.MAX_ITERATIONS;
        double error = Double.NaN;
        int iteration = 0;
        // the last checked iterate, finite by construction: what a NON_FINITE run returns
        double[] good = out.solution();
        System.arraycopy(x, 0, good, 0, n);
        System.arraycopy(y, 0, good, n, k);
        while (iteration < options.maxIterations()) {
            iteration++;
            boolean check = iteration % checkInterval == 0 || iteration == options.maxIterations();
            if (check) {
                System.arraycopy(x, 0, xPrev, 0, n);
                System.arraycopy(y, 0, yPrev, 0, k);
            }
            step(theta);
            if (!check) {
                continue;
            }
            double[] scales = residuals(theta);
            double prim = scales[0];
            double dual = scales[1];
            double errPrim = prim / (1 + scales[2]);
            double errDual = dual / (1 + scales[3]);
            error = Math.max(errPrim, errDual);
            if (!Double.isFinite(error)) {
                status = Status.NON_FINITE;
                break;
            }
            System.arraycopy(x, 0, good, 0, n);
            System.arraycopy(y, 0, good, n, k);
            if (error <= tol) {
                status = Status.CONVERGED;
                break;
            }
            if (primalInfeasible(theta)) {
                status = Status.PRIMAL_INFEASIBLE;
                break;
            }
            if (dualInfeasible(theta)) {
                status = Status.DUAL_INFEASIBLE;
                break;
            }
            if (adaptiveRho && iteration % adaptiveRhoInterval == 0 && prim > 0 && dual > 0) {
                double ratio = Math.sqrt((prim / Math.max(scales[2], 1e-30)) / (dual / Math.max(scales[3], 1e-30)));
                double next = Math.min(RHO_MAX, Math.max(RHO_MIN, rhoScalar * ratio));
                if (next > 5 * rhoScalar || next < rhoScalar / 5) {
                    setRho(theta, next);
                    rhoUpdates++;
                    if (!factor(theta)) {
                        status = Status.INDEFINITE;
                        break;
                    }
                }
            }
        }
        if (status == Status.CONVERGED || status == Status.MAX_ITERATIONS) {
            if (polish && tryPolish(theta, error)) {
                error = polishedError;
                if (status == Status.MAX_ITERATIONS && error <= tol) {
                    status = Status.CONVERGED;
                }
            }
            System.arraycopy(x, 0, good, 0, n);
            System.arraycopy(y, 0, good, n, k);
        }
        out.finish(status, iteration, error, tol,
                status == Status.CONVERGED || status == Status.MAX_ITERATIONS ? objective(theta, good) : Double.NaN);
    }

    /** One ADMM iteration (OSQP's algorithm 1 on the reduced KKT system). */
    private void step(double[] theta) {
        int n = vars;
        int k = rows;
        // rhs = σx − q + Aᵀ(Rz − y)
        for (int i = 0; i < k; i++) {
            deltaK[i] = rho[i] * z[i] - y[i];
        }
        layout.multiplyATranspose(theta, deltaK, 0, 0, rhsN, 0);
        for (int i = 0; i < n; i++) {
            rhsN[i] += sigma * x[i] - theta[layout.offQ + i];
        }
        if (n > 0) {
            cholesky.solve(rhsN, xTilde);
        }
        layout.multiplyA(theta, xTilde, 0, zTilde, 0);
        for (int i = 0; i < n; i++) {
            x[i] = alpha * xTilde[i] + (1 - alpha) * x[i];
        }
        for (int i = 0; i < k; i++) {
            double zHat = alpha * zTilde[i] + (1 - alpha) * z[i];
            double next = Math.min(Math.max(zHat + y[i] / rho[i], theta[layout.offL + i]), theta[layout.offU + i]);
            y[i] += rho[i] * (zHat - next);
            z[i] = next;
        }
    }

    private final double[] scaleBuffer = new double[4];

    /** [‖Ax − z‖∞, ‖Px + q + Aᵀy‖∞, max(‖Ax‖∞, ‖z‖∞), max(‖Px‖∞, ‖Aᵀy‖∞, ‖q‖∞)]; fills ax, px, aty. */
    private double[] residuals(double[] theta) {
        int n = vars;
        int k = rows;
        layout.multiplyA(theta, x, 0, ax, 0);
        layout.multiplyP(theta, x, 0, 0, px, 0);
        layout.multiplyATranspose(theta, y, 0, 0, aty, 0);
        double prim = 0;
        double primScale = 0;
        for (int i = 0; i < k; i++) {
            prim = max(prim, Math.abs(ax[i] - z[i]));
            primScale = max(primScale, Math.max(Math.abs(ax[i]), Math.abs(z[i])));
        }
        double dual = 0;
        double dualScale = 0;
        for (int i = 0; i < n; i++) {
            double qi = theta[layout.offQ + i];
            dual = max(dual, Math.abs(px[i] + qi + aty[i]));
            dualScale = max(dualScale, Math.max(Math.abs(px[i]), Math.max(Math.abs(aty[i]), Math.abs(qi))));
        }
        scaleBuffer[0] = prim;
        scaleBuffer[1] = dual;
        scaleBuffer[2] = primScale;
        scaleBuffer[3] = dualScale;
        return scaleBuffer;
    }

    /** max that propagates NaN. */
    private static double max(double a, double b) {
        return a >= b || Double.isNaN(a) ? a : b;
    }

    private boolean primalInfeasible(double[] theta) {
        int k = rows;
        double norm = 0;
        double yNorm = 0;
        for (int i = 0; i < k; i++) {
            double d = y[i] - yPrev[i];
            if (theta[layout.offU + i] == Double.POSITIVE_INFINITY) {
                d = Math.min(d, 0);
            }
            if (theta[layout.offL + i] == Double.NEGATIVE_INFINITY) {
                d = Math.max(d, 0);
            }
            deltaK[i] = d;
            norm = Math.max(norm, Math.abs(d));
            yNorm = Math.max(yNorm, Math.abs(y[i]));
        }
        if (!(norm > 1e-9 * Math.max(1, yNorm))) {
            return false;
        }
        double eps = infeasibilityTolerance * norm;
        double support = 0;
        for (int i = 0; i < k; i++) {
            double d = deltaK[i];
            if (d > 0) {
                support += theta[layout.offU + i] * d;
            } else if (d < 0) {
                support += theta[layout.offL + i] * d;
            }
        }
        if (!(support < -eps)) {
            return false;
        }
        layout.multiplyATranspose(theta, deltaK, 0, 0, deltaN, 0);
        for (int j = 0; j < vars; j++) {
            if (Math.abs(deltaN[j]) > eps) {
                return false;
            }
        }
        for (int i = 0; i < k; i++) {
            certificate[i] = deltaK[i] / norm;
        }
        return true;
    }

    private boolean dualInfeasible(double[] theta) {
        int n = vars;
        double norm = 0;
        double xNorm = 0;
        for (int j = 0; j < n; j++) {
            deltaN[j] = x[j] - xPrev[j];
            norm = Math.max(norm, Math.abs(deltaN[j]));
            xNorm = Math.max(xNorm, Math.abs(x[j]));
        }
        if (!(norm > 1e-9 * Math.max(1, xNorm))) {
            return false;
        }
        double eps = infeasibilityTolerance * norm;
        double descent = 0;
        for (int j = 0; j < n; j++) {
            descent += theta[layout.offQ + j] * deltaN[j];
        }
        if (!(descent < -eps)) {
            return false;
        }
        layout.multiplyP(theta, deltaN, 0, 0, rhsN, 0);
        for (int j = 0; j < n; j++) {
            if (Math.abs(rhsN[j]) > eps) {
                return false;
            }
        }
        layout.multiplyA(theta, deltaN, 0, deltaK, 0);
        for (int i = 0; i < rows; i++) {
            double d = deltaK[i];
            if (theta[layout.offU + i] != Double.POSITIVE_INFINITY && d > eps) {
                return false;
            }
            if (theta[layout.offL + i] != Double.NEGATIVE_INFINITY && d < -eps) {
                return false;
            }
        }
        for (int j = 0; j < n; j++) {
            certificate[j] = deltaN[j] / norm;
        }
        return true;
    }

    private double polishedError;

    /**
     * Solves the equality QP on the active set read from (x, y) exactly and keeps it if it is
     * primal feasible, its duals have the right signs and its error is no larger.
     */
    private boolean tryPolish(double[] theta, double admmError) {
        int n = vars;
        int k = rows;
        layout.multiplyA(theta, x, 0, ax, 0);
        int active = 0;
        for (int i = 0; i < k; i++) {
            // OSQP reads the active set from z (the projected Ax); at convergence z ≈ Ax
            side[i] = QpLayout.side(z[i], y[i], theta[layout.offL + i], theta[layout.offU + i]);
            if (side[i] != 0) {
                polishRows[active++] = i;
            }
        }
        int s = n + active;
        if (polishLu == null || polishLu.size() != s) {
            polishLu = new LU(s);
            polishMatrix = new double[s * s];
            polishRhs = new double[s];
            polishSolution = new double[s];
        }
        java.util.Arrays.fill(polishMatrix, 0);
        for (int i = 0; i < n; i++) {
            System.arraycopy(theta, i * n, polishMatrix, i * s, n);
            polishRhs[i] = -theta[layout.offQ + i];
        }
        for (int a = 0; a < active; a++) {
            int i = polishRows[a];
            int row = layout.offA + i * n;
            System.arraycopy(theta, row, polishMatrix, (n + a) * s, n);
            for (int j = 0; j < n; j++) {
                polishMatrix[j * s + n + a] = theta[row + j];
            }
            polishRhs[n + a] = layout.bound(theta, i, side[i]);
        }
        if (s == 0 || !polishLu.tryFactor(polishMatrix, 0, s)) {
            return false;
        }
        polishLu.solve(polishRhs, polishSolution);
        // candidate (x, y): check signs and feasibility before touching the iterate
        for (int a = 0; a < active; a++) {
            int i = polishRows[a];
            double yi = polishSolution[n + a];
            boolean equality = theta[layout.offL + i] == theta[layout.offU + i];
            if (!equality && yi * side[i] < 0) {
                return false;
            }
        }
        System.arraycopy(x, 0, xPrev, 0, n);
        System.arraycopy(y, 0, yPrev, 0, k);
        System.arraycopy(z, 0, deltaK, 0, k);
        System.arraycopy(polishSolution, 0, x, 0, n);
        java.util.Arrays.fill(y, 0);
        for (int a = 0; a < active; a++) {
            y[polishRows[a]] = polishSolution[n + a];
        }
        layout.multiplyA(theta, x, 0, z, 0);
        boolean feasible = true;
        double[] scales = residuals(theta);
        double slackTol = options.tolerance() * (1 + scales[2]);
        for (int i = 0; i < k; i++) {
            if (z[i] < theta[layout.offL + i] - slackTol || z[i] > theta[layout.offU + i] + slackTol) {
                feasible = false;
                break;
            }
        }
        clip(theta, z);
        scales = residuals(theta);
        double err = Math.max(scales[0] / (1 + scales[2]), scales[1] / (1 + scales[3]));
        if (feasible && Double.isFinite(err) && (err <= admmError || !(admmError == admmError))) {
            polishedLast = true;
            polishedError = err;
            return true;
        }
        System.arraycopy(xPrev, 0, x, 0, n);
        System.arraycopy(yPrev, 0, y, 0, k);
        System.arraycopy(deltaK, 0, z, 0, k);
        return false;
    }

    private void clip(double[] theta, double[] v) {
        for (int i = 0; i < rows; i++) {
            v[i] = Math.min(Math.max(v[i], theta[layout.offL + i]), theta[layout.offU + i]);
        }
    }

    private double objective(double[] theta, double[] sol) {
        int n = vars;
        double v = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                s += theta[row + j] * sol[j];
            }
            v += sol[i] * (0.5 * s + theta[layout.offQ + i]);
        }
        return v;
    }

    @Override
    public AdmmQP fork() {
        Builder b = new Builder(vars, rows);
        b.options(options);
        b.rho = rho0;
        b.sigma = sigma;
        b.alpha = alpha;
        b.adaptiveRho = adaptiveRho;
        b.adaptiveRhoInterval = adaptiveRhoInterval;
        b.checkInterval = checkInterval;
        b.polish = polish;
        b.infeasibilityTolerance = infeasibilityTolerance;
        b.derivativeMethod = derivativeMethod;
        b.activeSetReduction = activeSetReduction;
        return new AdmmQP(b);
    }

    /**
     * Builder of {@link AdmmQP}; not thread-safe. The tolerance bounds the scaled primal and dual
     * residuals (default 1e-8); the iteration limit defaults to 10 000; derivatives are implicit
     * only.
     */
    public static final class Builder extends SolverBuilder<Builder> {
        private final int n;
        private final int k;
        private double rho = 0.1;
        private double sigma = 1e-6;
        private double alpha = 1.6;
        private boolean adaptiveRho = true;
        private int adaptiveRhoInterval = 25;
        private int checkInterval = 5;
        private boolean polish = true;
        private double infeasibilityTolerance = 1e-6;
        private DerivativeMethod derivativeMethod = DerivativeMethod.KRYLOV;
        private boolean activeSetReduction = true;

        private Builder(int n, int k) {
            this.n = n;
            this.k = k;
            maxIterations(10_000);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The initial ρ &gt; 0 (default 0.1). */
        public Builder rho(double value) {
            Checks.positive("rho", value);
            this.rho = value;
            return this;
        }

        /** σ &gt; 0, the proximal weight on x (default 1e-6); keeps K positive definite for singular P. */
        public Builder sigma(double value) {
            Checks.positive("sigma", value);
            this.sigma = value;
            return this;
        }

        /** The over-relaxation α ∈ (0, 2) (default 1.6). */
        public Builder alpha(double value) {
            if (!(value > 0 && value < 2)) {
                throw InvalidOptionException.of("alpha", value, "in (0, 2)");
            }
            this.alpha = value;
            return this;
        }

        /** Adapt ρ by OSQP's rule every {@code interval} iterations (default on, 25). */
        public Builder adaptiveRho(boolean enabled, int interval) {
            Checks.atLeastOne("adaptive rho interval", interval);
            this.adaptiveRho = enabled;
            this.adaptiveRhoInterval = interval;
            return this;
        }

        /** Check termination and infeasibility every {@code interval} iterations (default 5). */
        public Builder checkInterval(int interval) {
            Checks.atLeastOne("check interval", interval);
            this.checkInterval = interval;
            return this;
        }

        /** Polish the ADMM answer on its active set (default on). */
        public Builder polish(boolean enabled) {
            this.polish = enabled;
            return this;
        }

        /** ε of the infeasibility certificates (default 1e-6). */
        public Builder infeasibilityTolerance(double value) {
            Checks.positive("infeasibility tolerance", value);
            this.infeasibilityTolerance = value;
            return this;
        }

        /** How derivatives are solved (default {@link DerivativeMethod#KRYLOV}). */
        public Builder derivativeMethod(DerivativeMethod value) {
            if (value == null) {
                throw new InvalidOptionException("derivative method must not be null");
            }
            this.derivativeMethod = value;
            return this;
        }

        /** Solve derivatives on the active set (default true) or through the full complementarity form. */
        public Builder activeSetReduction(boolean value) {
            this.activeSetReduction = value;
            return this;
        }

        @Override
        public AdmmQP build() {
            return new AdmmQP(this);
        }
    }
}
