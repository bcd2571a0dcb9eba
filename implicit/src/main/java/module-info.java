/**
 * Implicit differentiation: linear operators, preconditioned Krylov and direct solves, root and
 * fixed-point VJPs/JVPs, and the bridge that puts a solver's output on the tape.
 */
module org.rootgrad.implicit {
    requires transitive org.rootgrad.engine;
    requires transitive org.rootgrad.autodiff;

    exports org.rootgrad.implicit;
    exports org.rootgrad.implicit.linear;

}
