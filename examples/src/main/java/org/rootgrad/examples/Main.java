package org.rootgrad.examples;

import java.io.PrintWriter;
import org.rootgrad.error.RootgradException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code rootgrad} command line. Every failure the library reports on purpose
 * (bad data, bad options, a solver that did not converge, an unwritable output) ends as one line
 * on stderr and exit code 1 (2 for usage errors); a stack trace means a bug.
 */
@Command(name = "rootgrad", mixinStandardHelpOptions = true, version = "rootgrad 0.1.0",
        description = "Argmin differentiation on the JVM: implicit derivatives of iterative solvers.",
        subcommands = {RidgeCommand.class, LassoCommand.class, LogregCommand.class, DistillCommand.class,
            SparseCodingCommand.class, JacobianCommand.class, KernelsCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
            failed.getErr().flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof RootgradException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("rootgrad " + commandLine.getCommandName() + ": " + e.getMessage());
                commandLine.getErr().flush();
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
