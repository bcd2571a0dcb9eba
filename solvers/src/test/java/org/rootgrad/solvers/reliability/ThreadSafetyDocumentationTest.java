package org.rootgrad.solvers.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the core modules (engine, autodiff, implicit, solvers; internal packages
 * excepted) says in its Javadoc how it may be shared between threads: immutable and shareable,
 * stateless, or per thread with {@code fork()} / {@code newWorkspace()}. Reads the sources next to
 * this module (the test runs with the module directory as working directory).
 */
class ThreadSafetyDocumentationTest {
    private static final Pattern DECLARATION = Pattern.compile(
            "^(\\s*)public\\s+(?:static\\s+)?(?:final\\s+|abstract\\s+|sealed\\s+)*(class|interface|record|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern JAVADOC_AT_END = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*$", Pattern.DOTALL);
    private static final Pattern THREAD_SAFETY = Pattern.compile("[Tt]hread|[Ii]mmutable|shareable|[Ss]tateless");

    @Test
    void everyPublicTypeDocumentsItsThreadSafety() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> missing = new ArrayList<>();
        int types = 0;
        for (String module : new String[] {"engine", "autodiff", "implicit", "solvers"}) {
            Path sources = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(sources), "sources of " + module + " at " + sources);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(sources)) {
                files = walk.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                        .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                        .filter(p -> !p.toString().contains("/internal/"))
                        .toList();
            }
            for (Path file : files) {
                String source = Files.readString(file);
                Matcher m = DECLARATION.matcher(source);
                while (m.find()) {
                    types++;
                    Matcher doc = JAVADOC_AT_END.matcher(source.substring(0, m.start()));
                    String javadoc = doc.find() ? doc.group(1) : "";
                    if (!THREAD_SAFETY.matcher(javadoc).find()) {
                        missing.add(root.relativize(file) + ": " + m.group(2) + " " + m.group(3));
                    }
                }
            }
        }
        assertTrue(types > 100, "found only " + types + " public types: is the source layout unchanged?");
        assertTrue(missing.isEmpty(), "public types without a thread-safety sentence:\n" + String.join("\n", missing));
    }
}
