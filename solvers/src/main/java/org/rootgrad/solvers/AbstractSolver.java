package org.rootgrad.solvers;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.Preconditioner;

/**
 * The plumbing every solver shares: argument checks, the result, the failure policy, warm starts
 * for {@link #evaluate}, the statuses a tape node reads, and the choice between implicit and
 * unrolled derivatives. A subclass implements {@link #solve} (the iterations; when unrolling, it
 * also records what its derivative needs), {@link #optimalityCondition()}, and the unrolled JVP
 * and VJP through its recording. Implicit derivatives go through the optimality condition unless
 * a subclass overrides {@link #implicitJvp}/{@link #implicitVjp} with an equivalent, cheaper
 * system (an active set, a KKT system).
 *
 * <p>Not thread-safe, like every {@link Solver}.
 */
public abstract class AbstractSolver implements Solver {
    private final String name;
    protected final int n;
    protected final int m;
    protected final SolverOptions options;
    protected final SolverResult result;
    private final DerivativeReport report = new DerivativeReport();
    private final double[] theta;
    private final double[] start;
    private final double[] coldStart;
    private boolean hasRun;
    private long runs;
    private ImplicitDiffWorkspace implicit;
    /** The implicit derivative's diagnostics since the last run, or null (none yet, or unrolled). */
    private ImplicitResult lastDerivative;

    protected AbstractSolver(String name, int dimension, int parameterDimension, SolverOptions options) {
        if (options == null) {
            throw new InvalidOptionException(name + ": options must not be null");
        }
        this.name = name;
        this.n = dimension;
        this.m = parameterDimension;
        this.options = options;
        this.result = new SolverResult(name, dimension);
        this.theta = new double[parameterDimension];
        this.start = new double[dimension];
        this.coldStart = new double[dimension];
    }

    /**
     * Runs the iterations from {@code init} (a private copy: it may be read freely while the
     * solution is written) at θ, writing the solution into {@code out.solution()} and the outcome
     * with {@link SolverResult#finish}. When {@link SolverOptions#implicitDiff()} is off it also
     * records what {@link #unrolledJvp} and {@link #unrolledVjp} need.
     */
    protected abstract void solve(double[] init, double[] theta, SolverResult out);

    /** ẋ through the recorded iterations of the last run (θ̇ enters every step; ẋ₀ = 0). */
    protected abstract void unrolledJvp(double[] thetaDot, double[] xDot);

    /** θ̄ through the recorded iterations of the last run, in reverse. */
    protected abstract void unrolledVjp(double[] xBar, double[] thetaBar);

    /** Iterations recorded by the last unrolled run. */
    protected abstract int unrolledSteps();

    /** Validates θ once per run (default: finite); a subclass may allow infinite bounds. */
    protected void checkTheta(double[] values) {
        Checks.finite("theta", values);
    }

    /**
     * What a failed run's status says about the problem, for the exception's message (e.g. an
     * infeasibility certificate), or null (the default).
     */
    protected String explainFailure(Status status) {
        return null;
    }

    /**
     * Refuses to differentiate a run that has no solution (default: every run has one); called
     * before every derivative.
     */
    protected void checkDifferentiable() {
    }

    /**
     * The implicit JVP ẋ = −A⁻¹Bθ̇ at the last solution: by default through
     * {@link #optimalityCondition()} with {@link SolverOptions#implicit()} and
     * {@link #implicitPreconditioner()}.
     */
    protected ImplicitResult implicitJvp(double[] thetaDot, double[] xDot) {
        return implicitWorkspace().jvp(result.solution(), theta, thetaDot, xDot, solutionResidual());
    }

    /** The implicit VJP θ̄ = −BᵀA⁻ᵀx̄ at the last solution; by default as {@link #implicitJvp}. */
    protected ImplicitResult implicitVjp(double[] xBar, double[] thetaBar) {
        return implicitWorkspace().vjp(result.solution(), theta, xBar, thetaBar, solutionResidual());
    }

    /**
     * F(x̂, θ) of {@link #optimalityCondition()} at the last solution when the solver holds it
     * (the gradient its stopping test measured), so that the default implicit derivatives need
     * not evaluate F again for their diagnostics; {@code null} (the default) when it does not.
     * Must hold exactly what {@code optimalityCondition().evaluate(solution, θ, out)} writes.
     */
    protected double[] solutionResidual() {
        return null;
    }

    /**
     * A preconditioner for the implicit linear solves with ∂ₓF (and its transpose), or null: e.g.
     * the L-BFGS memory of the last run as an inverse-Hessian approximation. Called before every
     * implicit derivative whose linear solver uses a preconditioner.
     */
    protected Preconditioner implicitPreconditioner() {
        return null;
    }

