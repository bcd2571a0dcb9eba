package org.rootgrad.bench.report;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Variants the results report derives from two measured ones of the same row, as the difference
 * of their scores: {@code "backward = hypergradient - forward"} adds a column "backward" wherever
 * both "hypergradient" and "forward" were measured (score a − b, error √(e_a² + e_b²)), which
 * {@link Compare} and {@link Bar} may then name. For a part of an operation that cannot be timed
 * alone without changing what it does (a derivative right after the solve it differentiates).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Derived {
    /** Definitions "name = a - b". */
    String[] value();
}
