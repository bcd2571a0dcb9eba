/**
 * Rootgrad's bottom layer: stateless dense kernels on {@code double[]} (scalar twins and Vector
 * API implementations chosen once at start-up), dense factorizations, and the error types shared
 * by every module.
 */
module org.rootgrad.engine {
    requires static jdk.incubator.vector;

    exports org.rootgrad.engine;
    exports org.rootgrad.engine.linalg;
    exports org.rootgrad.error;
}
