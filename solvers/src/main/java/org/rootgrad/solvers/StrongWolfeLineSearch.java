package org.rootgrad.solvers;

import org.rootgrad.autodiff.Objective;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;

/**
 * A line search for the strong Wolfe conditions along a descent direction d from x: with
 * φ(t) = f(x + t·d, θ), find t > 0 with
 * <ul>
 *   <li>sufficient decrease φ(t) ≤ φ(0) + c₁·t·φ'(0), and</li>
 *   <li>curvature |φ'(t)| ≤ c₂·|φ'(0)|.</li>
 * </ul>
 * Nocedal and Wright's Algorithms 3.5 and 3.6: a bracketing phase that doubles the trial step
 * until the conditions hold or an interval containing acceptable steps is found, then a zoom
 * that shrinks that interval by safeguarded cubic interpolation of φ and φ' at its ends (kept at
 * least a tenth of the interval away from either end; bisection where the cubic has no minimum).
 *
 * <p><b>Rounding.</b> Near a minimiser the promised decrease c₁tφ'(0) falls below the rounding
 * error of φ and sufficient decrease can no longer be observed in the values. Within
 * 10⁻¹²·|φ(0)| of φ(0), decrease is therefore judged by the slope, as in Hager and Zhang's
 * approximate Wolfe conditions: φ(t) ≤ φ(0) + ε and φ'(t) ≤ (2c₁ − 1)φ'(0) (for a quadratic φ
 * these are equivalent to sufficient decrease); and where two values tie within that noise the
 * zoom follows the sign of φ' instead of comparing them.
 *
 * <p><b>Outcome.</b> {@link #search} returns whether a step was accepted. A step meeting both
 * conditions is {@link #curvatureSatisfied() strong}; when the evaluation budget runs out or the
 * interval shrinks to rounding level after some step with sufficient decrease was found, the
 * best such step is accepted without the curvature condition (the solver goes on with a
 * decrease, and reports a failure later if progress stops). Only when no step with sufficient
 * decrease was found does the search fail. Non-finite values count as "too far": the step is
 * shrunk.
 *
 * <p>Shared by {@link LBFGS}, {@link NonlinearCG} and {@link NewtonCG}, whose unrolled derivatives
 * treat the accepted step as a constant.
 *
 * <p>Workspace: holds two points and their gradients (4n doubles), made once; searches allocate
 * nothing. Mutable, per thread.
 */
public final class StrongWolfeLineSearch {
    private static final ArrayKernels K = ArrayKernels.active();
    /** Relative rounding level of an objective value, below which decreases are not observable. */
    static final double ROUNDING = 1e-12;
    /** Relative interval width below which the zoom stops (rounding level of the step itself). */
    private static final double MIN_RELATIVE_WIDTH = 1e-14;
    private static final double MAX_STEP = 1e20;

    private final int n;
    private final double c1;
    private final double c2;
    private final int maxEvaluations;

    // the best point with sufficient decrease so far ("lo") and the latest trial, swapped as needed
    private double[] loX;
    private double[] loG;
    private double[] trialX;
    private double[] trialG;

    private double step;
    private double value;
    private int evaluations;
    private boolean strong;

    // per-search constants
    private Objective f;
    private double[] theta;
    private double[] x;
    private double[] d;
    private double f0;
    private double slope0;
    private double noise;

    /**
     * A line search for points of dimension n.
     *
     * @param c1 the sufficient-decrease constant, in (0, c₂)
     * @param c2 the curvature constant, in (c₁, 1): 0.9 suits quasi-Newton methods, 0.1 to 0.4
     *           nonlinear conjugate gradients
     * @param maxEvaluations the most evaluations of f and ∇f per search (≥ 1)
     * @throws InvalidOptionException unless 0 < c₁ < c₂ < 1 and maxEvaluations ≥ 1
     */
    public StrongWolfeLineSearch(int dimension, double c1, double c2, int maxEvaluations) {
        Checks.nonNegative("dimension", dimension);
        checkConstants(c1, c2, maxEvaluations);
        this.n = dimension;
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
        this.loX = new double[dimension];
        this.loG = new double[dimension];
        this.trialX = new double[dimension];
        this.trialG = new double[dimension];
    }

