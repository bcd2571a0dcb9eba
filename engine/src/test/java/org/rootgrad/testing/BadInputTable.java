package org.rootgrad.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.rootgrad.error.DimensionMismatchException;
import org.rootgrad.error.InvalidOptionException;
import org.rootgrad.error.NonFiniteException;
import org.rootgrad.error.RootgradException;

/**
 * A table of bad calls to public entry points, for the per-module audits of input validation
 * ({@code BadInputAuditTest} in each module). Every row names the entry point, the fault, the
 * exception type expected and the words its message must mention (any one of them, as a whole
 * word); the row passes only if the call throws that {@link RootgradException} subtype with such
 * a message. Anything else fails the row: no exception (a bad input accepted silently), a
 * {@link NullPointerException}, an {@link ArrayIndexOutOfBoundsException}, an
 * {@link IllegalArgumentException} or {@link IllegalStateException} (untyped), a typed exception
 * of the wrong kind, or a message that does not say what is wrong.
 *
 * <p>Rows are written by hand ({@link #add}) or generated from a call template ({@link #entry}):
 * the template names each argument and how to make a valid one, and the table tries every
 * argument in turn with every fault that applies to its kind (null, too short, too long, NaN,
 * infinity, a negative or out-of-range offset or size), all other arguments valid.
 *
 * <p>{@link #tests()} turns the rows into dynamic tests; {@link #summary()} counts the rows per
 * entry point with the exception types they produced, and {@link #writeSummary()} writes it to
 * {@code target/bad-input-audit/<module>.txt}. Not thread-safe (one table per test class).
 */
public final class BadInputTable {

    /** A call that may throw anything. */
    @FunctionalInterface
    public interface Call {
        void run() throws Throwable;
    }

    /** A call template: the arguments arrive as an {@link Args} in declaration order. */
    @FunctionalInterface
    public interface Template {
        void call(Args args) throws Throwable;
    }

    /** One bad call. */
    public record Row(String entryPoint, String fault, Class<? extends RootgradException> expected,
                      List<String> mentions, Call call) {
        @Override
        public String toString() {
            return entryPoint + ": " + fault;
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final String module;
    private final List<Row> rows = new ArrayList<>();
    /** Entry point → exception types seen (filled as the rows run). */
    private final Map<String, TreeSet<String>> outcomes = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>();

    public BadInputTable(String module) {
        this.module = module;
    }

    /**
     * A hand-written row: {@code call} must throw {@code expected} with a message mentioning one
     * of {@code mentions} (separated by {@code |}).
     */
    public BadInputTable add(String entryPoint, String fault, Class<? extends RootgradException> expected,
                             String mentions, Call call) {
        rows.add(new Row(entryPoint, fault, expected, List.of(mentions.split("\\|")), call));
        counts.merge(entryPoint, 1, Integer::sum);
        return this;
    }

    /**
     * A row for an input that the entry point does not scan (NaN in the right-hand side of a
     * dense solve, an iterate passed to an unchecked evaluator): the row passes if the call
     * either throws a typed exception or returns a result holding a NaN or an infinity, that is,
     * if the bad value is never laundered into a finite answer.
     */
    public BadInputTable propagates(String entryPoint, String fault, Supplier<double[]> result) {
        double[][] holder = new double[1][];
        rows.add(new Row(entryPoint, fault, null, List.of(), () -> holder[0] = result.get()));
        propagationResults.put(rows.get(rows.size() - 1), holder);
        counts.merge(entryPoint, 1, Integer::sum);
        return this;
    }

    private final Map<Row, double[][]> propagationResults = new java.util.IdentityHashMap<>();

    /** Starts a generated entry: declare its arguments in order, then {@link Entry#done()}. */
    public Entry entry(String entryPoint, Template template) {
        return new Entry(entryPoint, template);
    }

    /** The number of rows so far. */
    public int size() {
        return rows.size();
    }

    /** The rows as dynamic tests, one per bad call. */
    public Stream<DynamicTest> tests() {
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> check(row)));
    }

    private void check(Row row) {
        Throwable thrown = null;
        try {
            row.call().run();
        } catch (Throwable t) {
            thrown = t;
        }
        String seen = thrown == null ? "(accepted)" : thrown.getClass().getSimpleName();
        String problem;
        if (row.expected() == null) {
            double[] result = propagationResults.get(row)[0];
            boolean propagated = result != null && java.util.Arrays.stream(result).anyMatch(v -> !Double.isFinite(v));
            if (thrown == null) {
                seen = propagated ? "NaN propagated" : "(finite answer)";
                problem = propagated ? null : "returned a finite answer from a non-finite input: "
                        + java.util.Arrays.toString(result);
            } else {
                problem = thrown instanceof RootgradException ? null
                        : "untyped " + thrown.getClass().getName() + ": " + thrown.getMessage();
            }
        } else {
            problem = problem(row, thrown);
        }
        outcomes.computeIfAbsent(row.entryPoint(), k -> new TreeSet<>()).add(seen);
        if (problem != null) {
            failures.merge(row.entryPoint(), 1, Integer::sum);
            AssertionFailedError e = new AssertionFailedError(row + ": " + problem);
            if (thrown != null) {
                e.initCause(thrown);
            }
            throw e;
        }
    }

