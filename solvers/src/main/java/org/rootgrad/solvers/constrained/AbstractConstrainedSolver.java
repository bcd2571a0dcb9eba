package org.rootgrad.solvers.constrained;

import org.rootgrad.error.Checks;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NotConvergedException;
import org.rootgrad.error.Status;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Preconditioner;
import org.rootgrad.solvers.DerivativeReport;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;
import org.rootgrad.solvers.SolverResult;

/**
 * What the constrained solvers share: argument checks, the failure policy, warm starts, and
 * implicit derivatives through a KKT condition, full or reduced to the active set, solved by
 * Krylov or by a dense factorisation ({@link DerivativeMethod}). Constrained solvers
 * differentiate implicitly only: the options must not ask for unrolling.
 *
 * <p>Not thread-safe, like every {@link Solver}.
 */
abstract class AbstractConstrainedSolver implements Solver {
    private final String name;
    protected final int n;
    protected final int m;
    protected final SolverOptions options;
    protected final SolverResult result;
    protected final DerivativeMethod derivativeMethod;
    protected final boolean activeSetReduction;
    private final DerivativeReport report = new DerivativeReport();
    private final double[] theta;
    private final double[] start;
    private boolean hasRun;
    /** The last derivative's diagnostics since the last run, or null. */
    private ImplicitResult lastDerivative;
    private long runs;
    private long factoredRun = -1;
    private RootFunction factoredCondition;

    private ImplicitDiffWorkspace fullKrylov;
    private ImplicitDiffWorkspace reducedKrylov;
    private ImplicitDiffWorkspace fullDirect;
    private ImplicitDiffWorkspace reducedDirect;
    private BlockLuInverse blockInverse;
    private KktInverse inverse;
    private Preconditioner inversePreconditioner;
    private Preconditioner inverseTransposePreconditioner;

    protected AbstractConstrainedSolver(String name, int dimension, int parameterDimension,
                                        SolverOptions options, DerivativeMethod method,
                                        boolean activeSetReduction) {
        if (options == null) {
            throw new InvalidOptionException(name + ": options must not be null");
        }
        if (!options.implicitDiff()) {
            throw new InvalidOptionException(name + ": differentiates implicitly only (through its KKT"
                    + " conditions); unrolled derivatives are not offered");
        }
        if (method == null) {
            throw new InvalidOptionException(name + ": derivative method must not be null");
        }
        this.name = name;
        this.n = dimension;
        this.m = parameterDimension;
        this.options = options;
        this.result = new SolverResult(name, dimension);
        this.derivativeMethod = method;
        this.activeSetReduction = activeSetReduction;
        this.theta = new double[parameterDimension];
        this.start = new double[dimension];
    }

    /** Solves from {@code init} (a private copy) at θ into {@code out}; never leaves a NaN in the solution. */
    protected abstract void solve(double[] init, double[] theta, SolverResult out);

    /**
     * The condition linearised on the active set of the last solution, with fixed coordinates
     * and inactive multipliers on identity rows (symmetric, and positive definite where the
     * problem allows); the {@link #optimalityCondition()} where nothing reduces.
     */
    protected abstract RootFunction reducedCondition();

    /** Validates θ once per run (default: finite); subclasses allow infinite bounds. */
    protected void checkTheta(double[] values) {
        Checks.finite("theta", values);
    }

    /**
     * An exact inverse of ∂zF of {@code condition} at the last solution from the forward solve's
     * own factorisation, or null to factor the condition's dense block.
     */
    protected KktInverse forwardInverse(RootFunction condition) {
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

    /** The derivative method this solver was built with. */
    public final DerivativeMethod derivativeMethod() {
        return derivativeMethod;
    }

    /** Whether derivatives are solved on the active set only (see {@link #reducedCondition()}). */
    public final boolean activeSetReduction() {
        return activeSetReduction;
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
            throw new NotConvergedException(name + " (" + describe(result.status()) + "; error "
                    + result.error() + " against tolerance " + result.tolerance() + ")",
                    result.status(), result.iterations(), result.error());
        }
        return result;
    }

    private static String describe(Status status) {
        return switch (status) {
            case PRIMAL_INFEASIBLE -> "the problem is primal infeasible: a certificate was found";
            case DUAL_INFEASIBLE -> "the problem is unbounded below (dual infeasible): a certificate was found";
            case INDEFINITE -> "the quadratic term is not positive semidefinite";
            case SINGULAR -> "the KKT system is singular";
            default -> status.toString();
        };
    }

    @Override
    public final void evaluate(double[] theta, double[] x) {
        Checks.length("x", x, n);
        run(result.solution(), theta); // the previous solution (zeros at first) as a warm start
        result.copySolution(x);
    }

