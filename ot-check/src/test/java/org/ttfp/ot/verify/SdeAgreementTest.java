package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttfp.fp.density.LavenantSantambrogioPotential;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.OuSde;
import org.ttfp.fp.sde.VeSde;
import org.ttfp.fp.sde.VpSde;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.Cancellation;

/**
 * The whole stack (solve, sample, TT encoder) under VE, VP and OU on one convex-potential
 * density. Each linear SDE has marginals p_t = law of α(t)(X0 + r(t) Z) with r = σ/α, so in
 * y = x/α the probability-flow ODE is dy/dr = −r ∇log q_r(y), q_r = μ0 * N(0, r² I), the same for
 * every SDE: the encoders differ only in where they stop, r(T), and in the factor α(T) = σ(T)/r(T).
 * Stopped at the same r they agree exactly after rescaling: E/σ(T) = y(r)/r for every SDE. The
 * test runs VE (σ 0.01 → 1, T = 1) to its end r = σ(1) ≈ 1 and
 * VP (β 0.1 → 20) and OU (the paper's form) to the times where their r is the same
 * (∫β = log(1 + r²), T_ou = ½ log(1 + r²)), then compares E/σ(T) per sample over D = |∇u(x) − x|.
 * VE has α ≡ 1 and σ(T) ≈ 1 while VP and OU have α = σ = 0.707: without the rescaling the VE
 * encoder misses the others by 1 − 0.707 = 0.29 of |E|, so the comparison checks the
 * rescaling, the time schedules of three SDEs and their propagators together; VP against OU
 * (same α, different schedules) checks the schedules alone. Both are compared with the distance
 * between y/r at r = 1 and ∇u (the flow not yet at its limit), which the agreement must be far
 * below.
 */
class SdeAgreementTest {

    /** Grid nodes per axis of the box [−7, 7] (the preset's 224 resolve 1e−7; 1e−4 needs far fewer). */
    static final int N = Integer.getInteger("ttfp.sdeAgreement.n", 128);

    private static double[] rescaled(Presets.NamedSde ns, double half, int n, VerificationRunner.Settings s) {
        Scenario sc = Presets.convexPotential("ls-" + ns.name(), "eps=0.2", new LavenantSantambrogioPotential(0.2), ns,
                0.0, half, n, 24, 8);
        VerificationRunner.Outcome o = VerificationRunner.encodeOnly(sc, s, VerificationRunner.Progress.NONE,
                Cancellation.NONE);
        double c = Math.sqrt(ns.sde().sigma2(ns.horizon()));
        double[] e = o.encoded().clone();
        for (int i = 0; i < e.length; i++) {
            e[i] /= c;
        }
        return concat(o.start(), e);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Measured (both backends): VE vs OU 3.3e−6, VP vs OU 2.6e−7, against a distance 0.52 of y/r from ∇u; ~11 s per backend. */
    @ParameterizedTest
    @ValueSource(strings = {"openblas", "ejml"})
    void encodersAgreeAfterRescalingAtTheSameNoiseRatio(String backend) {
        VerificationRunner.Settings s = new VerificationRunner.Settings(8, 0, 1e-4, 1e-8, 0.75, 1e-3, 11,
                Backends.byName(backend));
        // VE with σ_max = 1 (the preset's is 2): its terminal law, μ0 blurred by N(0, I), fits the
        // same box [−7, 7] as the others (σ_max = 2 needs [−11, 11] and n ≈ 240 to resolve μ0)
        Presets.NamedSde ve = new Presets.NamedSde("ve", new VeSde(2, 0.01, 1.0, 1.0), 1.0);
        double r2 = ve.sde().sigma2(ve.horizon());
        double log1pR2 = Math.log1p(r2);
        VpSde vpSde = new VpSde(2);
        // ∫_0^T β = β_min T + (β_max − β_min) T²/2 = log(1 + r²)
        double bMin = vpSde.betaMin(), bMax = vpSde.betaMax();
        double tVp = (-bMin + Math.sqrt(bMin * bMin + 2 * (bMax - bMin) * log1pR2)) / (bMax - bMin);
        Presets.NamedSde vp = new Presets.NamedSde("vp", vpSde, tVp);
        Presets.NamedSde ou = new Presets.NamedSde("ou", OuSde.paper(2), 0.5 * log1pR2);
        for (Presets.NamedSde x : new Presets.NamedSde[] {vp, ou}) {
            LinearGaussianSde sde = x.sde();
            double r = Math.sqrt(sde.sigma2(x.horizon())) / sde.alpha(x.horizon());
            assertTrue(Math.abs(r * r - r2) < 1e-12 * r2, x.name() + ": r² " + r * r + " vs " + r2);
        }
        double[] eVe = rescaled(ve, Presets.CONVEX_POTENTIAL_HALF_WIDTH, N, s);
        double[] eVp = rescaled(vp, Presets.CONVEX_POTENTIAL_HALF_WIDTH, N, s);
        double[] eOu = rescaled(ou, Presets.CONVEX_POTENTIAL_HALF_WIDTH, N, s);
        int n = 8, d = 2;
        double[] x = java.util.Arrays.copyOf(eOu, n * d);
        assertArrayEquals(x, java.util.Arrays.copyOf(eVp, n * d), 0.0, "same samples of mu0");
        assertArrayEquals(x, java.util.Arrays.copyOf(eVe, n * d), 0.0, "same samples of mu0");
        double[] grad = new LavenantSantambrogioPotential(0.2).gradient(x);
        double worstVe = 0, worstVp = 0, leastDistance = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double disp = 0, dve = 0, dvp = 0, dist = 0;
            for (int k = 0; k < d; k++) {
                double eo = eOu[n * d + i * d + k];
                disp += sq(grad[i * d + k] - x[i * d + k]);
                dve += sq(eVe[n * d + i * d + k] - eo);
                dvp += sq(eVp[n * d + i * d + k] - eo);
                dist += sq(eo - grad[i * d + k]);
            }
            worstVe = Math.max(worstVe, Math.sqrt(dve / disp));
            worstVp = Math.max(worstVp, Math.sqrt(dvp / disp));
            leastDistance = Math.min(leastDistance, Math.sqrt(dist / disp));
        }
        System.out.printf("SdeAgreementTest[%s]: at r = %.4f: max |E_ve/sigma - E_ou/sigma|/D = %.3g, "
                + "max |E_vp/sigma - E_ou/sigma|/D = %.3g, min |E_ou/sigma - grad u|/D = %.3g%n", backend,
                Math.sqrt(r2), worstVe, worstVp, leastDistance);
        assertTrue(worstVp < 3e-5, "VP vs OU at the same r after rescaling: " + worstVp);
        assertTrue(worstVe < 3e-5, "VE vs OU at the same r after rescaling: " + worstVe);
        assertTrue(Math.max(worstVe, worstVp) < 1e-3 * leastDistance, "agreement " + Math.max(worstVe, worstVp)
                + " not far below the distance " + leastDistance + " of y/r from grad u");
    }

    private static double sq(double v) {
        return v * v;
    }
}
