package org.rootgrad.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a benchmark learns besides its time (iterations, accuracy reached, bytes recorded),
 * recorded for the results report: each line goes to the file named by the environment variable
 * {@value #ENVIRONMENT} (set by {@code bench/run}; forked JVMs inherit it) as
 * {@code class TAB params TAB text}, and the report prints it under the class's table. Without
 * the variable nothing is written. Called from setup and tear-down methods, never timed code.
 */
public final class Facts {
    /** The environment variable naming the facts file. */
    public static final String ENVIRONMENT = "ROOTGRAD_BENCH_FACTS";

    private Facts() {}

    /**
     * Records a fact about a benchmark state; also printed on standard output.
     *
     * @param benchmark the benchmark class
     * @param params    its parameters as "name=value" pairs joined by ", " in name order (as the
     *                  report prints them), or "" for facts of every row
     * @param text      the fact, one line
     */
    public static void record(Class<?> benchmark, String params, String text) {
        String line = text.replace('\n', ' ').replace('\t', ' ');
        System.out.println("[fact] " + (params.isEmpty() ? "" : params + ": ") + line);
        // getClass() in a benchmark is JMH's generated subclass: report under the class itself
        Class<?> named = benchmark;
        while (named.getName().contains(".jmh_generated.") && named.getSuperclass() != null) {
            named = named.getSuperclass();
        }
        String file = System.getenv(ENVIRONMENT);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), named.getName() + '\t' + params + '\t' + line + '\n',
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("Facts: cannot append to " + file + ": " + e);
        }
    }

    /** "name=value" pairs in name order, as the report prints parameters. */
    public static String params(Object... nameValuePairs) {
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            sorted.put(String.valueOf(nameValuePairs[i]), String.valueOf(nameValuePairs[i + 1]));
        }
        return Measurement.formatParams(sorted);
    }
}
