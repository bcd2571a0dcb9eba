package org.rootgrad.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link Bar} of a benchmark class checked against its results: met when it holds in every
 * row its filter selects, not met when it fails in one, not measured when no row has what it
 * names. {@link #line()} says which, with the measured values.
 */
record BarCheck(String className, String expression, String source, Status status, String measured) {

    /** The outcome of a check. */
    enum Status { MET, NOT_MET, NOT_MEASURED }

    private static final Pattern EXPRESSION = Pattern.compile(
            "\\s*(\\S+)(?:\\s+(mean|p50|p90|p99|p99\\.9|alloc))?\\s*(<=|>=)\\s*([-+0-9.eE]+)\\s*(ns|us|µs|ms|s|B)?\\s*");

    String shortClass() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** "met|not met|not measured: `expression` (measured ...; source)". */
    String line() {
        String word = switch (status) {
            case MET -> "**met**";
            case NOT_MET -> "**not met**";
            case NOT_MEASURED -> "not measured";
        };
        return word + ": `" + expression + "` — " + measured + (source.isEmpty() ? "" : " (" + source + ")");
    }

    /** Every bar the class declares, checked against its results (derived variants included). */
    static List<BarCheck> check(String className, List<Measurement> results) {
        Bar[] bars;
        try {
            bars = Class.forName(className).getAnnotationsByType(Bar.class);
        } catch (ClassNotFoundException e) {
            return List.of();
        }
        Map<String, Map<String, Measurement>> rows = new LinkedHashMap<>();
        results.forEach(m -> rows.computeIfAbsent(m.op() + "|" + m.params(), k -> new LinkedHashMap<>()).put(m.variant(), m));
        List<BarCheck> out = new ArrayList<>();
        for (Bar bar : bars) {
            out.add(check(className, bar.value(), bar.source(), rows));
        }
        return out;
    }

    static BarCheck check(String className, String expression, String source, Map<String, Map<String, Measurement>> rows) {
        String[] parts = expression.split("\\|", 2);
        Matcher m = EXPRESSION.matcher(parts[0]);
        if (!m.matches()) {
            throw new IllegalArgumentException(className + ": @Bar \"" + expression
                    + "\" is not TARGET [STAT] <=|>= VALUE [UNIT] [| name=value, ...]");
        }
        String target = m.group(1);
        String stat = m.group(2) == null ? "mean" : m.group(2);
        boolean atMost = m.group(3).equals("<=");
        double limit = Double.parseDouble(m.group(4));
        String unit = m.group(5) == null ? "" : m.group(5);
        List<String> filter = new ArrayList<>();
        if (parts.length == 2) {
            for (String pair : parts[1].split(",")) {
                if (!pair.isBlank()) {
                    filter.add(pair.trim().replace(" ", ""));
                }
            }
        }
        StringBuilder measured = new StringBuilder();
        boolean any = false;
        boolean all = true;
        boolean severalOps = rows.keySet().stream()
                .filter(key -> matches(key, filter))
                .map(key -> key.substring(0, key.indexOf('|')))
                .distinct().count() > 1;
        for (Map.Entry<String, Map<String, Measurement>> row : rows.entrySet()) {
            String op = row.getKey().substring(0, row.getKey().indexOf('|'));
            String params = row.getKey().substring(row.getKey().indexOf('|') + 1);
            if (!matches(row.getKey(), filter)) {
                continue;
            }
            Double value = value(target, stat, unit, row.getValue());
            if (value == null) {
                continue;
            }
            any = true;
            boolean holds = atMost ? value <= limit : value >= limit;
            all &= holds;
            if (!measured.isEmpty()) {
                measured.append("; ");
            }
            String shown = stat.equals("alloc") ? ResultsReport.number(value) + " B/op"
                    : ResultsReport.number(value) + (unit.isEmpty() ? "" : " " + unit);
            String label = severalOps ? (params.isEmpty() ? op : op + ", " + params) : params;
            measured.append(label.isEmpty() ? "" : label + ": ").append(shown);
        }
        if (!any) {
            return new BarCheck(className, expression, source, Status.NOT_MEASURED, "no result");
        }
        return new BarCheck(className, expression, source, all ? Status.MET : Status.NOT_MET, "measured " + measured);
    }

    /** Whether the row keyed "op|params" has every name=value of the filter, op=… naming the op. */
    private static boolean matches(String key, List<String> filter) {
        int bar = key.indexOf('|');
        List<String> have = new ArrayList<>(List.of(key.substring(bar + 1).replace(" ", "").split(",")));
        have.add("op=" + key.substring(0, bar));
        return have.containsAll(filter);
    }

    /** The value the bar compares, or null when the row lacks it. */
    private static Double value(String target, String stat, String unit, Map<String, Measurement> row) {
        int slash = target.indexOf('/');
        if (slash > 0) {
            Measurement a = row.get(target.substring(0, slash));
            Measurement b = row.get(target.substring(slash + 1));
            if (a == null || b == null) {
                return null;
            }
            if (stat.equals("mean")) {
                return ResultsReport.speedUp(a, b);
            }
            double pa = a.percentile(key(stat));
            double pb = b.percentile(key(stat));
            return Double.isNaN(pa) || Double.isNaN(pb) ? null : pb / pa;
        }
        Measurement a = row.get(target);
        if (a == null) {
            return null;
        }
        if (stat.equals("alloc")) {
            if (Double.isNaN(a.allocBytesPerOp())) {
                return null;
            }
            // as the alloc column reads it: JMH's noise and background count as zero
            boolean background = a.allocBytesPerOp() < 0.5 || a.allocMBPerSecond() < ResultsReport.BACKGROUND_MB_PER_SECOND;
            return background ? 0.0 : a.allocBytesPerOp();
        }
        double v = stat.equals("mean") ? a.score() : a.percentile(key(stat));
        if (Double.isNaN(v)) {
            return null;
        }
        return unit.isEmpty() ? v : v * seconds(a.unit()) / seconds(unit);
    }

    private static String key(String stat) {
        return switch (stat) {
            case "p50" -> "50.0";
            case "p90" -> "90.0";
            case "p99" -> "99.0";
            case "p99.9" -> "99.9";
            default -> throw new IllegalArgumentException("not a percentile: " + stat);
        };
    }

    /** Seconds per unit of a time unit ("ms", "us/op", "µs", ...). */
    static double seconds(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        int slash = u.indexOf('/');
        if (slash >= 0) {
            u = u.substring(0, slash);
        }
        return switch (u) {
            case "ns" -> 1e-9;
            case "us", "µs" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            default -> throw new IllegalArgumentException("not a time unit: " + unit);
        };
    }
}
