package org.rootgrad.examples;

import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.examples.data.Dataset;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A range of data rows written {@code a:b}: 0-based and half-open, the rows a, a + 1, …, b − 1
 * counted after the header (so {@code 0:10} is the first ten data rows).
 *
 * @param from the first row, ≥ 0
 * @param to   one past the last row
 */
record RowRange(int from, int to) {

    /** Parses {@code a:b}; anything else is a usage error naming the expected form. */
    static final class Converter implements ITypeConverter<RowRange> {
        @Override
        public RowRange convert(String value) {
            String[] parts = value.split(":", -1);
            if (parts.length == 2) {
                try {
                    int a = Integer.parseInt(parts[0].strip());
                    int b = Integer.parseInt(parts[1].strip());
                    if (a >= 0 && b >= 0) {
                        return new RowRange(a, b);
                    }
                } catch (NumberFormatException e) {
                    // fall through to the message below
                }
            }
            throw new TypeConversionException("'" + value + "' is not a row range a:b (two non-negative integers;"
                    + " 0-based, half-open: rows a to b − 1)");
        }
    }

    /**
     * The selected rows of {@code data}.
     *
     * @throws InvalidOptionException if the range selects no rows or goes past the data
     */
    Dataset select(String option, Dataset data) {
        if (to <= from) {
            throw new InvalidOptionException(option + " " + this + " selects no rows (a:b means rows a to b − 1;"
                    + " it needs a < b)");
        }
        if (to > data.rows()) {
            throw new InvalidOptionException(option + " " + this + " goes past the " + data.rows() + " data rows of "
                    + data.name() + " (rows are numbered 0 to " + (data.rows() - 1) + ")");
        }
        return data.rows(from, to);
    }

    @Override
    public String toString() {
        return from + ":" + to;
    }
}
