/**
 * Throughput across cores: {@link org.rootgrad.solvers.batch.SolverBatch} solves and
 * differentiates many independent problems of one solver configuration on a fixed set of
 * long-lived workers (one fork of the solver each, the calling thread among them), reporting each
 * problem's outcome in a reusable {@link org.rootgrad.solvers.batch.BatchResult};
 * {@link org.rootgrad.solvers.batch.SolutionCotangent} supplies the cotangent of each solution for
 * hypergradients of a loss such as a validation loss.
 *
 * <p>A batch serves one call at a time and is closed when done; its workers are its own threads.
 */
package org.rootgrad.solvers.batch;
