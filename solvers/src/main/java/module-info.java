/**
 * Differentiable iterative solvers, prox operators, projections and objectives; each solver
 * knows its optimality condition and differentiates implicitly or by unrolling.
 */
module org.rootgrad.solvers {
    requires transitive org.rootgrad.engine;
    requires transitive org.rootgrad.autodiff;
    requires transitive org.rootgrad.implicit;

    exports org.rootgrad.solvers;
    exports org.rootgrad.solvers.batch;
    exports org.rootgrad.solvers.constrained;
    exports org.rootgrad.solvers.objective;
    exports org.rootgrad.solvers.projection;
    exports org.rootgrad.solvers.prox;
}
