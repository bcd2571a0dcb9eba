/** The {@code rootgrad} command line and real-data examples of argmin differentiation. */
module org.rootgrad.examples {
    requires org.rootgrad.solvers;
    // InvalidDataException (exported) extends the engine's RootgradException
    requires transitive org.rootgrad.engine;
    requires info.picocli;
    requires com.google.gson;
    requires java.desktop;

    opens org.rootgrad.examples to info.picocli;
    exports org.rootgrad.examples.data;
}
