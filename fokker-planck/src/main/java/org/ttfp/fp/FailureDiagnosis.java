package org.ttfp.fp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.tt.TensorTrain;

/**
 * Measured evidence on why a density is untrustworthy, and which of box, grid, rank or step it
 * points to. Each number is a measurement on the TT itself:
 * <ul>
 *   <li><b>faces</b>: for every axis i, max(|m_i(a_i)|, |m_i(b_i)|) / max |m_i|, m_i the 1-D
 *       marginal on axis i. Above {@link #FACE_LIMIT} the density reaches the box faces (box too
 *       small: mass leaves through them).</li>
 *   <li><b>tail</b>: for every axis, ‖c_tail‖ / ‖c‖, the part of the TT's Chebyshev coefficients
 *       along that axis in the last max(2, n/8) degrees (coefficients along one mode by
 *       {@link ChebyshevGrid#valuesToCoefficients()}, norms of whole TTs). Above
 *       {@link #TAIL_LIMIT} the grid does not resolve the density (refine n).</li>
 *   <li><b>rank</b>: the largest TT rank against the cap; at the cap the rounding truncates
 *       (raise the rank cap).</li>
 *   <li><b>step</b> (when measured by the caller): the failing measure of the step (its mass change
 *       |m_k/m_{k−1} − 1|, or the negativity) after one step of h and after two steps of h/2 from the
 *       same density; when halving the step reduces it by more than {@link #STEP_RATIO} the time
 *       step is at fault.</li>
 * </ul>
 * Cost: d marginals and 2d mode products with n x n matrices, ≈ 4 Σ_k r² n² flops.
 */
record FailureDiagnosis(double[] faces, double[] tails, int rank, int rankCap, double stepMeasure,
        double halfStepMeasure) {

    /** Marginal at a face above this fraction of its maximum: the box is too small. */
    static final double FACE_LIMIT = 1e-6;
    /** Chebyshev tail above this fraction of the norm: the grid is too coarse. */
    static final double TAIL_LIMIT = 1e-6;
    /** Halving the step reduces the failing measure by more than this: the step is too large. */
    static final double STEP_RATIO = 3.0;

    /** Measures faces, tails and rank of p (the step measures NaN). */
    static FailureDiagnosis of(ChebyshevBox box, TensorTrain p, int rankCap) {
        int d = box.dim();
        double[] faces = new double[d];
        double[] tails = new double[d];
        double norm = p.norm();
        for (int i = 0; i < d; i++) {
            double[] m = box.marginal(p, i).full();
            double max = 0;
            for (double v : m) {
                max = Math.max(max, Math.abs(v));
            }
            faces[i] = max > 0 ? Math.max(Math.abs(m[0]), Math.abs(m[m.length - 1])) / max : Double.NaN;
            ChebyshevGrid g = box.axis(i);
            int n = g.size(), q = Math.max(2, n / 8);
            double[] c = g.valuesToCoefficients();
            double[] tail = new double[q * n];
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < q; k++) {
                    tail[k + q * j] = c[(n - q + k) + n * j];
                }
            }
            double all = p.applyAlongMode(i, c, n).norm();
            tails[i] = all > 0 ? p.applyAlongMode(i, tail, q).norm() / all : (norm > 0 ? 0 : Double.NaN);
        }
        return new FailureDiagnosis(faces, tails, p.maxRank(), rankCap, Double.NaN, Double.NaN);
    }

    /** The same evidence with the step measurements (measure after h, after two h/2). */
    FailureDiagnosis withStep(double atStep, double atHalfSteps) {
        return new FailureDiagnosis(faces, tails, rank, rankCap, atStep, atHalfSteps);
    }

    /**
     * The causes the evidence points to, most likely first ("box", "grid", "rank", "step"). A rank
     * at the cap comes first: a truncated TT also has a large Chebyshev tail and can reach the faces,
     * so those measures are then secondary.
     */
    List<String> causes() {
        List<String> c = new ArrayList<>();
        if (rank >= rankCap) {
            c.add("rank");
        }
        if (max(faces) > FACE_LIMIT) {
            c.add("box");
        }
        if (max(tails) > TAIL_LIMIT) {
            c.add("grid");
        }
        if (stepMeasure > STEP_RATIO * halfStepMeasure) {
            c.add("step");
        }
        return c;
    }

    /** "measured: …; likely cause: …" for an error message. */
    String explain() {
        int fa = argMax(faces), ta = argMax(tails);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "measured: density at the box faces up to %.1e of its marginal peak (axis %d; limit %.0e), last "
                        + "Chebyshev coefficients up to %.1e of the norm (axis %d; limit %.0e), max rank %d (cap %d)",
                faces[fa], fa, FACE_LIMIT, tails[ta], ta, TAIL_LIMIT, rank, rankCap));
        if (!Double.isNaN(stepMeasure)) {
            s.append(String.format(Locale.ROOT, ", %.2e from this step and %.2e from two half steps (limit ratio %.0f)",
                    stepMeasure, halfStepMeasure, STEP_RATIO));
        }
        List<String> causes = causes();
        s.append("; likely cause: ");
        if (causes.isEmpty()) {
            s.append("none of box, grid, rank or step stands out (tighten eps or the tolerances)");
        }
        for (int k = 0; k < causes.size(); k++) {
            s.append(k == 0 ? "" : k == 1 ? "; also possible: " : ", ").append(switch (causes.get(k)) {
                case "box" -> "the box is too small (enlarge it along axis " + fa + ")";
                case "grid" -> "the grid is too coarse (refine the nodes along axis " + ta + ")";
                case "rank" -> "the rank cap " + rankCap + " is too low (raise it)";
                default -> "the time step is too large (use more steps)";
            });
        }
        return s.toString();
    }

    private static double max(double[] v) {
        return v[argMax(v)];
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best] || Double.isNaN(v[best])) {
                best = i;
            }
        }
        return best;
    }
}
