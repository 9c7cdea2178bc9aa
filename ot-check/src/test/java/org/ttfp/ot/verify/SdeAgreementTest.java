package org.ttfp.ot.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttfp.fp.density.LavenantSantambrogioPotential;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.Cancellation;

/**
 * The whole stack (solve, sample, TT encoder) under OU and VP on one convex-potential
 * density. Each linear SDE has marginals p_t = law of α(t)(X0 + r(t) Z) with r = σ/α, so in
 * y = x/α the probability-flow ODE is dy/dr = −r ∇log q_r(y), q_r = μ0 * N(0, r² I), the same for
 * every SDE: the encoders differ only in where they stop, r(T). Rescaled by σ(T), E/σ(T) = y/r, and
 * for large r the flow of y/r moves by about |m|/r² dr (m the mean of μ0), so OU (r(T) = 148.4) and
 * VP (r(T) = 151.7) agree to |m| |1/148.4 − 1/151.7| ≈ 1.5e−4 |m| (sub-VP, with the α of VP,
 * stops at nearly the same r; it is left out to keep the test short). Compared per sample over D = |∇u(x) − x|, against the much
 * larger deviation of each encoder from ∇u (the counterexample's effect), which the agreement must
 * be far below.
 */
class SdeAgreementTest {

    private static double[] rescaled(String sde, VerificationRunner.Settings s) {
        Presets.NamedSde ns = Presets.sde(sde, 2);
        Scenario sc = Presets.convexPotential("ls-" + sde, "eps=0.2", new LavenantSantambrogioPotential(0.2), ns, 0.0,
                6.0, 192, 30, 10);
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

    /** Measured: 1.0e−5 agreement against a smallest deviation of 1.5e−2 from ∇u (both backends). */
    @ParameterizedTest
    @ValueSource(strings = {"openblas", "ejml"})
    void encodersAgreeAfterRescaling(String backend) {
        VerificationRunner.Settings s = new VerificationRunner.Settings(8, 0, 1e-4, 1e-8, 0.75, 1e-3, 11,
                Backends.byName(backend));
        double[] ou = rescaled("ou", s), vp = rescaled("vp", s);
        int n = 8, d = 2;
        double[] x = java.util.Arrays.copyOf(ou, n * d);
        assertArrayEquals(x, java.util.Arrays.copyOf(vp, n * d), 0.0, "same samples of mu0");
        double[] grad = new LavenantSantambrogioPotential(0.2).gradient(x);
        double worstAgree = 0, leastDeviation = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double disp = 0, dv = 0, dev = 0;
            for (int k = 0; k < d; k++) {
                double eo = ou[n * d + i * d + k];
                disp += sq(grad[i * d + k] - x[i * d + k]);
                dv += sq(vp[n * d + i * d + k] - eo);
                dev += sq(eo - grad[i * d + k]);
            }
            worstAgree = Math.max(worstAgree, Math.sqrt(dv / disp));
            leastDeviation = Math.min(leastDeviation, Math.sqrt(dev / disp));
        }
        System.out.printf("SdeAgreementTest[%s]: max |E_vp/sigma - E_ou/sigma|/D = %.3g, min |E_ou/sigma - grad u|/D = %.3g%n",
                backend, worstAgree, leastDeviation);
        assertTrue(worstAgree < 5e-4, "VP vs OU after rescaling: " + worstAgree);
        assertTrue(worstAgree < 0.1 * leastDeviation, "agreement " + worstAgree + " not far below the deviation "
                + leastDeviation + " from grad u");
    }

    private static double sq(double v) {
        return v * v;
    }
}
