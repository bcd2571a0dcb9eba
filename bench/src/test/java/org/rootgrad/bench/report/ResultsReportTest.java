package org.rootgrad.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report reads JMH's JSON and a reference CSV, and prints the declared speed-ups. */
class ResultsReportTest {

    /** Stands in for a benchmark class: only its annotation matters to the report. */
    @Compare({"fast/slow", "fast/blas", "fast/missing"})
    static final class Fixture {}

    private static final String CLASS = Fixture.class.getName();

    private static String result(String method, String n, double score, double error, double alloc) {
        return result(method, n, score, error, alloc, 1.0);
    }

    private static String result(String method, String n, double score, double error, double alloc, double rate) {
        return """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "%s.%s",
                    "mode" : "avgt",
                    "jdkVersion" : "25.0.3", "vmName" : "OpenJDK 64-Bit Server VM", "vmVersion" : "25.0.3+9",
                    "params" : { "n" : "%s" },
                    "primaryMetric" : { "score" : %s, "scoreError" : %s, "scoreUnit" : "ns/op", "rawData" : [ [ 1.0, 2.0 ] ] },
                    "secondaryMetrics" : {
                        "gc.alloc.rate" : { "score" : %s, "scoreError" : "NaN", "scoreUnit" : "MB/sec" },
                        "gc.alloc.rate.norm" : { "score" : %s, "scoreError" : "NaN", "scoreUnit" : "B/op" }
                    }
                }""".formatted(CLASS, method, n, score, error, rate, alloc);
    }

    @Test
    void tableHasVariantsReferenceSpeedUpsAndAllocation(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, "[" + String.join(",",
                result("dot_fast", "1000", 50, 2, 0.001),
                result("dot_slow", "1000", 400, 10, 0.002),
                result("dot_fast", "5", 5, 0.5, 24),
                result("solo", "1000", 7, 0.1, 0),
                result("slowOp_fast", "1", 5e6, 1e5, 35, 0.007)) + "]");
        Path csv = dir.resolve("blas.csv");
        Files.writeString(csv, "op,params,ns_per_op,gflops,source\ndot,n=1000,40.0,50.0,Some BLAS; 1 thread\n");

        List<Measurement> measured = Measurement.readJmh(json);
        List<Measurement> reference = Measurement.readReference("blas", csv);
        assertEquals(5, measured.size());
        assertEquals("dot", measured.getFirst().op());
        assertEquals("fast", measured.getFirst().variant());
        assertEquals("n=1000", measured.getFirst().params());

        String table = ResultsReport.table(CLASS, measured, reference);
        String[] lines = table.split("\n");
        assertEquals("| op | params | fast (ns/op) | slow (ns/op) | - (ns/op) | blas (reference) | fast/slow | fast/blas | alloc B/op |",
                lines[2]);
        // 400 / 50 = 8 times faster than slow; 40 / 50 = 0.8 of the reference's speed.
        assertEquals("| dot | n=1000 | 50.0 ± 2.00 | 400 ± 10.0 |  | 40.0 | 8.00 | 0.80 | 0 (0.002) |", lines[4]);
        // A parameter combination measured for one variant only gets no ratios, and shows its allocation.
        assertEquals("| dot | n=5 | 5.00 ± 0.500 |  |  |  |  |  | 24.0 (fast) |", lines[5]);
        assertEquals("| solo | n=1000 |  |  | 7.00 ± 0.100 |  |  |  | 0 (0.000) |", lines[6]);
        // 35 B/op at 0.007 MB/s is JMH's background allocation over a 5 ms operation.
        assertEquals("| slowOp | n=1 | 5,000,000 ± 100,000 |  |  |  |  |  | 0 (35.0 background) |", lines[7]);
    }

    @Test
    void renderPutsTheEnvironmentInTheHeader() {
        Measurement m = new Measurement("x.Unknown", "op", "a", "thrpt", "", 10, Double.NaN, "ops/s", Double.NaN, Double.NaN, "25");
        String md = ResultsReport.render(List.of(m), List.of(), List.of("Machine: test", "noisy"));
        assertTrue(md.contains("- Machine: test\n- noisy\n"), md);
        assertTrue(md.contains("## Unknown"), md);
        assertTrue(md.contains("| op |  | 10.0 |"), md); // no declared ratios for an unknown class
    }

    @Test
    void barsSelectAnOpAndNameTheOpsTheyMix() {
        java.util.Map<String, java.util.Map<String, Measurement>> rows = new java.util.LinkedHashMap<>();
        rows.put("fast|n=1", java.util.Map.of("solve",
                new Measurement("c", "fast", "solve", "avgt", "n=1", 5, 0, "ms/op", 0, 0, "")));
        rows.put("slow|n=1", java.util.Map.of("solve",
                new Measurement("c", "slow", "solve", "avgt", "n=1", 20, 0, "ms/op", 0, 0, "")));
        BarCheck one = BarCheck.check("c", "solve <= 10 ms | op=fast", "", rows);
        assertEquals(BarCheck.Status.MET, one.status());
        assertEquals("measured n=1: 5.00 ms", one.measured());
        BarCheck both = BarCheck.check("c", "solve <= 10 ms | n=1", "", rows);
        assertEquals(BarCheck.Status.NOT_MET, both.status());
        assertEquals("measured fast, n=1: 5.00 ms; slow, n=1: 20.0 ms", both.measured());
        assertEquals(BarCheck.Status.NOT_MEASURED, BarCheck.check("c", "solve <= 10 ms | op=none", "", rows).status());
    }

    @Test
    void sampleTimeBookkeepingReadsAsBackgroundButAnAllocatingPathDoesNot() {
        // 4 B/op at 0.3 MB/s: what JMH's sample recording costs a 13 µs operation
        Measurement sampled = new Measurement("c", "op", "a", "sample", "", 13, 0, "us/op", 4, 0.3, "");
        assertEquals("0 (4.00 background)", ResultsReport.alloc(List.of(sampled)));
        // the same rate in average-time mode is above its bookkeeping: shown
        Measurement averaged = new Measurement("c", "op", "a", "avgt", "", 13, 0, "us/op", 4, 0.3, "");
        assertEquals("4.00 (a)", ResultsReport.alloc(List.of(averaged)));
        // 32 B/op every 13 µs is 2.5 MB/s: shown in either mode
        Measurement allocating = new Measurement("c", "op", "a", "sample", "", 13, 0, "us/op", 32, 2.5, "");
        assertEquals("32.0 (a)", ResultsReport.alloc(List.of(allocating)));
    }

    @Test
    void throughputSpeedUpIsTheRatioOfScores() {
        Measurement a = new Measurement("c", "op", "a", "thrpt", "", 30, 0, "ops/s", 0, 0, "");
        Measurement b = new Measurement("c", "op", "b", "thrpt", "", 10, 0, "ops/s", 0, 0, "");
        assertEquals(3.0, ResultsReport.speedUp(a, b));
    }

    @Test
    void jsonReaderHandlesEscapesNestingAndLiterals() {
        Object value = Json.parse("{\"a\": [1, -2.5e3, true, null, \"x\\\"y\\u0041\"], \"b\": {}}");
        assertEquals("{a=[1.0, -2500.0, true, null, x\"yA], b={}}", value.toString());
        assertEquals(Double.NaN, Json.number("NaN"));
    }
}
