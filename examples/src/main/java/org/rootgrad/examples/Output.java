package org.rootgrad.examples;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command's output goes. Text mode: the report on stdout. JSON mode ({@code --json}):
 * stdout holds exactly one JSON document, written at the end; the human-readable report and every
 * message go to stderr. Progress bars always go to stderr.
 */
final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Output(CommandSpec spec, boolean json) {
        this.out = spec.commandLine().getOut();
        this.err = spec.commandLine().getErr();
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** A line of the report: stdout in text mode, stderr in JSON mode. */
    void line(String format, Object... args) {
        PrintWriter w = json ? err : out;
        w.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        w.flush();
    }

    /** A progress bar on stderr, shown in both modes unless {@code enabled} is false. */
    ProgressBar progress(String label, int total, boolean enabled) {
        return new ProgressBar(err, label, total, enabled);
    }

    /** Prints the JSON document on stdout (JSON mode only; nothing in text mode). */
    void document(JsonObject document) {
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(document));
            out.flush();
        }
    }

    /** A JSON number, or null for NaN and infinities (JSON has no such numbers). */
    static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    /** A JSON array of numbers (non-finite values as null). */
    static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) {
            a.add(number(v));
        }
        return a;
    }
}
