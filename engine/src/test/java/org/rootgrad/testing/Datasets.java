package org.rootgrad.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Numeric CSV data sets for tests, parsed with plain string splitting (independent of the code
 * under test). Each module's tests carry their own copy of the files under {@code /datasets/} on
 * the test class path (the engine's test jar leaves them out). Stateless, so thread-safe.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * A regression table: {@code x} holds {@code rows × features} row-major, {@code y} the target
     * (one entry per row). The arrays are not copied.
     */
    public record Table(int rows, int features, double[] x, double[] y) {}

    /**
     * Reads a class-path resource (e.g. {@code "/datasets/diabetes.csv"}): one header line, then
     * rows of comma-separated numbers whose last column is the target.
     *
     * @throws IllegalStateException if the resource is not on the class path
     * @throws UncheckedIOException if it cannot be read
     * @throws NumberFormatException if a cell is not a number
     */
    public static Table csv(String resource) {
        InputStream stream = Datasets.class.getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalStateException(resource + " is not on the test class path");
        }
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            reader.readLine();
            List<double[]> lines = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null; ) {
                String[] cells = line.split(",");
                double[] row = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    row[j] = Double.parseDouble(cells[j]);
                }
                lines.add(row);
            }
            int rows = lines.size();
            int features = lines.get(0).length - 1;
            double[] x = new double[rows * features];
            double[] y = new double[rows];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(lines.get(i), 0, x, i * features, features);
                y[i] = lines.get(i)[features];
            }
            return new Table(rows, features, x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
