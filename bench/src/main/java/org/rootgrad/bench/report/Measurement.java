package org.rootgrad.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One measured (or reference) score: benchmark class, op and variant (from a method named
 * {@code op_variant}; a name without underscore is its own op with variant "-"), the parameters
 * as "name=value" pairs sorted by name, the score with its error and unit, and the allocation per
 * operation and per second (NaN where not measured).
 */
record Measurement(String benchmarkClass, String op, String variant, String mode, String params,
                   double score, double error, String unit, double allocBytesPerOp, double allocMBPerSecond,
                   String jdk, Map<String, Double> percentiles, long samples) {

    /** A measurement without percentiles (every mode but sample time). */
    Measurement(String benchmarkClass, String op, String variant, String mode, String params, double score,
                double error, String unit, double allocBytesPerOp, double allocMBPerSecond, String jdk) {
        this(benchmarkClass, op, variant, mode, params, score, error, unit, allocBytesPerOp, allocMBPerSecond, jdk,
                Map.of(), 0);
    }

    /** The same measurement under another variant name with another score (derived columns). */
    Measurement derived(String name, double value, double err) {
        return new Measurement(benchmarkClass, op, name, mode, params, value, err, unit, Double.NaN, Double.NaN, jdk,
                Map.of(), 0);
    }

    /**
     * A percentile of a sample-time run by its JMH key ("50.0", "99.9", ...), NaN when absent.
     */
    double percentile(String key) {
        Double v = percentiles.get(key);
        return v == null ? Double.NaN : v;
    }

    /** Lower scores are better (time per op) unless the mode is throughput. */
    boolean lowerIsBetter() {
        return !"thrpt".equals(mode);
    }

    /** Reads every result of a JMH JSON file (written with {@code -rf json}). */
    static List<Measurement> readJmh(Path file) throws IOException {
        Object root = Json.parse(Files.readString(file));
        List<Measurement> out = new ArrayList<>();
        for (Object item : (List<?>) root) {
            Map<?, ?> result = (Map<?, ?>) item;
            String benchmark = (String) result.get("benchmark");
            int dot = benchmark.lastIndexOf('.');
            String method = benchmark.substring(dot + 1);
            int underscore = method.indexOf('_');
            String op = underscore < 0 ? method : method.substring(0, underscore);
            String variant = underscore < 0 ? "-" : method.substring(underscore + 1);
            Map<?, ?> primary = (Map<?, ?>) result.get("primaryMetric");
            double alloc = Double.NaN;
            double rate = Double.NaN;
            if (result.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
                if (secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> norm) {
                    alloc = Json.number(norm.get("score"));
                }
                if (secondary.get("gc.alloc.rate") instanceof Map<?, ?> perSecond) {
                    rate = Json.number(perSecond.get("score"));
                }
            }
            Map<String, String> params = new TreeMap<>();
            if (result.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
            }
            String jdk = result.get("jdkVersion") + " (" + result.get("vmName") + " " + result.get("vmVersion") + ")";
            Map<String, Double> percentiles = new TreeMap<>();
            if (primary.get("scorePercentiles") instanceof Map<?, ?> pct) {
                pct.forEach((k, v) -> percentiles.put(String.valueOf(k), Json.number(v)));
            }
            long samples = 0;
            if (primary.get("rawDataHistogram") instanceof List<?> forks) {
                for (Object fork : forks) {
                    for (Object iteration : (List<?>) fork) {
                        for (Object bin : (List<?>) iteration) {
                            samples += (long) Json.number(((List<?>) bin).get(1));
                        }
                    }
                }
            }
            out.add(new Measurement(benchmark.substring(0, dot), op, variant, (String) result.get("mode"),
                    formatParams(params), Json.number(primary.get("score")), Json.number(primary.get("scoreError")),
                    (String) primary.get("scoreUnit"), alloc, rate, jdk, percentiles, samples));
        }
        return out;
    }

    /**
     * Reads a reference CSV ({@code op,params,ns_per_op,gflops,source}, as written by
     * bench/openblas_reference.py) as measurements of variant {@code name} in average-time mode,
     * to be matched against any benchmark class by op and params.
     */
    static List<Measurement> readReference(String name, Path file) throws IOException {
        List<Measurement> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 3) {
                throw new IllegalArgumentException(file + ": malformed line: " + line);
            }
            Map<String, String> params = new TreeMap<>();
            for (String pair : f[1].split(";")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv[1]);
            }
            String source = f.length > 4 ? f[4] : name;
            out.add(new Measurement("*", f[0], name, "avgt", formatParams(params), Double.parseDouble(f[2]),
                    Double.NaN, "ns/op", Double.NaN, Double.NaN, source));
        }
        return out;
    }

    static String formatParams(Map<String, String> sorted) {
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }
}