    @Override
    public final void jvp(double[] thetaDot, double[] xDot) {
        requireSolution();
        Checks.length("thetaDot", thetaDot, m);
        Checks.length("xDot", xDot, n);
        lastDerivative = null;
        ImplicitDiffWorkspace ws = prepare();
        lastDerivative = ws.jvp(result.solution(), theta, thetaDot, xDot);
        report.implicit(result, lastDerivative);
    }

    @Override
    public final void vjp(double[] xBar, double[] thetaBar) {
        requireSolution();
        Checks.length("xBar", xBar, n);
        Checks.length("thetaBar", thetaBar, m);
        lastDerivative = null;
        ImplicitDiffWorkspace ws = prepare();
        lastDerivative = ws.vjp(result.solution(), theta, xBar, thetaBar);
        report.implicit(result, lastDerivative);
    }

    /** The status of the last run, also when it failed and threw; {@code null} before the first. */
    @Override
    public final Status lastStatus() {
        return hasRun ? result.status() : null;
    }

    /**
     * The diagnostics of the last {@link #jvp} or {@link #vjp} since the last run (its
     * {@link ImplicitResult#forwardStatus()} is the run's status); {@code null} before one.
     */
    @Override
    public final ImplicitResult lastDerivative() {
        return lastDerivative;
    }

    /**
     * Drops the cached factorisation of {@link DerivativeMethod#DIRECT} derivatives, so that the
     * next one factors again (what the first derivative after each run costs); frees nothing
     * else. For measurements.
     */
    public final void releaseFactorization() {
        factoredRun = -1;
        factoredCondition = null;
    }

    /** θ of the last run (a view; do not modify). */
    protected final double[] lastTheta() {
        return theta;
    }

    private ImplicitDiffWorkspace prepare() {
        RootFunction condition = activeSetReduction ? reducedCondition() : optimalityCondition();
        boolean reduced = activeSetReduction && condition != optimalityCondition();
        if (derivativeMethod == DerivativeMethod.KRYLOV) {
            if (reduced) {
                if (reducedKrylov == null || reducedKrylov.function() != condition) {
                    reducedKrylov = options.implicit().newWorkspace(condition);
                }
                return reducedKrylov;
            }
            if (fullKrylov == null || fullKrylov.function() != condition) {
                fullKrylov = options.implicit().newWorkspace(condition);
            }
            return fullKrylov;
        }
        ImplicitDiffWorkspace ws = reduced ? reducedDirect : fullDirect;
        if (ws == null || ws.function() != condition) {
            ws = directConfiguration().newWorkspace(condition);
            if (reduced) {
                reducedDirect = ws;
            } else {
                fullDirect = ws;
            }
        }
        KktInverse exact = forwardInverse(condition);
        if (exact == null) {
            if (blockInverse == null) {
                blockInverse = new BlockLuInverse(n);
            }
            // one factorisation per solution and condition: later derivatives are two triangular solves
            if (factoredRun != runs || factoredCondition != condition) {
                condition.linearize(result.solution(), theta);
                blockInverse.factor(name, condition);
                factoredRun = runs;
                factoredCondition = condition;
            }
            exact = blockInverse;
        }
        inverse = exact;
        if (inversePreconditioner == null) {
            inversePreconditioner = Preconditioner.of(n, this::applyInverse, false);
            inverseTransposePreconditioner = Preconditioner.of(n, this::applyInverseTranspose, false);
        }
        ws.setPreconditioners(inversePreconditioner, inverseTransposePreconditioner);
        return ws;
    }

    private void applyInverse(double[] r, double[] z) {
        inverse.solve(r, z);
    }

    private void applyInverseTranspose(double[] r, double[] z) {
        inverse.solveTranspose(r, z);
    }

    /** GMRES preconditioned by the exact inverse: converges in one step, and checks it. */
    private ImplicitDiff directConfiguration() {
        LinearSolverOptions linear = LinearSolverOptions.builder()
                .relativeTolerance(1e-10).restart(5).maxIterations(20).throwOnFailure(false).build();
        return ImplicitDiff.builder().solver(LinearSolver.gmres(linear)).warmStart(false)
                .throwOnFailure(options.implicit().throwOnFailure()).build();
    }

    private void requireSolution() {
        if (!hasRun) {
            throw new InvalidOptionException(name + ": differentiate after run(init, θ): no solution yet");
        }
        Status s = result.status();
        if (s == Status.PRIMAL_INFEASIBLE || s == Status.DUAL_INFEASIBLE || s == Status.INDEFINITE
                || s == Status.SINGULAR || s == Status.NON_FINITE) {
            throw new UnsupportedDerivativeException(name + ": the last run ended " + s
                    + " (" + describe(s) + "): there is no solution to differentiate");
        }
    }
}
