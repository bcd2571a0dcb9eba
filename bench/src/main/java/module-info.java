/** JMH benchmarks: each class answers one question with ratios measured side by side. */
open module org.rootgrad.bench {
    requires org.rootgrad.solvers;
    requires jmh.core;
    requires ejml.ddense;
    requires ejml.core;
}
