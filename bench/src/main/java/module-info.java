/**
 * JMH benchmarks: each class answers one question with ratios measured side by side
 * ({@code org.rootgrad.bench.engine}, ...), and the report that turns their JSON results into
 * markdown tables ({@code org.rootgrad.bench.report}).
 */
open module org.rootgrad.bench {
    requires org.rootgrad.solvers;
    requires jdk.incubator.vector;
    requires jmh.core;
    requires ejml.ddense;
    requires ejml.core;
}
