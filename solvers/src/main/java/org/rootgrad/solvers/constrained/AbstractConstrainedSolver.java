package org.rootgrad.solvers.constrained;

import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.Status;
import org.rootgrad.error.UnsupportedDerivativeException;
import org.rootgrad.implicit.ImplicitDiff;
import org.rootgrad.implicit.ImplicitDiffWorkspace;
import org.rootgrad.implicit.ImplicitResult;
import org.rootgrad.implicit.RootFunction;
import org.rootgrad.implicit.linear.LinearSolver;
import org.rootgrad.implicit.linear.LinearSolverOptions;
import org.rootgrad.implicit.linear.Preconditioner;
import org.rootgrad.solvers.AbstractSolver;
import org.rootgrad.solvers.Solver;
import org.rootgrad.solvers.SolverOptions;

/**
 * What the constrained solvers add to {@link AbstractSolver}: implicit derivatives through a KKT
 * condition, full or reduced to the active set, solved by Krylov or by a dense factorisation
 * ({@link DerivativeMethod}); failure messages that explain infeasibility certificates; no
 * derivative of a run that ended without a solution. Constrained solvers differentiate
 * implicitly only: the options must not ask for unrolling.
 *
 * <p>Not thread-safe, like every {@link Solver}.
 */
abstract class AbstractConstrainedSolver extends AbstractSolver {
    protected final DerivativeMethod derivativeMethod;
    protected final boolean activeSetReduction;
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
        super(name, dimension, parameterDimension, requireImplicit(name, options));
        if (method == null) {
            throw new InvalidOptionException(name + ": derivative method must not be null");
        }
        this.derivativeMethod = method;
        this.activeSetReduction = activeSetReduction;
    }

    private static SolverOptions requireImplicit(String name, SolverOptions options) {
        if (options != null && !options.implicitDiff()) {
            throw new InvalidOptionException(name + ": differentiates implicitly only (through its KKT"
                    + " conditions); unrolled derivatives are not offered");
        }
        return options;
    }

    /**
     * The condition linearised on the active set of the last solution, with fixed coordinates
     * and inactive multipliers on identity rows (symmetric, and positive definite where the
     * problem allows); the {@link #optimalityCondition()} where nothing reduces.
     */
    protected abstract RootFunction reducedCondition();

    /**
     * An exact inverse of ∂zF of {@code condition} at the last solution from the forward solve's
     * own factorisation, or null to factor the condition's dense block.
     */
    protected KktInverse forwardInverse(RootFunction condition) {
        return null;
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
    protected final String explainFailure(Status status) {
        return switch (status) {
            case PRIMAL_INFEASIBLE -> "the problem is primal infeasible: a certificate was found";
            case DUAL_INFEASIBLE -> "the problem is unbounded below (dual infeasible): a certificate was found";
            case INDEFINITE -> "the quadratic term is not positive semidefinite";
            case SINGULAR -> "the KKT system is singular";
            default -> null;
        };
    }

    /** A run that ended with a certificate or a breakdown has no solution to differentiate. */
    @Override
    protected final void checkDifferentiable() {
        Status s = result.status();
        if (s == Status.PRIMAL_INFEASIBLE || s == Status.DUAL_INFEASIBLE || s == Status.INDEFINITE
                || s == Status.SINGULAR || s == Status.NON_FINITE) {
            String why = explainFailure(s);
            throw new UnsupportedDerivativeException(name() + ": the last run ended " + s
                    + " (" + (why == null ? s : why) + "): there is no solution to differentiate");
        }
    }

    @Override
    protected final ImplicitResult implicitJvp(double[] thetaDot, double[] xDot) {
        return prepare().jvp(result.solution(), lastTheta(), thetaDot, xDot);
    }

    @Override
    protected final ImplicitResult implicitVjp(double[] xBar, double[] thetaBar) {
        return prepare().vjp(result.solution(), lastTheta(), xBar, thetaBar);
    }

    /** Never called: the constructor refuses unrolled derivatives. */
    @Override
    protected final void unrolledJvp(double[] thetaDot, double[] xDot) {
        throw new UnsupportedDerivativeException(name() + " differentiates implicitly only");
    }

    /** Never called: the constructor refuses unrolled derivatives. */
    @Override
    protected final void unrolledVjp(double[] xBar, double[] thetaBar) {
        throw new UnsupportedDerivativeException(name() + " differentiates implicitly only");
    }

    @Override
    protected final int unrolledSteps() {
        return 0;
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
            if (factoredRun != runCount() || factoredCondition != condition) {
                condition.linearize(result.solution(), lastTheta());
                blockInverse.factor(name(), condition);
                factoredRun = runCount();
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

    /**
     * Richardson iteration with the exact inverse as its preconditioner: the solution in one
     * step, its true residual checked, and a refinement step or two where rounding needs them.
     */
    private ImplicitDiff directConfiguration() {
        LinearSolverOptions linear = LinearSolverOptions.builder()
                .relativeTolerance(1e-10).maxIterations(3).throwOnFailure(false).build();
        return ImplicitDiff.builder().solver(LinearSolver.richardson(linear)).warmStart(false)
                .throwOnFailure(options.implicit().throwOnFailure()).build();
    }
}
