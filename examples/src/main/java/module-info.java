/** The {@code rootgrad} command line and real-data examples of argmin differentiation. */
module org.rootgrad.examples {
    requires org.rootgrad.solvers;
    requires info.picocli;
    requires com.google.gson;
    requires java.desktop;

    opens org.rootgrad.examples to info.picocli;
    exports org.rootgrad.examples.data;
}
