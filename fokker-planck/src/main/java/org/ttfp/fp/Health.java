package org.ttfp.fp;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.tt.TensorTrain;

/** The health measurements of {@link FpSolver}: the initial box check, negativity samples, the L2 difference. */
final class Health {

    private final ChebyshevBox box;
    private final FpSolver.Settings settings;
    private final int d;
    private double[][] sqrtWeights;

    Health(ChebyshevBox box, FpSolver.Settings settings) {
        this.box = box;
        this.settings = settings;
        this.d = box.dim();
    }

    /**
     * Checks the initial density against the box (see {@link FpSolver}); an unnormalised callback
     * is returned normalised to mass 1 on the box. A refusal names the measured cause.
     */
    TensorTrain checkBox(TensorTrain p, InitialDensity initial) {
        double mass = box.integrate(p);
        double tol = settings.boxMassTolerance();
        if (initial.normalized()) {
            double lost = 1 - mass;
            if (!(Math.abs(lost) <= tol)) {
                FailureDiagnosis why = FailureDiagnosis.of(box, p, settings.maxRank());
                if (lost > 0 && why.causes().contains("box")) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "box cuts off %.3e of the initial "
                            + "mass (mass on the box %.12g, TT approximation error included), more than boxMassTolerance "
                            + "= %.3e; %s", lost, mass, tol, why.explain()));
                }
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the initial density's TT has mass %.12g "
                        + "on the box, %s 1 by %.3e, more than boxMassTolerance = %.3e; the box is not the cause (the marginals "
                        + "are negligible at its faces); %s", mass, lost > 0 ? "below" : "above",
                        Math.abs(lost), tol, why.explain()));
            }
            return p;
        }
        if (!(mass > 0)) {
            throw new IllegalArgumentException("initial density has mass " + mass + " on the box: expected > 0");
        }
        for (int i = 0; i < d; i++) {
            double[] m = box.marginal(p, i).full();
            double max = 0;
            for (double v : m) {
                max = Math.max(max, Math.abs(v));
            }
            double end = Math.max(Math.abs(m[0]), Math.abs(m[m.length - 1]));
            if (!(end <= tol * max)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "box cuts off initial mass on axis %d: the marginal density at the boundary is %.3e of its "
                                + "maximum, more than boxMassTolerance = %.3e: enlarge the box along axis %d",
                        i, end / max, tol, i));
            }
        }
        return initial instanceof InitialDensity.Callback ? p.scale(1 / mass) : p;
    }

    /** min and negativity: the smallest value seen and max(0, −min) relative to a peak estimate. */
    record Sample(double min, double negativity) {}

    /** Min over random grid points, the step's pointwise values and the value near the mean. */
    Sample sample(TensorTrain p, int step, double crossMin, double crossMax) {
        int count = settings.negativitySamples();
        double min = crossMin, max = crossMax;
        if (count > 0) {
            SplittableRandom rnd = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + step);
            int[] idx = new int[count * d];
            for (int s = 0; s < count; s++) {
                for (int i = 0; i < d; i++) {
                    idx[s * d + i] = rnd.nextInt(box.axis(i).size());
                }
            }
            for (double v : p.evaluate(idx, count)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double[] mean = Moments.mean(box, p);
        int[] near = new int[d];
        for (int i = 0; i < d; i++) {
            double[] x = box.axis(i).nodes();
            int best = 0;
            for (int j = 1; j < x.length; j++) {
                if (Math.abs(x[j] - mean[i]) < Math.abs(x[best] - mean[i])) {
                    best = j;
                }
            }
            near[i] = best;
        }
        double atMean = Double.isFinite(mean[0]) ? p.get(near) : 0;
        min = Math.min(min, atMean);
        max = Math.max(max, atMean);
        double neg = max > 0 ? Math.max(0, -min) / max : (min < 0 ? Double.POSITIVE_INFINITY : 0);
        return new Sample(min, neg);
    }

    /** ‖p − q‖ / ‖q‖ with Clenshaw–Curtis weights (both scaled by √w along every mode). */
    double relativeL2(TensorTrain p, TensorTrain q) {
        if (sqrtWeights == null) {
            double[][] w = box.quadratureWeights();
            sqrtWeights = new double[d][];
            for (int i = 0; i < d; i++) {
                int n = w[i].length;
                sqrtWeights[i] = new double[n * n];
                for (int j = 0; j < n; j++) {
                    sqrtWeights[i][j + n * j] = Math.sqrt(w[i][j]);
                }
            }
        }
        TensorTrain pw = p, qw = q;
        for (int i = 0; i < d; i++) {
            pw = pw.applyAlongMode(i, sqrtWeights[i], box.axis(i).size());
            qw = qw.applyAlongMode(i, sqrtWeights[i], box.axis(i).size());
        }
        return Math.exp(pw.subtract(qw).logNorm() - qw.logNorm());
    }
}
