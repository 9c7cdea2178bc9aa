package org.ttfp.ot;

import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.analysis.solvers.AllowedSolution;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.Sde;

/**
 * The variable τ in which the probability-flow ODE is integrated (docs/encoder-time.md).
 *
 * <p>For an SDE with transition X_t = α(t) X_0 + σ(t) ε ({@link LinearGaussianSde}) the marginal
 * p_t is, in the rescaled coordinates x/α, the initial law convolved with N(0, s(t) I), where
 * s = σ²/α² is the noise-to-signal variance ratio. The flow changes on the scale of s, not of t:
 * <pre>
 *   τ(t) = log( s(t) + δ ),        dτ/dt = s'(t) / (s + δ) = g²(t) / (σ²(t) + δ α²(t)),
 * </pre>
 * using s' = g²/α² (from g² = (σ²)' − 2(α'/α)σ²). This is the log noise-to-signal ratio (log-SNR)
 * for s ≫ δ — VP and sub-VP (s grows like e^{∫β}), log σ² for VE, 2t for the OU form at large t —
 * and, for s ≪ δ, proportional to s itself: log(t − t0 + δ')-like near t0 = 0 where s ≈ g²(0) t.
 * The offset δ &gt; 0 keeps τ finite at t = 0 (s(0) = 0); it is the variance scale below which the
 * flow is taken as smooth in s (the default {@value #DEFAULT_OFFSET} in data units).
 *
 * <p>The integrator then sees dx/dτ = v(x, t(τ)) dt/dτ, whose solution changes at a roughly
 * uniform rate in τ, instead of fast near t0 (small s) and, for VP, near T (large β). The inverse
 * t(τ) is found by bracketed root-finding (Brent, to the last few ulps of t); the end points are
 * mapped exactly (t(τ(T)) returns T).
 *
 * <p>{@link #physical()} is the identity τ = t (for SDEs that are not linear-Gaussian).
 */
public final class FlowTime {

    /** The default offset δ of τ = log(s + δ). */
    public static final double DEFAULT_OFFSET = 0.1;

    private final LinearGaussianSde sde;
    private final double offset;

    private FlowTime(LinearGaussianSde sde, double offset) {
        this.sde = sde;
        this.offset = offset;
    }

    /** τ = t. */
    public static FlowTime physical() {
        return new FlowTime(null, 0);
    }

    /**
     * τ = log(σ²/α² + δ).
     *
     * @param sde    the linear SDE (isotropic: g² is read from axis 0)
     * @param offset δ &gt; 0, finite
     */
    public static FlowTime noiseScale(LinearGaussianSde sde, double offset) {
        if (sde == null) {
            throw new IllegalArgumentException("sde is null: expected a LinearGaussianSde");
        }
        if (!(offset > 0) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("offset = " + offset + ": expected a finite value > 0");
        }
        return new FlowTime(sde, offset);
    }

    /**
     * The automatic choice: {@link #noiseScale} with {@link #DEFAULT_OFFSET} for a linear-Gaussian
     * SDE whose drift rate a = α'/α is the same at both ends of [lo, hi] (the OU form, VE) and whose
     * g² is positive there; else {@link #physical}. VP and sub-VP ramp β(t), and there the physical
     * time measured cheaper (docs/encoder-time.md); sub-VP also has g²(0) = 0, where τ'(t) vanishes.
     */
    public static FlowTime defaultFor(Sde sde, double lo, double hi) {
        if (sde instanceof LinearGaussianSde l && l.diffusion2(0, lo) > 0 && l.diffusion2(0, hi) > 0) {
            double rLo = driftRate(l, lo), rHi = driftRate(l, hi);
            if (Math.abs(rLo - rHi) <= 1e-12 * Math.max(1, Math.abs(rLo))) {
                return noiseScale(l, DEFAULT_OFFSET);
            }
        }
        return physical();
    }

    /** a(t) = f(e_0, t)_0 − f(0, t)_0 (the drift is a(t) x). */
    private static double driftRate(Sde sde, double t) {
        int d = sde.dim();
        double[] pts = new double[2 * d], f = new double[2 * d];
        pts[d] = 1;
        sde.drift(t, pts, 2, f);
        return f[d] - f[0];
    }

    /** Whether τ = t. */
    public boolean isPhysical() {
        return sde == null;
    }

    /** τ(t). */
    public double tau(double t) {
        if (sde == null) {
            return t;
        }
        double a = sde.alpha(t);
        return Math.log(sde.sigma2(t) / (a * a) + offset);
    }

    /** dt/dτ at time t: (σ² + δα²) / g² (1 for physical time). */
    public double timeDerivative(double t) {
        if (sde == null) {
            return 1;
        }
        double a = sde.alpha(t);
        double g2 = sde.diffusion2(0, t);
        if (!(g2 > 0) || !Double.isFinite(g2)) {
            throw new IllegalStateException("diffusion g^2(" + t + ") = " + g2
                    + ": the noise-scale time needs g^2 > 0 (use FlowTime.physical())");
        }
        return (sde.sigma2(t) + offset * a * a) / g2;
    }

    /**
     * The time t in [lo, hi] with τ(t) = tau; the end points when tau equals τ(lo) or τ(hi).
     *
     * @param tau    the value of τ
     * @param lo     lower end of the bracket (a time)
     * @param hi     upper end, &gt;= lo
     * @param tauLo  τ(lo)
     * @param tauHi  τ(hi)
     */
    double time(double tau, double lo, double hi, double tauLo, double tauHi) {
        if (sde == null) {
            return tau;
        }
        if (tau <= tauLo) {
            return lo;
        }
        if (tau >= tauHi) {
            return hi;
        }
        BracketingNthOrderBrentSolver solver = new BracketingNthOrderBrentSolver(1e-15, 4 * Math.ulp(Math.max(1, hi)),
                1e-300, 5);
        return solver.solve(200, t -> tau(t) - tau, lo, hi, AllowedSolution.ANY_SIDE);
    }
}
