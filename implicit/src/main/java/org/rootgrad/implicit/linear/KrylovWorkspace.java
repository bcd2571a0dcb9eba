package org.rootgrad.implicit.linear;

import org.rootgrad.error.Status;

/**
 * What every lockstep Krylov solve keeps per right-hand side j: the residual r[j], the
 * tolerance, the last verified true residual norm, the event of the last step, and the active
 * set; plus reference slots for block products. Method-specific vectors live in subclasses.
 */
abstract class KrylovWorkspace extends SolverWorkspace {
    /** Nothing happened to the column in this step. */
    static final int NONE = 0;
    /** The recurrence claims convergence: verify with the true residual. */
    static final int CHECK = 1;
    /** A restart is due (GMRES cycle end): compute the true residual and start again. */
    static final int RESTART = 2;
    /** The column stopped with {@link #terminal}[j]. */
    static final int TERMINAL = 3;
    /** The column's result is final. */
    static final int FINISHED = 4;

    final int n;
    final double[][] r;
    final double[] tolerance;
    final double[] lastResidual;
    final double[] residualNorm;
    final double[] terminalValue;
    final Status[] terminal;
    final int[] iterations;
    final int[] event;
    final int[] active;
    int activeCount;
    final int[] pick;
    final double[][] in;
    final double[][] out;
    final double[] dots;

    /** The arrays of the running solve; cleared afterwards so no user array is retained. */
    double[][] b;
    double[][] x;

    final double[][] singleB = new double[1][];
    final double[][] singleX = new double[1][];
    final SolveResult[] singleTarget = {single};

    KrylovWorkspace(int n, int columns) {
        super(n, columns);
        this.n = n;
        this.r = new double[columns][n];
        this.tolerance = new double[columns];
        this.lastResidual = new double[columns];
        this.residualNorm = new double[columns];
        this.terminalValue = new double[columns];
        this.terminal = new Status[columns];
        this.iterations = new int[columns];
        this.event = new int[columns];
        this.active = new int[columns];
        this.pick = new int[columns];
        this.in = new double[columns][];
        this.out = new double[columns][];
        this.dots = new double[columns];
    }

    /** Ends column j's step with a final status (the driver then reports its true residual). */
    final void stop(int j, Status status, double value) {
        event[j] = TERMINAL;
        terminal[j] = status;
        terminalValue[j] = value;
    }
}
