package org.ttfp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ttfp.fp.FpMethod;
import org.ttfp.fp.FpProblem;
import org.ttfp.fp.FpSolver;
import org.ttfp.fp.Solution;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.Rounding;
import org.ttfp.tt.TensorTrain;

/**
 * Deterministic against randomized rounding on tensors of a Fokker–Planck solve (a CLI check, not
 * part of the JMH suite): W6's split path (TT-cross per step) is solved with every step kept; the
 * inputs are the sums p_j + p_{j+1} of consecutive solver densities (ranks add, as in any
 * multi-stage time step), rounded with the solver problem's own eps and rank cap by both methods.
 * Printed per input: ranks, median time of {@value #REPEATS} calls, and the relative error
 * ‖round(x) − x‖_F / ‖x‖_F computed by {@link TtDistance} (no Gram matrix).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.ttfp.bench.FpRoundingCheck [d] [steps] [backend]}
 * (defaults 10, 20, openblas).
 */
public final class FpRoundingCheck {
    /** Timed calls per input and method. */
    static final int REPEATS = 5;

    private FpRoundingCheck() {}

    /** One rounding call measured. */
    record Measured(String method, int[] ranks, double seconds, double relError) {}

    /** Rounds x by the method {@link #REPEATS} times; median time, result's ranks and error. */
    static Measured measure(TensorTrain x, double eps, int maxRank, Rounding method) {
        double[] t = new double[REPEATS];
        TensorTrain out = null;
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            out = x.round(eps, maxRank, method);
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(t);
        double err = Math.exp(TtDistance.logDistance(out, x, 1.0) - x.logNorm());
        return new Measured(method.name(), out.ranks(), t[REPEATS / 2], err);
    }

    /** The inputs p_j + p_{j+1} from a solve of W6's split path in d dimensions with the given steps. */
    static List<TensorTrain> inputs(Solution sol) {
        List<TensorTrain> in = new ArrayList<>();
        for (int j = 0; j + 1 < sol.snapshotCount(); j++) {
            in.add(sol.snapshot(j).add(sol.snapshot(j + 1)));
        }
        return in;
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) {
        int d = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Backend be = Backends.byName(args.length > 2 ? args[2] : "openblas");
        FpProblem pr = W6FpSolve.problem(be, d, W6FpSolve.NODES, steps, FpMethod.SPLIT, true);
        FpSolver.Settings st = W6FpSolve.settings(be, FpMethod.SPLIT);
        long t0 = System.nanoTime();
        Solution sol = W6FpSolve.solve(pr, st);
        System.out.printf(Locale.ROOT, "# W6 split path d = %d, %d steps: solved in %.1f s; rounding eps %.1e, rank cap %d%n",
                d, steps, (System.nanoTime() - t0) * 1e-9, st.eps(), st.maxRank());
        System.out.println("| input | input max rank | method | output max rank | median time | rel. error |");
        System.out.println("|---|---|---|---|---|---|");
        double[] sum = new double[2];
        List<TensorTrain> in = inputs(sol);
        for (int j = 0; j < in.size(); j++) {
            TensorTrain x = in.get(j);
            int m = 0;
            for (Rounding method : Rounding.values()) {
                Measured r = measure(x, st.eps(), st.maxRank(), method);
                sum[m++] += r.seconds();
                System.out.printf(Locale.ROOT, "| p%d + p%d | %d | %s | %d | %.2f ms | %.2e |%n", j, j + 1, x.maxRank(), r.method(),
                        Arrays.stream(r.ranks()).max().getAsInt(), r.seconds() * 1e3, r.relError());
            }
        }
        System.out.printf(Locale.ROOT, "# total of the medians: deterministic %.1f ms, randomized %.1f ms (%d inputs)%n",
                sum[0] * 1e3, sum[1] * 1e3, in.size());
    }
}
