package org.rootgrad.examples.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a numeric CSV table: a header row of column names, then one row per sample, comma
 * separated, the target in the last column. Every malformed input (missing file, empty table,
 * ragged row, non-numeric or non-finite cell) is rejected with one {@link InvalidDataException}
 * whose message names the file, line and column.
 */
public final class Csv {
    private Csv() {}

    /** The data sets bundled with Rootgrad, by file name ("diabetes.csv", ...). */
    public static Dataset bundled(String fileName) {
        String resource = "/org/rootgrad/examples/datasets/" + fileName;
        try (InputStream in = Csv.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidDataException("no bundled data set named " + fileName);
            }
            return read(fileName, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidDataException("cannot read bundled " + fileName + ": " + e.getMessage(), e);
        }
    }

    /** Reads a CSV file from disk. */
    public static Dataset read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidDataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads CSV text; {@code name} is used in messages. */
    public static Dataset read(String name, Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String headerLine = in.readLine();
        int lineNo = 1;
        while (headerLine != null && headerLine.isBlank()) {
            headerLine = in.readLine();
            lineNo++;
        }
        if (headerLine == null) {
            throw new InvalidDataException(name + ": the file is empty (expected a header row)");
        }
        String[] header = split(headerLine);
        int width = header.length;
        if (width < 2) {
            throw new InvalidDataException(name + ": the header has " + width
                    + " column; need at least one feature and a target column");
        }
        List<double[]> rows = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line);
            if (cells.length != width) {
                throw new InvalidDataException(name + " line " + lineNo + ": " + cells.length
                        + " cells, but the header has " + width + " columns");
            }
            double[] row = new double[width];
            for (int j = 0; j < width; j++) {
                row[j] = parse(name, lineNo, header[j], j, cells[j]);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new InvalidDataException(name + ": no data rows after the header");
        }
        int n = rows.size();
        int p = width - 1;
        double[] x = new double[n * p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = rows.get(i);
            System.arraycopy(row, 0, x, i * p, p);
            y[i] = row[p];
        }
        String[] features = new String[p];
        System.arraycopy(header, 0, features, 0, p);
        return new Dataset(name, features, n, p, x, y);
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    private static double parse(String name, int lineNo, String column, int j, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new InvalidDataException(name + " line " + lineNo + ", column " + (j + 1)
                    + " ('" + column + "'): '" + cell + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new InvalidDataException(name + " line " + lineNo + ", column " + (j + 1)
                    + " ('" + column + "'): '" + cell + "' is not a finite number");
        }
        return v;
    }
}
