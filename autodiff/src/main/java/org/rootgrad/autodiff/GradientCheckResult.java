package org.rootgrad.autodiff;

import java.util.List;
import java.util.Locale;

/**
 * What {@link GradientCheck} found: per input, the worst relative error of each derivative product
 * against central finite differences. The relative error of an exact vector a against a
 * finite-difference vector b is ‖a − b‖∞ / max(‖a‖∞, ‖b‖∞, floor).
 *
 * <p>Immutable.
 *
 * @param inputs one entry per input of the function, in input order
 * @param step the finite-difference step used (relative to max(1, ‖input‖∞))
 * @param floor the absolute floor of the relative-error denominator
 */
public record GradientCheckResult(List<InputErrors> inputs, double step, double floor) {

    public GradientCheckResult {
        inputs = List.copyOf(inputs);
    }

    /**
     * The errors of one input. NaN marks a product that does not apply: the gradient of a
     * vector-valued function, or a second-order product through a primitive without a
     * second-order rule ({@code secondOrderSupported} false).
     *
     * @param name the input's name
     * @param shape the input's shape
     * @param gradient gradient (scalar outputs only)
     * @param jvp JVP along this input
     * @param vjp VJP with respect to this input, along a random cotangent
     * @param secondOrder worst over every gradient input g of d/dε ∇_g (JᵀW) along this input:
     *     the Hessian-vector product and the mixed products with this input as the tangent
     * @param secondOrderSupported false if a custom primitive lacked a second-order rule
     *
     * <p>Thread safety: immutable and shareable.
     */
    public record InputErrors(String name, Shape shape, double gradient, double jvp, double vjp,
                              double secondOrder, boolean secondOrderSupported) {

        /** The largest of the applicable errors. */
        public double worst() {
            double w = Math.max(jvp, vjp);
            if (!Double.isNaN(gradient)) {
                w = Math.max(w, gradient);
            }
            if (!Double.isNaN(secondOrder)) {
                w = Math.max(w, secondOrder);
            }
            return w;
        }
    }

    /** The largest error over all inputs and products. */
    public double worst() {
        double w = 0;
        for (InputErrors e : inputs) {
            w = Math.max(w, e.worst());
        }
        return w;
    }

    /** True when every applicable error is at most {@code tolerance} (and none is NaN). */
    public boolean passed(double tolerance) {
        for (InputErrors e : inputs) {
            if (!(e.worst() <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    /** The entry of the input with this name, or null. */
    public InputErrors input(String name) {
        for (InputErrors e : inputs) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "gradient check (central differences, step %.1e, floor %.1e): worst %.2e%n",
                step, floor, worst()));
        sb.append(String.format(Locale.ROOT, "  %-12s %-12s %10s %10s %10s %12s%n",
                "input", "shape", "gradient", "jvp", "vjp", "secondOrder"));
        for (InputErrors e : inputs) {
            sb.append(String.format(Locale.ROOT, "  %-12s %-12s %10s %10s %10s %12s%n",
                    e.name(), e.shape(), format(e.gradient()), format(e.jvp()), format(e.vjp()),
                    e.secondOrderSupported() ? format(e.secondOrder()) : "unsupported"));
        }
        return sb.toString();
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2e", v);
    }
}
