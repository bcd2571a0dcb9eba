package org.rootgrad.bench.engine;

import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.EXPM1;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.TANH;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rootgrad.bench.report.Compare;
import org.rootgrad.engine.ArrayKernels;

/**
 * Do the engine's own vector transcendentals (bit-reproducible across JIT tiers) cost more than
 * the Vector API's {@code lanewise(EXP)} etc., which C2 compiles to SVML calls? Each op runs on
 * the same L1-resident input three ways: {@code panama} (ArrayKernels.panama()), {@code svml}
 * (a plain lanewise loop with a scalar tail, written here) and {@code scalar} ({@link Math} per
 * element, the scalar twin). Inputs span the range where each function is not trivially
 * saturated: exp and expm1 on [−20, 20], log on [1e−3, 1e3], log1p on [−0.9, 100], tanh on
 * [−5, 5], sigmoid and softplus on [−30, 30].
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Compare({"panama/svml", "panama/scalar"})
public class TranscendentalsBenchmark {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Param({"1000"})
    int n;

    double[] wide;
    double[] positive;
    double[] aboveMinusOne;
    double[] moderate;
    double[] logits;
    double[] out;
    ArrayKernels panama;
    ArrayKernels scalar;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        wide = random.doubles(n, -20, 20).toArray();
        positive = random.doubles(n, -3, 3).map(e -> Math.pow(10, e)).toArray();
        aboveMinusOne = random.doubles(n, -0.9, 100).toArray();
        moderate = random.doubles(n, -5, 5).toArray();
        logits = random.doubles(n, -30, 30).toArray();
        out = new double[n];
        panama = ArrayKernels.panama();
        scalar = ArrayKernels.scalar();
    }

    // One loop per operator, so that the operator is a constant wherever C2 compiles it (a
    // shared loop taking the operator as an argument would run the Java fallback).

    private static void svmlExp(int n, double[] x, double[] y) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(EXP).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.exp(x[i]);
        }
    }

    private static void svmlExpm1(int n, double[] x, double[] y) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(EXPM1).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.expm1(x[i]);
        }
    }

    private static void svmlLog(int n, double[] x, double[] y) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(LOG).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.log(x[i]);
        }
    }

    private static void svmlLog1p(int n, double[] x, double[] y) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(LOG1P).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.log1p(x[i]);
        }
    }

    private static void svmlTanh(int n, double[] x, double[] y) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(TANH).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.tanh(x[i]);
        }
    }

    @Benchmark
    public double[] exp_panama() {
        panama.exp(n, wide, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] exp_svml() {
        svmlExp(n, wide, out);
        return out;
    }

    @Benchmark
    public double[] exp_scalar() {
        scalar.exp(n, wide, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] expm1_panama() {
        panama.expm1(n, wide, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] expm1_svml() {
        svmlExpm1(n, wide, out);
        return out;
    }

    @Benchmark
    public double[] expm1_scalar() {
        scalar.expm1(n, wide, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] log_panama() {
        panama.log(n, positive, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] log_svml() {
        svmlLog(n, positive, out);
        return out;
    }

    @Benchmark
    public double[] log_scalar() {
        scalar.log(n, positive, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] log1p_panama() {
        panama.log1p(n, aboveMinusOne, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] log1p_svml() {
        svmlLog1p(n, aboveMinusOne, out);
        return out;
    }

    @Benchmark
    public double[] log1p_scalar() {
        scalar.log1p(n, aboveMinusOne, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] tanh_panama() {
        panama.tanh(n, moderate, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] tanh_svml() {
        svmlTanh(n, moderate, out);
        return out;
    }

    @Benchmark
    public double[] tanh_scalar() {
        scalar.tanh(n, moderate, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] sigmoid_panama() {
        panama.sigmoid(n, logits, 0, out, 0);
        return out;
    }

    /** The previous Vector API sigmoid: (v ≥ 0 ? 1 : e)/(1 + e) with e = lanewise(EXP) of −|v|. */
    @Benchmark
    public double[] sigmoid_svml() {
        int i = 0;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, logits, i);
            DoubleVector e = v.abs().neg().lanewise(EXP);
            e.blend(one, v.compare(VectorOperators.GE, 0.0)).div(e.add(1.0)).intoArray(out, i);
        }
        for (; i < n; i++) {
            double e = Math.exp(-Math.abs(logits[i]));
            out[i] = logits[i] >= 0 ? 1 / (1 + e) : e / (1 + e);
        }
        return out;
    }

    @Benchmark
    public double[] sigmoid_scalar() {
        scalar.sigmoid(n, logits, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] softplus_panama() {
        panama.softplus(n, logits, 0, out, 0);
        return out;
    }

    /** The previous Vector API softplus: max(v, 0) + log1p(e^(−|v|)) with lanewise EXP and LOG1P. */
    @Benchmark
    public double[] softplus_svml() {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, logits, i);
            v.max(0.0).add(v.abs().neg().lanewise(EXP).lanewise(LOG1P)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = Math.max(logits[i], 0) + Math.log1p(Math.exp(-Math.abs(logits[i])));
        }
        return out;
    }

    @Benchmark
    public double[] softplus_scalar() {
        scalar.softplus(n, logits, 0, out, 0);
        return out;
    }
}
