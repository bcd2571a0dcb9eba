package org.rootgrad.bench.report;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which speed-ups the results report prints for a benchmark class. Benchmark methods
 * are named {@code op_variant} (e.g. {@code dot_panama}, {@code dot_scalar}); each entry
 * {@code "a/b"} asks for the speed-up of variant a over variant b, for every op and parameter
 * combination where both were measured: time(b) / time(a) in average-time modes, so a value
 * above 1 means a is faster. A variant may also name a reference column merged from a CSV
 * (e.g. {@code openblas}, see {@link ResultsReport}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Compare {
    /** Pairs "faster-candidate/baseline", e.g. {@code {"panama/scalar", "panama/openblas"}}. */
    String[] value();
}
