package org.rootgrad.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rootgrad.engine.ArrayKernels;
import org.rootgrad.engine.MatrixKernels;

/**
 * Turns JMH JSON results into a markdown report: one table per benchmark class, one row per op
 * and parameter combination, one column per variant (from method names {@code op_variant}), then
 * the speed-ups the class declares with {@link Compare}, then the allocation per operation
 * (JMH's gc.alloc.rate.norm, present when run with {@code -prof gc}). Reference timings from CSV
 * files (e.g. OpenBLAS) join as extra variant columns wherever op and parameters match.
 *
 * <p>A class may also declare derived variants ({@link Derived}: the difference of two measured
 * ones), bars it is held to ({@link Bar}: each marked met or not met in a section under its table
 * and in a summary at the top), and record facts while it runs ({@link Facts}: iterations,
 * accuracy, memory; printed under its table). Sample-time results get a table of latency
 * percentiles.
 *
 * <p>Usage: {@code ResultsReport --jmh results.json [--jmh more.json] [--reference name=file.csv]
 * [--facts facts.tsv] [--note "how it was run"] --out RESULTS.md}. A missing reference or facts
 * file is reported in the header, not an error.
 */
public final class ResultsReport {
    private ResultsReport() {}

    public static void main(String[] args) throws IOException {
        List<Measurement> measured = new ArrayList<>();
        List<Measurement> references = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<String>> facts = new LinkedHashMap<>();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--jmh" -> measured.addAll(Measurement.readJmh(Path.of(required(args[i], value))));
                case "--reference" -> {
                    String[] nameFile = required(args[i], value).split("=", 2);
                    Path file = Path.of(nameFile[1]);
                    if (Files.isReadable(file)) {
                        references.addAll(Measurement.readReference(nameFile[0], file));
                    } else {
                        notes.add("Reference " + nameFile[0] + ": not available (" + file + " missing).");
                    }
                }
                case "--facts" -> {
                    Path file = Path.of(required(args[i], value));
                    if (Files.isReadable(file)) {
                        facts.putAll(readFacts(file));
                    } else {
                        notes.add("Facts: none recorded (" + file + " missing).");
                    }
                }
                case "--note" -> notes.add(required(args[i], value));
                case "--out" -> out = Path.of(required(args[i], value));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --jmh FILE [--reference NAME=CSV] [--facts TSV] [--note TEXT] --out FILE");
            }
            i++;
        }
        if (out == null || measured.isEmpty()) {
            throw new IllegalArgumentException("need --out and at least one --jmh file with results");
        }
        Files.writeString(out, render(measured, references, environment(measured, references, notes), facts));
        System.err.println("ResultsReport: wrote " + out);
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    /** The header lines: date, machine, JDK, kernels, references and notes. */
    static List<String> environment(List<Measurement> measured, List<Measurement> references, List<String> notes) {
        List<String> lines = new ArrayList<>();
        lines.add("Date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        lines.add("Machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " logical CPUs, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        lines.add("JDK: " + measured.getFirst().jdk());
        lines.add("Kernels: array " + ArrayKernels.active().name() + ", matrix " + MatrixKernels.active().name());
        Set<String> sources = new LinkedHashSet<>();
        references.forEach(r -> sources.add(r.variant() + ": " + r.jdk()));
        sources.forEach(s -> lines.add("Reference " + s));
        lines.addAll(notes);
        return lines;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** Facts by benchmark class: "params: text" lines in the order recorded, without repeats. */
    static Map<String, List<String>> readFacts(Path file) throws IOException {
        Map<String, Set<String>> byClass = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t", 3);
            if (f.length == 3) {
                byClass.computeIfAbsent(f[0], k -> new LinkedHashSet<>()).add(f[1].isEmpty() ? f[2] : f[1] + ": " + f[2]);
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        byClass.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    static String render(List<Measurement> measured, List<Measurement> references, List<String> header) {
        return render(measured, references, header, Map.of());
    }

    static String render(List<Measurement> measured, List<Measurement> references, List<String> header,
                         Map<String, List<String>> facts) {
        StringBuilder md = new StringBuilder("# Rootgrad benchmark results\n\n");
        header.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\nCells are JMH scores ± the 99.9% confidence half-width. A speed-up column \"a/b\" is")
                .append(" time(b) / time(a): above 1 means a is faster. alloc is gc.alloc.rate.norm in bytes per")
                .append(" operation, the largest over the row's variants; it reads 0 when below 0.5 B/op (JMH's noise) or")
                .append(" when the thread's allocation rate stays below ").append(BACKGROUND_MB_PER_SECOND)
                .append(" MB/s (JMH's own bookkeeping, which shows as tens of B/op for millisecond-long operations;")
                .append(" in sample-time mode, which records every sample, below ").append(SAMPLE_BACKGROUND_MB_PER_SECOND)
                .append(" MB/s).\n");
        Map<String, List<Measurement>> byClass = new LinkedHashMap<>();
        measured.forEach(m -> byClass.computeIfAbsent(m.benchmarkClass(), k -> new ArrayList<>()).add(m));
        List<BarCheck> allBars = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        byClass.forEach((className, results) -> {
            List<Measurement> withDerived = withDerived(className, results);
            body.append('\n').append(table(className, withDerived, references));
            if (results.stream().anyMatch(m -> "sample".equals(m.mode()))) {
                body.append('\n').append(percentileTable(withDerived));
            }
            List<BarCheck> bars = BarCheck.check(className, withDerived);
            if (!bars.isEmpty()) {
                body.append("\nBars:\n\n");
                bars.forEach(b -> body.append("- ").append(b.line()).append('\n'));
                allBars.addAll(bars);
            }
            List<String> lines = facts.getOrDefault(className, List.of());
            if (!lines.isEmpty()) {
                body.append("\nRecorded while running:\n\n");
                lines.forEach(l -> body.append("- ").append(l).append('\n'));
            }
        });
        if (!allBars.isEmpty()) {
            long met = allBars.stream().filter(b -> b.status() == BarCheck.Status.MET).count();
            md.append("\n## Bars\n\n").append(met).append(" of ").append(allBars.size()).append(" met.\n\n");
            allBars.forEach(b -> md.append("- ").append(b.shortClass()).append(": ").append(b.line()).append('\n'));
        }
        md.append(body);
        return md.toString();
    }

    /** The measured results plus the variants the class derives ({@link Derived}), row by row. */
    static List<Measurement> withDerived(String className, List<Measurement> results) {
        List<String[]> definitions = new ArrayList<>();
        try {
            Derived derived = Class.forName(className).getAnnotation(Derived.class);
            if (derived != null) {
                for (String d : derived.value()) {
                    String[] nameExpr = d.split("=", 2);
                    String[] ab = nameExpr.length == 2 ? nameExpr[1].split("-", 2) : new String[0];
                    if (ab.length != 2) {
                        throw new IllegalArgumentException(className + ": @Derived entry \"" + d + "\" is not name = a - b");
                    }
                    definitions.add(new String[] {nameExpr[0].trim(), ab[0].trim(), ab[1].trim()});
                }
            }
        } catch (ClassNotFoundException e) {
            return results;
        }
        if (definitions.isEmpty()) {
            return results;
        }
        List<Measurement> out = new ArrayList<>(results);
        Map<String, Map<String, Measurement>> rows = new LinkedHashMap<>();
        results.forEach(m -> rows.computeIfAbsent(m.op() + "|" + m.params(), k -> new LinkedHashMap<>()).put(m.variant(), m));
        for (Map<String, Measurement> row : rows.values()) {
            for (String[] d : definitions) {
                Measurement a = row.get(d[1]);
                Measurement b = row.get(d[2]);
                if (a != null && b != null && a.unit().equals(b.unit())) {
                    double e = Math.hypot(Double.isFinite(a.error()) ? a.error() : 0, Double.isFinite(b.error()) ? b.error() : 0);
                    out.add(a.derived(d[0], a.score() - b.score(), e));
                }
            }
        }
        return out;
    }

    /** Latency percentiles of the sample-time results: one row per op, parameters and variant. */
    static String percentileTable(List<Measurement> results) {
        String[] keys = {"50.0", "90.0", "99.0", "99.9", "100.0"};
        StringBuilder md = new StringBuilder("Latency percentiles (sample time):\n\n");
        md.append(row(List.of("op", "params", "variant", "p50", "p90", "p99", "p99.9", "max", "samples", "unit")));
        md.append(row(List.of("---", "---", "---", "---", "---", "---", "---", "---", "---", "---")));
        for (Measurement m : results) {
            if (!"sample".equals(m.mode()) || m.percentiles().isEmpty()) {
                continue;
            }
            List<String> line = new ArrayList<>(List.of(m.op(), m.params(), m.variant()));
            for (String k : keys) {
                line.add(number(m.percentile(k)));
            }
            line.add(String.format(Locale.ROOT, "%,d", m.samples()));
            line.add(m.unit());
            md.append(row(line));
        }
        return md.toString();
    }

    /** The markdown table of one benchmark class. */
    static String table(String className, List<Measurement> results, List<Measurement> references) {
        List<String[]> pairs = declaredPairs(className);
        Set<String> measuredVariants = new LinkedHashSet<>();
        results.forEach(m -> measuredVariants.add(m.variant()));
        // Columns: the variants the comparisons name, in their order, then any others.
        Set<String> variants = new LinkedHashSet<>();
        pairs.forEach(p -> {
            for (String v : p) {
                if (measuredVariants.contains(v)) {
                    variants.add(v);
                }
            }
        });
        variants.addAll(measuredVariants);
        Map<String, Map<String, Measurement>> rows = new LinkedHashMap<>(); // "op|params" -> variant -> m
        results.forEach(m -> rows.computeIfAbsent(m.op() + "|" + m.params(), k -> new LinkedHashMap<>()).put(m.variant(), m));
        for (String[] pair : pairs) {
            for (String variant : pair) {
                for (Measurement ref : references) {
                    if (ref.variant().equals(variant) && !measuredVariants.contains(variant)) {
                        Map<String, Measurement> row = rows.get(ref.op() + "|" + ref.params());
                        if (row != null) {
                            row.put(variant, ref);
                            variants.add(variant);
                        }
                    }
                }
            }
        }
        Set<String> units = new LinkedHashSet<>();
        results.forEach(m -> units.add(m.unit()));
        String unit = units.size() == 1 ? " (" + units.iterator().next() + ")" : "";

        StringBuilder md = new StringBuilder("## ").append(className.substring(className.lastIndexOf('.') + 1)).append("\n\n");
        List<String> header = new ArrayList<>(List.of("op", "params"));
        variants.forEach(v -> header.add(measuredVariants.contains(v) ? v + unit : v + " (reference)"));
        List<String[]> shownPairs = pairs.stream().filter(p -> variants.contains(p[0]) && variants.contains(p[1])).toList();
        shownPairs.forEach(p -> header.add(p[0] + "/" + p[1]));
        header.add("alloc B/op");
        md.append(row(header)).append(row(header.stream().map(h -> "---").toList()));

        rows.forEach((key, cells) -> {
            Measurement any = cells.values().iterator().next();
            List<String> line = new ArrayList<>(List.of(any.op(), any.params()));
            for (String v : variants) {
                Measurement m = cells.get(v);
                line.add(m == null ? "" : score(m, unit.isEmpty()));
            }
            for (String[] p : shownPairs) {
                Measurement a = cells.get(p[0]);
                Measurement b = cells.get(p[1]);
                line.add(a == null || b == null ? "" : String.format(Locale.ROOT, "%.2f", speedUp(a, b)));
            }
            line.add(alloc(cells.values()));
            md.append(row(line));
        });
        return md.toString();
    }

    /** How many times faster a is than b. */
    static double speedUp(Measurement a, Measurement b) {
        return a.lowerIsBetter() ? b.score() / a.score() : a.score() / b.score();
    }

    static List<String[]> declaredPairs(String className) {
        List<String[]> pairs = new ArrayList<>();
        try {
            Compare compare = Class.forName(className).getAnnotation(Compare.class);
            if (compare != null) {
                for (String pair : compare.value()) {
                    String[] ab = pair.split("/", 2);
                    if (ab.length != 2) {
                        throw new IllegalArgumentException(className + ": @Compare entry \"" + pair + "\" is not a/b");
                    }
                    pairs.add(ab);
                }
            }
        } catch (ClassNotFoundException e) {
            // results of a class not on this class path: no declared ratios
        }
        return pairs;
    }

    private static String score(Measurement m, boolean withUnit) {
        String s = number(m.score());
        if (Double.isFinite(m.error())) {
            s += " ± " + number(m.error());
        }
        return withUnit ? s + " " + m.unit() : s;
    }

    static String number(double v) {
        double a = Math.abs(v);
        String format = a >= 1000 ? "%,.0f" : a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3g";
        return String.format(Locale.ROOT, format, v);
    }

    /**
     * Below this allocation rate the benchmark thread allocates no more than JMH's own
     * bookkeeping does (a few kB/s), which for millisecond-long operations divides into tens of
     * bytes per operation; an allocating kernel shows a rate orders of magnitude higher.
     */
    static final double BACKGROUND_MB_PER_SECOND = 0.05;

    /**
     * The same for sample-time mode, whose JMH bookkeeping records every sample: 0.23–0.34 MB/s
     * in the latency suite (2026-11-27), the same rate for operations of 4 µs and of 76 µs, so
     * it scales with time, not with operations (1 to 19 B/op there; the allocation tests find 0
     * on those paths).
     */
    static final double SAMPLE_BACKGROUND_MB_PER_SECOND = 0.5;

    /** The row's largest allocation per operation, "0 (…)" when it is JMH's noise or background. */
    static String alloc(Iterable<Measurement> cells) {
        Measurement worst = null;
        for (Measurement m : cells) {
            if (!Double.isNaN(m.allocBytesPerOp()) && (worst == null || m.allocBytesPerOp() > worst.allocBytesPerOp())) {
                worst = m;
            }
        }
        if (worst == null) {
            return "";
        }
        double bytes = worst.allocBytesPerOp();
        double background = "sample".equals(worst.mode()) ? SAMPLE_BACKGROUND_MB_PER_SECOND : BACKGROUND_MB_PER_SECOND;
        if (bytes < 0.5 || worst.allocMBPerSecond() < background) {
            return String.format(Locale.ROOT, "0 (%s)", bytes < 0.5 ? String.format(Locale.ROOT, "%.3f", bytes) : number(bytes) + " background");
        }
        return number(bytes) + " (" + worst.variant() + ")";
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
