package org.rootgrad.bench.report;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A target a benchmark class is held to; the results report checks it against the measurement
 * and marks it met or not met. The expression is {@code TARGET [STAT] OP VALUE [UNIT] [| FILTER]}:
 * <ul>
 *   <li>TARGET: a variant (the part after the underscore of {@code op_variant}, or a
 *       {@link Derived} one), or a ratio {@code a/b} in the sense of {@link Compare} (how many
 *       times faster a is than b);</li>
 *   <li>STAT: {@code mean} (the default: the JMH score), a percentile of a sample-time run
 *       ({@code p50}, {@code p90}, {@code p99}, {@code p99.9}), or {@code alloc} (bytes per
 *       operation, as the report's alloc column reads it);</li>
 *   <li>OP: {@code <=} or {@code >=}; VALUE a number; UNIT (for times) ns, us, µs, ms or s;</li>
 *   <li>FILTER: {@code name=value} pairs separated by commas, {@code op=name} selecting the op
 *       (the part before the underscore); the bar applies to every row whose parameters match
 *       all of them (every row when there is no filter), and is met when it holds in all of
 *       them.</li>
 * </ul>
 * Example: {@code @Bar(value = "newton p50 <= 10 us | model=ridge, features=20", source = "issue 8")}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Bar.List.class)
public @interface Bar {
    /** The expression, see the class comment. */
    String value();

    /** Where the bar comes from, for the report (e.g. "issue 8: PyTorch takes 170 µs"). */
    String source() default "";

    /** The container of repeated bars. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        Bar[] value();
    }
}
