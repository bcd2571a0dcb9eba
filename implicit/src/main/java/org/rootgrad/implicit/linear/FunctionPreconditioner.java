package org.rootgrad.implicit.linear;

/** A user-supplied M⁻¹. */
final class FunctionPreconditioner implements Preconditioner {
    private final int n;
    private final VectorMap inverse;
    private final boolean spd;

    FunctionPreconditioner(int n, VectorMap inverse, boolean spd) {
        this.n = n;
        this.inverse = inverse;
        this.spd = spd;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public void apply(double[] r, double[] z) {
        inverse.apply(r, z);
    }

    @Override
    public boolean isSymmetricPositiveDefinite() {
        return spd;
    }

    @Override
    public String toString() {
        return "user preconditioner (n = " + n + (spd ? ", SPD)" : ")");
    }
}