    /**
     * Searches along d from x, starting with the trial step {@code initialStep}. On success the
     * accepted step, its point x + t·d, the gradient there and the value are available from
     * {@link #step()}, {@link #point()}, {@link #gradient()} and {@link #value()}.
     *
     * @param f      the objective
     * @param theta  its parameters (m elements)
     * @param x      the starting point (n elements, not modified)
     * @param value0 f(x, θ)
     * @param slope0 φ'(0) = ∇f(x, θ)ᵀd, negative for a descent direction
     * @param d      the direction (n elements, not modified)
     * @param initialStep the first trial step (> 0)
     * @return whether a step with sufficient decrease was accepted; false also when d is not a
     *         descent direction (φ'(0) ≥ 0 or not finite)
     * @throws org.rootgrad.error.DimensionMismatchException if f is null or an array's length is wrong
     */
    public boolean search(Objective f, double[] theta, double[] x, double value0, double slope0,
                          double[] d, double initialStep) {
        if (f == null) {
            throw new org.rootgrad.error.DimensionMismatchException("objective f is null");
        }
        if (f.dimension() != n) {
            throw new org.rootgrad.error.DimensionMismatchException("objective f has dimension " + f.dimension()
                    + "; the line search was made for " + n);
        }
        Checks.length("x", x, n);
        Checks.length("d", d, n);
        Checks.length("theta", theta, f.parameterDimension());
        this.f = f;
        this.theta = theta;
        this.x = x;
        this.d = d;
        this.f0 = value0;
        this.slope0 = slope0;
        this.noise = ROUNDING * Math.abs(value0);
        this.evaluations = 0;
        this.strong = false;
        this.step = 0;
        this.value = value0;
        boolean found = slope0 < 0 && Double.isFinite(value0) && initialStep > 0
                && bracketAndZoom(Math.min(initialStep, MAX_STEP));
        this.f = null;
        this.theta = null;
        this.x = null;
        this.d = null;
        return found;
    }

    /** Throws {@link InvalidOptionException} unless 0 < c₁ < c₂ < 1 and maxEvaluations ≥ 1. */
    static void checkConstants(double c1, double c2, int maxEvaluations) {
        if (!(c1 > 0 && c1 < c2 && c2 < 1)) {
            throw new InvalidOptionException("Wolfe constants must satisfy 0 < c1 < c2 < 1, got c1 = "
                    + c1 + ", c2 = " + c2);
        }
        Checks.atLeastOne("maxEvaluations", maxEvaluations);
    }

    /** The accepted step t (0 after a failed search). */
    public double step() {
        return step;
    }

    /** f at the accepted point (f(x) after a failed search). */
    public double value() {
        return value;
    }

    /** The accepted point x + t·d (a view, valid until the next search; do not modify). */
    public double[] point() {
        return loX;
    }

    /** ∇f at the accepted point (a view, valid until the next search; do not modify). */
    public double[] gradient() {
        return loG;
    }

    /**
     * Whether the last trial point of the last search had a non-finite value or slope: after a
     * failed search, the sign that f itself broke (it is NaN or infinite arbitrarily close to a
     * point where it was finite), not that no step satisfies the conditions.
     */
    public boolean lastTrialNonFinite() {
        return evaluations > 0 && !finiteTrial();
    }

    /** Evaluations of f and ∇f made by the last search. */
    public int evaluations() {
        return evaluations;
    }

    /** Whether the accepted step also met the curvature condition (not only sufficient decrease). */
    public boolean curvatureSatisfied() {
        return strong;
    }

    public double c1() {
        return c1;
    }

    public double c2() {
        return c2;
    }

    public int maxEvaluations() {
        return maxEvaluations;
    }

    // ---- the algorithm ------------------------------------------------------------------------

    private double trialValue;
    private double trialSlope;

    /** Evaluates φ and φ' at t into the trial buffers. */
    private void evaluate(double t) {
        for (int i = 0; i < n; i++) {
            trialX[i] = x[i] + t * d[i];
        }
        trialValue = f.valueAndGradient(trialX, theta, trialG);
        trialSlope = K.dot(n, trialG, 0, d, 0);
        evaluations++;
    }

    private boolean finiteTrial() {
        return Double.isFinite(trialValue) && Double.isFinite(trialSlope);
    }

    /** Sufficient decrease, judged by the slope where the values are at rounding level. */
    private boolean sufficientDecrease(double t, double ft, double dt) {
        return ft <= f0 + c1 * t * slope0 || (ft <= f0 + noise && dt <= (2 * c1 - 1) * slope0);
    }

    private boolean curvature(double dt) {
        return Math.abs(dt) <= -c2 * slope0;
    }

    /** Keeps the trial as the best point with sufficient decrease. */
    private void keepTrialAsLo() {
        double[] t = loX;
        loX = trialX;
        trialX = t;
        t = loG;
        loG = trialG;
        trialG = t;
    }

    private boolean accept(double t, boolean strongStep) {
        step = t;
        value = trialValue;
        strong = strongStep;
        keepTrialAsLo();
        return true;
    }

