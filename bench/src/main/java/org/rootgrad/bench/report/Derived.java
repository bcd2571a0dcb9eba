package org.rootgrad.bench.report;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Variants the results report derives from two measured ones of the same row, as the difference
 * of their scores: {@code "backwardByDifference = hypergradient - forward"} adds a column
 * "backwardByDifference" wherever both "hypergradient" and "forward" were measured (score a − b,
 * error √(e_a² + e_b²)), which {@link Compare} and {@link Bar} may then name. A cross-check of a
 * part that is also timed on its own (after an untimed per-invocation set-up): the difference
 * carries the noise of both measurements.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Derived {
    /** Definitions "name = a - b". */
    String[] value();
}
