package org.rootgrad.implicit.linear;

import java.util.List;
import java.util.function.Function;

/** The solvers under test, by name, as functions of their options. */
record Methods(String name, Function<LinearSolverOptions, LinearSolver> factory) {

    LinearSolver make(LinearSolverOptions options) {
        return factory.apply(options);
    }

    LinearSolver make() {
        return factory.apply(LinearSolverOptions.defaults());
    }

    @Override
    public String toString() {
        return name;
    }

    static final Methods CG = new Methods("CG", LinearSolver::conjugateGradient);
    static final Methods MINRES = new Methods("MINRES", LinearSolver::minres);
    static final Methods GMRES = new Methods("GMRES", LinearSolver::gmres);
    static final Methods GMRES_SHORT = new Methods("GMRES(5)",
            o -> LinearSolver.gmres(o.toBuilder().restart(5).build()));
    static final Methods BICGSTAB = new Methods("BiCGSTAB", LinearSolver::biCgStab);
    static final Methods CGNR = new Methods("CGNR", LinearSolver::normalConjugateGradient);
    /** Refinement around a deliberately loose inner CG (rtol 1e-2). */
    static final Methods REFINED_CG = new Methods("IR(CG)", o -> LinearSolver.iterativeRefinement(
            LinearSolver.conjugateGradient(o.toBuilder().relativeTolerance(1e-2).absoluteTolerance(0)
                    .maxIterations(LinearSolverOptions.AUTOMATIC).warmStart(false).build()), o));
    static final Methods REFINED_MINRES = new Methods("IR(MINRES)", o -> LinearSolver.iterativeRefinement(
            LinearSolver.minres(o.toBuilder().relativeTolerance(1e-2).absoluteTolerance(0)
                    .maxIterations(LinearSolverOptions.AUTOMATIC).warmStart(false).build()), o));
    static final Methods REFINED_GMRES = new Methods("IR(GMRES)", o -> LinearSolver.iterativeRefinement(
            LinearSolver.gmres(o.toBuilder().relativeTolerance(1e-2).absoluteTolerance(0)
                    .maxIterations(LinearSolverOptions.AUTOMATIC).warmStart(false).build()), o));

    static final Methods DENSE_CHOLESKY = new Methods("dense Cholesky", LinearSolver::denseCholesky);
    static final Methods DENSE_LU = new Methods("dense LU", LinearSolver::denseLu);
    static final Methods DENSE_QR = new Methods("dense QR", LinearSolver::denseQr);
    /** Refinement around dense LU (the factorisation is kept for the whole refinement). */
    static final Methods REFINED_LU = new Methods("IR(dense LU)", o -> LinearSolver.iterativeRefinement(
            LinearSolver.denseLu(o.toBuilder().warmStart(false).build()), o));

    /** Refinement on an approximate Cholesky factor: CG where the operator forms no approximation, as here. */
    static final Methods APPROXIMATE_CHOLESKY = new Methods("approximate Cholesky", LinearSolver::approximateCholesky);

    /** Every method that handles SPD systems (all of them). */
    static List<Methods> forSpd() {
        return List.of(CG, MINRES, GMRES, GMRES_SHORT, BICGSTAB, CGNR, REFINED_CG, DENSE_CHOLESKY, DENSE_LU,
                DENSE_QR, REFINED_LU, APPROXIMATE_CHOLESKY);
    }

    /** Methods for symmetric indefinite systems (GMRES(5) stalls on them, as restarted GMRES may). */
    static List<Methods> forSymmetric() {
        return List.of(MINRES, GMRES, BICGSTAB, CGNR, REFINED_MINRES, DENSE_LU, DENSE_QR, REFINED_LU);
    }

    /** Methods for non-symmetric systems. */
    static List<Methods> forGeneral() {
        return List.of(GMRES, GMRES_SHORT, BICGSTAB, CGNR, REFINED_GMRES, DENSE_LU, DENSE_QR, REFINED_LU);
    }

    /** The dense direct methods. */
    static List<Methods> direct() {
        return List.of(DENSE_CHOLESKY, DENSE_LU, DENSE_QR);
    }

    /** The Krylov methods proper (one per kind). */
    static List<Methods> krylov() {
        return List.of(CG, MINRES, GMRES, BICGSTAB, CGNR);
    }
}