    private boolean bracketAndZoom(double t) {
        double prevT = 0;
        double prevF = f0;
        double prevD = slope0;
        boolean havePrev = false; // a step > 0 with sufficient decrease is held in lo
        while (evaluations < maxEvaluations) {
            evaluate(t);
            if (!finiteTrial()) {
                return zoom(prevT, prevF, prevD, t, Double.POSITIVE_INFINITY, Double.NaN, havePrev);
            }
            double ft = trialValue;
            double dt = trialSlope;
            boolean worse = havePrev && (Math.abs(ft - prevF) <= noise ? dt >= 0 : ft >= prevF);
            if (!sufficientDecrease(t, ft, dt) || worse) {
                return zoom(prevT, prevF, prevD, t, ft, dt, havePrev);
            }
            if (curvature(dt)) {
                return accept(t, true);
            }
            if (dt >= 0) {
                // the trial is the better end: swap roles so that lo = t
                double hiT = prevT;
                double hiF = prevF;
                double hiD = prevD;
                keepTrialAsLo();
                return zoom(t, ft, dt, hiT, hiF, hiD, true);
            }
            keepTrialAsLo();
            havePrev = true;
            prevT = t;
            prevF = ft;
            prevD = dt;
            if (t >= MAX_STEP) {
                break;
            }
            t = Math.min(2 * t, MAX_STEP);
        }
        return fallback(havePrev, prevT, prevF);
    }

    /**
     * Shrinks [lo, hi] (in either order) around acceptable steps. lo has sufficient decrease and
     * the lowest value so far (lo = 0 when no step has it yet); hi does not, or has φ' pointing
     * back to lo. Values at lo are held in the lo buffers when {@code haveLo}.
     */
    private boolean zoom(double loT, double loF, double loD, double hiT, double hiF, double hiD,
                         boolean haveLo) {
        while (evaluations < maxEvaluations) {
            double width = Math.abs(hiT - loT);
            if (width <= MIN_RELATIVE_WIDTH * Math.max(Math.abs(loT), Math.abs(hiT))) {
                break;
            }
            double t = interpolate(loT, loF, loD, hiT, hiF, hiD);
            evaluate(t);
            if (!finiteTrial()) {
                hiT = t;
                hiF = Double.POSITIVE_INFINITY;
                hiD = Double.NaN;
                continue;
            }
            double ft = trialValue;
            double dt = trialSlope;
            boolean worse = Math.abs(ft - loF) <= noise ? dt * (t - loT) >= 0 : ft >= loF;
            if (!sufficientDecrease(t, ft, dt) || worse) {
                hiT = t;
                hiF = ft;
                hiD = dt;
                continue;
            }
            if (curvature(dt)) {
                return accept(t, true);
            }
            if (dt * (hiT - loT) >= 0) {
                hiT = loT;
                hiF = loF;
                hiD = loD;
            }
            keepTrialAsLo();
            haveLo = true;
            loT = t;
            loF = ft;
            loD = dt;
        }
        return fallback(haveLo, loT, loF);
    }

    /** Accepts the best step with sufficient decrease (curvature not met), or fails. */
    private boolean fallback(boolean haveLo, double loT, double loF) {
        if (haveLo && loT > 0) {
            step = loT;
            value = loF;
            strong = false;
            return true; // lo buffers already hold the point
        }
        step = 0;
        value = f0;
        return false;
    }

    /**
     * A trial step strictly inside the interval: the minimiser of the cubic matching φ and φ'
     * at both ends (the root of the secant of φ' when the values tie within rounding), kept at
     * least a tenth of the width away from either end; the midpoint when neither exists.
     */
    private double interpolate(double aT, double aF, double aD, double bT, double bF, double bD) {
        double lo = Math.min(aT, bT);
        double hi = Math.max(aT, bT);
        double margin = 0.1 * (hi - lo);
        double t = Double.NaN;
        if (Double.isFinite(bF) && Double.isFinite(bD)) {
            if (Math.abs(aF - bF) <= noise) {
                if (aD * bD < 0) {
                    t = aT - aD * (bT - aT) / (bD - aD);
                }
            } else {
                double d1 = aD + bD - 3 * (aF - bF) / (aT - bT);
                double disc = d1 * d1 - aD * bD;
                if (disc >= 0) {
                    double d2 = Math.copySign(Math.sqrt(disc), bT - aT);
                    t = bT - (bT - aT) * (bD + d2 - d1) / (bD - aD + 2 * d2);
                }
            }
        }
        if (!(t >= lo + margin && t <= hi - margin)) {
            if (Double.isNaN(t)) {
                t = 0.5 * (lo + hi);
            } else {
                t = Math.max(lo + margin, Math.min(hi - margin, t));
            }
        }
        return t;
    }
}