    private static String problem(Row row, Throwable thrown) {
        if (thrown == null) {
            return "accepted without an exception; expected " + row.expected().getSimpleName();
        }
        if (!(thrown instanceof RootgradException)) {
            return "untyped " + thrown.getClass().getName() + ": " + thrown.getMessage();
        }
        if (!row.expected().isInstance(thrown)) {
            return "threw " + thrown.getClass().getSimpleName() + " (" + thrown.getMessage() + "); expected "
                    + row.expected().getSimpleName();
        }
        String message = thrown.getMessage();
        for (String word : row.mentions()) {
            if (mentions(message, word)) {
                return null;
            }
        }
        return "message '" + message + "' names none of " + row.mentions();
    }

    /** Whether {@code word} occurs in {@code message} not as part of a longer identifier. */
    static boolean mentions(String message, String word) {
        if (message == null) {
            return false;
        }
        int from = 0;
        while (true) {
            int i = message.indexOf(word, from);
            if (i < 0) {
                return false;
            }
            int end = i + word.length();
            boolean before = i == 0 || !isIdentifierPart(message.charAt(i - 1));
            boolean after = end == message.length() || !isIdentifierPart(message.charAt(end));
            if (before && after) {
                return true;
            }
            from = i + 1;
        }
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Rows per entry point with the exception types they produced. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Bad-input audit of %s: %d bad calls to %d entry points%n",
                module, rows.size(), counts.size()));
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            TreeSet<String> types = outcomes.getOrDefault(e.getKey(), new TreeSet<>());
            int failed = failures.getOrDefault(e.getKey(), 0);
            s.append(String.format(Locale.ROOT, "%-60s %4d  %s%s%n", e.getKey(), e.getValue(),
                    String.join(", ", types), failed == 0 ? "" : "  FAILED " + failed));
        }
        return s.toString();
    }

    /** Writes {@link #summary()} to {@code target/bad-input-audit/<module>.txt} and returns it. */
    public String writeSummary() {
        String text = summary();
        try {
            Path dir = Path.of("target", "bad-input-audit");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(module + ".txt"), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return text;
    }

    /** The arguments of one call of a template. */
    public static final class Args {
        private final Object[] values;

        Args(Object[] values) {
            this.values = values;
        }

        public double[] d(int i) {
            return (double[]) values[i];
        }

        public int i(int i) {
            return (Integer) values[i];
        }

        public double x(int i) {
            return (Double) values[i];
        }

        @SuppressWarnings("unchecked")
        public <T> T o(int i) {
            return (T) values[i];
        }
    }

    /** What kind of argument, and so which faults apply. */
    private enum Kind { INPUT, OUTPUT, LENIENT, OFFSET, SIZE, LEADING, OPTION, OBJECT, FIXED }

    private record Arg(String name, Kind kind, Supplier<?> valid, List<String> mentions, boolean exact,
                       boolean finite, double[] badValues) {}

    /** A call template being declared; {@link #done()} generates its rows. */
    public final class Entry {
        private final String entryPoint;
        private final Template template;
        private final List<Arg> args = new ArrayList<>();

        Entry(String entryPoint, Template template) {
            this.entryPoint = entryPoint;
            this.template = template;
        }

        /**
         * A read-only array of exactly the valid length whose elements must be finite: null, too
         * short, too long, a NaN and an infinity are each rejected, naming it.
         */
        public Entry input(String name, Supplier<double[]> valid) {
            args.add(new Arg(name, Kind.INPUT, valid, List.of(name), true, true, null));
            return this;
        }

        /**
         * An array whose length is free (it sets a dimension) but whose elements must be finite:
         * null, a NaN and an infinity are rejected, naming it.
         */
        public Entry values(String name, Supplier<double[]> valid) {
            args.add(new Arg(name, Kind.INPUT, valid, List.of(name), false, true, null));
            return this;
        }

        /**
         * {@link #input} whose elements may be infinite (bounds packed into a parameter vector)
         * but not NaN: null, too short, too long and a NaN are rejected, naming it.
         */
        public Entry inputMayBeInfinite(String name, Supplier<double[]> valid) {
            args.add(new Arg(name, Kind.INPUT, valid, List.of(name), true, true, new double[] {Double.NaN}));
            return this;
        }

        /** {@link #input} whose elements are not checked for NaN (e.g. unchecked IEEE kernels). */
        public Entry data(String name, Supplier<double[]> valid) {
            args.add(new Arg(name, Kind.INPUT, valid, List.of(name), true, false, null));
            return this;
        }

        /** An output array of exactly the valid length: null, too short and too long are rejected. */
        public Entry output(String name, Supplier<double[]> valid) {
            args.add(new Arg(name, Kind.OUTPUT, valid, List.of(name), true, false, null));
            return this;
        }

        /**
         * An array that may be longer than needed (a view with an offset): null and too short
         * are rejected; NaN is checked if {@code finite}.
         */
        public Entry view(String name, Supplier<double[]> valid, boolean finite) {
            args.add(new Arg(name, Kind.LENIENT, valid, List.of(name), false, finite, null));
            return this;
        }

        /**
         * The offset into the array {@code array}: -1, one past the array's end and
         * Integer.MAX_VALUE are rejected, naming the array.
         */
        public Entry offset(String name, int valid, String array) {
            args.add(new Arg(name, Kind.OFFSET, () -> valid, List.of(array, name), false, false, null));
            return this;
        }

        /**
         * A size or count: -1 is rejected, and so is one far larger than the arrays (1 << 20),
         * each naming one of {@code mentions} ({@code |}-separated).
         */
        public Entry size(String name, int valid, String mentions) {
            args.add(new Arg(name, Kind.SIZE, () -> valid, List.of(mentions.split("\\|")), false, false, null));
            return this;
        }

        /** A size that only -1 faults (one larger than the arrays is legal or meaningless here). */
        public Entry count(String name, int valid, String mentions) {
            args.add(new Arg(name, Kind.SIZE, () -> valid, List.of(mentions.split("\\|")), true, false, null));
            return this;
        }

        /**
         * A scalar option or parameter: NaN and +∞ and each of {@code bad} are rejected with an
         * {@link InvalidOptionException} or a {@link NonFiniteException} naming it.
         */
        public Entry option(String name, double valid, double... bad) {
            args.add(new Arg(name, Kind.OPTION, () -> valid, List.of(name), false, false, bad));
            return this;
        }

        /** An integer option: each of {@code bad} is rejected with an InvalidOptionException or DimensionMismatchException. */
        public Entry intOption(String name, int valid, int... bad) {
            double[] asDoubles = new double[bad.length];
            for (int k = 0; k < bad.length; k++) {
                asDoubles[k] = bad[k];
            }
            args.add(new Arg(name, Kind.OPTION, () -> valid, List.of(name), true, false, asDoubles));
            return this;
        }

        /**
         * The leading dimension of the matrix in array {@code array} with {@code columns} columns:
         * {@code columns - 1} (and 0) are rejected, naming the array.
         */
        public Entry leading(String name, int valid, int columns, String array) {
            args.add(new Arg(name, Kind.LEADING, () -> valid, List.of(array, name), false, false,
                    new double[] {columns - 1}));
            return this;
        }

        /** An object argument: null is rejected naming one of {@code mentions} ({@code |}-separated). */
        public Entry object(String name, Supplier<?> valid, String mentions) {
            args.add(new Arg(name, Kind.OBJECT, valid, List.of(mentions.split("\\|")), false, false, null));
            return this;
        }

        /** An argument that is not faulted. */
        public Entry fixed(Object value) {
            args.add(new Arg("", Kind.FIXED, () -> value, List.of(), false, false, null));
            return this;
        }

        /** An argument that is not faulted, made fresh for every call. */
        public Entry fresh(Supplier<?> value) {
            args.add(new Arg("", Kind.FIXED, value, List.of(), false, false, null));
            return this;
        }

        /** Generates the rows and returns the table. */
        public BadInputTable done() {
            for (int k = 0; k < args.size(); k++) {
                Arg a = args.get(k);
                int at = k;
                String mentions = String.join("|", a.mentions());
                switch (a.kind()) {
                    case INPUT, OUTPUT, LENIENT -> {
                        row(a.name() + " null", DimensionMismatchException.class, mentions, at, v -> null);
                        int length = ((double[]) a.valid().get()).length;
                        if (length > 0 && (a.exact() || a.kind() != Kind.INPUT)) {
                            row(a.name() + " too short", DimensionMismatchException.class, mentions, at,
                                    v -> java.util.Arrays.copyOf((double[]) v, length - 1));
                        }
                        if (a.exact()) {
                            row(a.name() + " too long", DimensionMismatchException.class, mentions, at,
                                    v -> java.util.Arrays.copyOf((double[]) v, length + 1));
                        }
                        if (a.finite() && length > 0) {
                            int bad = length / 2;
                            finiteRow(a.name() + "[" + bad + "] NaN", a.name(), bad, at, Double.NaN);
                            if (a.badValues() == null) { // else infinities are legal values
                                finiteRow(a.name() + "[" + bad + "] +Infinity", a.name(), bad, at,
                                        Double.POSITIVE_INFINITY);
                            }
                        }
                    }
                    case OFFSET -> {
                        row(a.name() + " = -1", DimensionMismatchException.class, mentions, at, v -> -1);
                        row(a.name() + " = Integer.MAX_VALUE", DimensionMismatchException.class, mentions, at,
                                v -> Integer.MAX_VALUE);
                        int arrayIndex = indexOf(a.mentions().get(0));
                        rowWith(a.name() + " past the end", DimensionMismatchException.class, mentions, values -> {
                            values[at] = ((double[]) values[arrayIndex]).length;
                        });
                    }
                    case SIZE -> {
                        row(a.name() + " = -1", DimensionMismatchException.class, mentions, at, v -> -1);
                        if (!a.exact()) {
                            row(a.name() + " = 2^20 (beyond the arrays)", DimensionMismatchException.class, mentions,
                                    at, v -> 1 << 20);
                        }
                    }
                    case LEADING -> {
                        int smaller = (int) a.badValues()[0];
                        row(a.name() + " = " + smaller + " (fewer than the columns)", DimensionMismatchException.class,
                                mentions, at, v -> smaller);
                        if (smaller != 0) {
                            row(a.name() + " = 0", DimensionMismatchException.class, mentions, at, v -> 0);
                        }
                    }
                    case OPTION -> {
                        if (a.exact()) {
                            for (double bad : a.badValues()) {
                                int value = (int) bad;
                                row(a.name() + " = " + value, RootgradException.class, mentions, at, v -> value);
                            }
                        } else {
                            row(a.name() + " = NaN", RootgradException.class, mentions, at, v -> Double.NaN);
                            row(a.name() + " = +Infinity", RootgradException.class, mentions, at,
                                    v -> Double.POSITIVE_INFINITY);
                            for (double bad : a.badValues()) {
                                row(a.name() + " = " + bad, RootgradException.class, mentions, at, v -> bad);
                            }
                        }
                    }
                    case OBJECT -> row(a.name() + " null", RootgradException.class, mentions, at, v -> null);
                    case FIXED -> { }
                }
            }
            return BadInputTable.this;
        }

        private int indexOf(String name) {
            for (int k = 0; k < args.size(); k++) {
                if (args.get(k).name().equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no argument named " + name + " in " + entryPoint);
        }

        private void finiteRow(String fault, String name, int bad, int at, double value) {
            Call call = () -> {
                Object[] values = validValues();
                double[] array = ((double[]) values[at]).clone();
                array[bad] = value;
                values[at] = array;
                try {
                    template.call(new Args(values));
                } catch (NonFiniteException e) {
                    // when the check names the argument itself, it must also give the first bad index
                    if (e.argument() != null && e.argument().equals(name) && e.index() != bad) {
                        throw new AssertionFailedError(entryPoint + ": " + fault + " reported index "
                                + e.index() + " instead of " + bad, e);
                    }
                    throw e;
                }
            };
            add(entryPoint, fault, NonFiniteException.class, name, call);
        }

        private void row(String fault, Class<? extends RootgradException> expected, String mentions, int at,
                         java.util.function.UnaryOperator<Object> replace) {
            rowWith(fault, expected, mentions, values -> values[at] = replace.apply(values[at]));
        }

        private void rowWith(String fault, Class<? extends RootgradException> expected, String mentions,
                             java.util.function.Consumer<Object[]> change) {
            add(entryPoint, fault, expected, mentions, () -> {
                Object[] values = validValues();
                change.accept(values);
                template.call(new Args(values));
            });
        }

        private Object[] validValues() {
            Object[] values = new Object[args.size()];
            for (int k = 0; k < values.length; k++) {
                Object v = args.get(k).valid().get();
                values[k] = v instanceof double[] array ? array.clone() : v;
            }
            return values;
        }

        /** Runs the template once with valid arguments (a sanity check of the template itself). */
        public Entry valid() {
            try {
                template.call(new Args(validValues()));
            } catch (Throwable t) {
                throw new AssertionError(entryPoint + ": the valid call of the template failed", t);
            }
            return this;
        }
    }
}
