package org.rootgrad.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Runs the command line in-process with captured streams. */
final class Cli {
    private Cli() {}

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {

        /** stdout as exactly one JSON object (fails on trailing text). */
        JsonObject json() {
            try (JsonReader reader = new JsonReader(new StringReader(out))) {
                JsonObject o = JsonParser.parseReader(reader).getAsJsonObject();
                if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                    throw new AssertionError("stdout holds more than one JSON document:\n" + out);
                }
                return o;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** A bundled data set copied to a file, as a user's CSV would be. */
    static Path bundledFile(String name, Path dir) {
        try (InputStream in = Cli.class.getResourceAsStream("/datasets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /datasets/" + name);
            }
            Path file = dir.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
