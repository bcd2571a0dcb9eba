package org.rootgrad.examples;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for long runs: redrawn in place when stderr is a terminal,
 * printed at every tenth of the work otherwise (so logs stay short), and silent when disabled.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final int total;
    private final boolean enabled;
    private final boolean interactive;
    private int lastDecile = -1;

    ProgressBar(PrintWriter err, String label, int total, boolean enabled) {
        this.err = err;
        this.label = label;
        this.total = Math.max(1, total);
        this.enabled = enabled;
        java.io.Console console = System.console();
        this.interactive = console != null && console.isTerminal();
    }

    /** Reports that {@code done} of the total steps are finished, with a short status text. */
    void update(int done, String status) {
        if (!enabled) {
            return;
        }
        int filled = (int) ((long) WIDTH * done / total);
        String bar = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "]";
        String line = String.format(Locale.ROOT, "%s %s %3d%% %s", label, bar, 100L * done / total, status);
        if (interactive) {
            err.print("\r" + line + "\u001b[K");
            if (done >= total) {
                err.println();
            }
            err.flush();
        } else {
            int decile = (int) (10L * done / total);
            if (decile != lastDecile) {
                lastDecile = decile;
                err.println(line);
                err.flush();
            }
        }
    }
}
