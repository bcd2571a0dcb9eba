package org.rootgrad.examples.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" tick positions and labels for plot axes. */
final class Ticks {
    private Ticks() {}

    /** About {@code target} ticks at multiples of 1, 2 or 5 times a power of ten within [lo, hi]. */
    static double[] linear(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target - 1);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        // the first nice step not much smaller than the raw one (ticks a little denser than asked, never sparser by 2x)
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= 0.75 * raw) {
                step = m * magnitude;
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) {
            ticks.add(Math.abs(t) < 1e-12 * step ? 0 : t);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Integer powers of ten (as log10 values) within [lo, hi], halves added when few. */
    static double[] decades(double lo, double hi) {
        List<Double> ticks = new ArrayList<>();
        double step = (hi - lo) < 2 ? 0.5 : Math.max(1, Math.floor((hi - lo) / 6));
        for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
            ticks.add(t);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** A log10 tick value as a label: integer decades as 10^k, others as the plain number. */
    static String formatPower(double log10) {
        if (Math.abs(log10 - Math.rint(log10)) < 1e-9) {
            int k = (int) Math.rint(log10);
            return k >= -2 && k <= 3 ? format(Math.pow(10, k)) : "1e" + k;
        }
        return format(Math.pow(10, log10));
    }
}