    /**
     * An inverse of ∂ₓF at or near the last solution that the run already holds, such as Newton's
     * last Cholesky factor, or null (the default). Where the implicit derivatives' linear solver
     * is the automatic choice, each JVP and VJP first refines with it and falls back to that
     * choice when a few products do not reach the tolerance
     * ({@link ImplicitDiffWorkspace#setNearInverse}). Called before every implicit derivative.
     */
    protected Preconditioner implicitNearInverse() {
        return null;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SolverOptions options() {
        return options;
    }

    @Override
    public final int dimension() {
        return n;
    }

    @Override
    public final int parameterDimension() {
        return m;
    }

    @Override
    public final SolverResult result() {
        return result;
    }

    @Override
    public final DerivativeReport derivative() {
        return report;
    }

    @Override
    public final SolverResult run(double[] init, double[] theta) {
        Checks.length("init", init, n);
        Checks.length("theta", theta, m);
        Checks.finite("init", init);
        checkTheta(theta);
        System.arraycopy(init, 0, start, 0, n);
        System.arraycopy(theta, 0, this.theta, 0, m);
        lastDerivative = null;
        solve(start, this.theta, result);
        hasRun = true;
        runs++;
        if (options.throwOnFailure() && result.status() != Status.CONVERGED) {
            result.throwIfFailed(explainFailure(result.status()));
        }
        return result;
    }

    @Override
    public final void evaluate(double[] theta, double[] x) {
        Checks.length("x", x, n);
        if (options.implicitDiff()) {
            run(result.solution(), theta); // the previous solution (zeros at first) as a warm start
        } else {
            // An unrolled derivative differentiates the recorded iterations from their starting
            // point, which it treats as a constant: from a warm start it would be the derivative
            // of a short run from the last solution, not of x*(θ). Unrolled runs start from zero.
            run(coldStart, theta); // all zeros, never written
        }
        result.copySolution(x);
    }

    @Override
    public final void jvp(double[] thetaDot, double[] xDot) {
        requireRun();
        Checks.length("thetaDot", thetaDot, m);
        Checks.length("xDot", xDot, n);
        Checks.finite("thetaDot", thetaDot);
        lastDerivative = null;
        if (options.implicitDiff()) {
            lastDerivative = implicitJvp(thetaDot, xDot);
            report.implicit(result, lastDerivative);
        } else {
            unrolledJvp(thetaDot, xDot);
            report.unrolled(result, unrolledSteps());
        }
    }

    @Override
    public final void vjp(double[] xBar, double[] thetaBar) {
        requireRun();
        Checks.length("xBar", xBar, n);
        Checks.length("thetaBar", thetaBar, m);
        Checks.finite("xBar", xBar);
        lastDerivative = null;
        if (options.implicitDiff()) {
            lastDerivative = implicitVjp(xBar, thetaBar);
            report.implicit(result, lastDerivative);
        } else {
            unrolledVjp(xBar, thetaBar);
            report.unrolled(result, unrolledSteps());
        }
    }

    /**
     * The status of the last run ({@link SolverResult#status()}), also when it failed and threw;
     * {@code null} before the first run.
     */
    @Override
    public final Status lastStatus() {
        return hasRun ? result.status() : null;
    }

    /**
     * The diagnostics of the last {@link #jvp} or {@link #vjp} since the last run when it was
     * implicit (its {@link ImplicitResult#forwardStatus()} is the run's status); {@code null}
     * before one, and for unrolled derivatives (see {@link #derivative()} for those).
     */
    @Override
    public final ImplicitResult lastDerivative() {
        return lastDerivative;
    }

    /**
     * The shared stopping test of the descent methods at iteration k, given the objective value
     * and the error (‖∇f‖): NON_FINITE if either is NaN or infinite, CONVERGED if the error is
     * within the tolerance, MAX_ITERATIONS when k reaches the limit, null to go on.
     */
    protected final Status stopReason(int k, double value, double error) {
        if (!Double.isFinite(error) || !Double.isFinite(value)) {
            return Status.NON_FINITE;
        }
        if (error <= options.tolerance()) {
            return Status.CONVERGED;
        }
        return k == options.maxIterations() ? Status.MAX_ITERATIONS : null;
    }

    /** θ of the last run (a view; do not modify). */
    protected final double[] lastTheta() {
        return theta;
    }

    /** The number of runs so far (e.g. to keep a factorisation for the derivatives of one run). */
    protected final long runCount() {
        return runs;
    }

    /**
     * The workspace of the default implicit derivatives, made on first use, with
     * {@link #implicitPreconditioner()} set for the next solve.
     */
    protected final ImplicitDiffWorkspace implicitWorkspace() {
        if (implicit == null) {
            implicit = options.implicit().newWorkspace(optimalityCondition());
        }
        // building one can cost a pass over the data (L-BFGS on a linear model): not for a direct solver
        implicit.setPreconditioner(implicit.usesPreconditioner() ? implicitPreconditioner() : null);
        implicit.setNearInverse(options.implicit().choosesSolver() ? implicitNearInverse() : null);
        return implicit;
    }

    private void requireRun() {
        if (!hasRun) {
            throw new InvalidOptionException(name + ": differentiate after run(init, θ): no solution yet");
        }
        if (result.status() == Status.NON_FINITE) {
            // the iterate is only the last finite point before the problem broke: no solution
            throw new UnsupportedDerivativeException(name + ": the last run ended NON_FINITE (a NaN or an"
                    + " infinity in the problem's values): there is no solution to differentiate");
        }
        checkDifferentiable();
    }
}
