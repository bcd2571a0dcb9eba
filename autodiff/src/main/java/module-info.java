/**
 * Record-once, replay-many automatic differentiation: a tape of whole-tensor operations replayed
 * for values, gradients, JVPs, VJPs and second-order products with per-thread workspaces.
 */
module org.rootgrad.autodiff {
    requires transitive org.rootgrad.engine;

    exports org.rootgrad.autodiff;

}
