package org.ttfp.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.sde.DiffusionMatrix;
import org.ttfp.fp.sde.MatrixOuSde;
import org.ttfp.linalg.Backends;

/**
 * Full constant diffusion matrices D = ½GGᵀ through {@link DiffusionRotation}: the solved density
 * against the exact Gaussian law of dX = −AX dt + G dW (Van Loan, {@link MatrixOuSde#evolve}) with
 * strongly correlated noise, d = 2 and 3, non-symmetric A, both CPU backends; the Strang order;
 * point evaluation in x; refusal of bad D.
 */
class FullDiffusionTest {

    static Stream<String> backends() {
        return Stream.of("openblas", "ejml");
    }

    /** A 2-d non-symmetric stable A and GGᵀ with correlation 0.75. */
    static MatrixOuSde sde2() {
        return MatrixOuSde.withNoiseCovariance(new double[] {1.0, 0.6, -0.4, 1.5}, new double[] {1.0, 0.9, 0.9, 1.44});
    }

    static GaussianMixture g2() {
        return GaussianMixture.gaussian(new double[] {0.6, -0.3}, new double[] {0.64, 0.1, 0.1, 0.81});
    }

    static FpSolver.Settings settings(String backend, FpMethod m) {
        return FpSolver.Settings.defaults().withEps(1e-12).withMethod(m).withCharacteristicSubsteps(2)
                .withBackend(Backends.byName(backend));
    }

    static double[] solveError(DiffusionRotation rot, GaussianMixture g0, ChebyshevBox yBox, double t, int steps,
            FpSolver.Settings st) {
        FpProblem pr = rot.problem(yBox).initial(rot.rotate(InitialDensity.of(g0))).finalTime(t).steps(steps)
                .snapshotEvery(steps).build();
        Solution sol = FpSolver.solve(pr, st);
        GaussianMixture exact = ((MatrixOuSde) rot.sde()).evolve(g0, t);
        double err = FpTestSupport.relativeL2(yBox, sol.finalDensity(), rot.rotate(exact));
        // point values in x against the exact density in x (the map back)
        DiffusionRotation.Field px = rot.inOriginal(sol);
        int d = g0.dim(), m = 200;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = exact.sample(new java.util.Random(rnd.nextLong()), m);
        double[] got = new double[m], want = new double[m];
        px.density(t, x, m, got);
        exact.density(x, m, want);
        double worst = 0, peak = 0;
        for (int s = 0; s < m; s++) {
            worst = Math.max(worst, Math.abs(got[s] - want[s]));
            peak = Math.max(peak, want[s]);
        }
        double[] cov = px.covariance(sol.snapshotCount() - 1), exCov = exact.covariance();
        double covErr = 0;
        for (int k = 0; k < d * d; k++) {
            covErr = Math.max(covErr, Math.abs(cov[k] - exCov[k]));
        }
        return new double[] {err, worst / peak, covErr};
    }

    /**
     * d = 2, the extrapolated split path to ≤ 1e−6 and Strang's second order (error ratio ≈ 4 when the
     * step halves), both backends. Measured (n = 72, eps 1e−12, T = 0.5): extrapolated 10 steps: grid
     * L2 6.1e−8, point values 8.6e−8 of the peak, covariance 4.5e−8; Strang 10 / 20 steps: 5.91e−4 /
     * 1.48e−4 (ratio 4.00).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void twoDimensionalCorrelatedNoise(String backend) {
        DiffusionRotation rot = DiffusionRotation.of(sde2());
        ChebyshevBox yBox = ChebyshevBox.cube(2, -6.5, 6.5, 72);
        double[] ex = solveError(rot, g2(), yBox, 0.5, 10, settings(backend, FpMethod.EXTRAPOLATED));
        double[] s1 = solveError(rot, g2(), yBox, 0.5, 10, settings(backend, FpMethod.SPLIT));
        double[] s2 = solveError(rot, g2(), yBox, 0.5, 20, settings(backend, FpMethod.SPLIT));
        String msg = String.format(Locale.ROOT, "extrapolated %s, split h %s, h/2 %s", java.util.Arrays.toString(ex),
                java.util.Arrays.toString(s1), java.util.Arrays.toString(s2));
        assertTrue(ex[0] < 1e-6 && ex[1] < 1e-6 && ex[2] < 1e-6, msg);
        double ratio = s1[0] / s2[0];
        assertTrue(ratio > 3.5 && ratio < 4.5, "Strang ratio " + ratio + ": " + msg);
        // the full diffusion matters: dropping the off-diagonal (diagonal G with the same g_i²) is far off
        MatrixOuSde diag = new MatrixOuSde(new double[] {1.0, 0.6, -0.4, 1.5}, new double[] {1.0, 1.44});
        double wrong = FpTestSupport.relativeL2(yBox, FpSolver.solve(rot.problem(yBox).initial(rot.rotate(g2()))
                .finalTime(0.5).steps(1).build(), settings(backend, FpMethod.SPLIT)).finalDensity(),
                rot.rotate(diag.evolve(g2(), 0.5)));
        assertTrue(wrong > 1e-2, "error against the diagonal-noise law " + wrong);
    }

    /**
     * d = 3, A = I, GGᵀ with off-diagonals 0.6–0.75 of the diagonal, a correlated p0 (so the rotated
     * density is coupled in y), extrapolated split. Measured (n = 64, eps 1e−10, 6 steps, T = 0.4):
     * grid L2 1.1e−7, point values 1.8e−7 of the peak, covariance 2.0e−8 (n = 48: 7.0e−5, grid-limited).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void threeDimensionalCorrelatedNoise(String backend) {
        double[] a = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double[] ggt = {1.0, 0.75, 0.6, 0.75, 1.0, 0.75, 0.6, 0.75, 1.0};
        DiffusionRotation rot = DiffusionRotation.of(MatrixOuSde.withNoiseCovariance(a, ggt));
        GaussianMixture g0 = GaussianMixture.gaussian(new double[] {0.5, 0.0, -0.4},
                new double[] {0.5, 0.1, 0.0, 0.1, 0.6, 0.0, 0.0, 0.0, 0.55});
        ChebyshevBox yBox = ChebyshevBox.cube(3, -6, 6, 64);
        double[] ex = solveError(rot, g0, yBox, 0.4, 6, settings(backend, FpMethod.EXTRAPOLATED).withEps(1e-10));
        assertTrue(ex[0] < 1e-6 && ex[1] < 1e-6 && ex[2] < 1e-6, java.util.Arrays.toString(ex));
    }

    /** MatrixOuSde.evolve with full noise against the closed form for A = a I. */
    @Test
    void fullNoiseEvolveMatchesClosedForm() {
        double a = 0.7, t = 0.9;
        double[] ggt = {1.0, 0.8, 0.8, 1.0};
        MatrixOuSde sde = MatrixOuSde.withNoiseCovariance(new double[] {a, 0, 0, a}, ggt);
        double[] s0 = {0.5, 0.1, 0.1, 0.4};
        GaussianMixture g = sde.evolve(GaussianMixture.gaussian(new double[] {1, -1}, s0), t);
        double e = Math.exp(-a * t), w = (1 - Math.exp(-2 * a * t)) / (2 * a);
        for (int k = 0; k < 4; k++) {
            assertEquals(e * e * s0[k] + w * ggt[k], g.covariance()[k], 1e-13);
        }
        assertEquals(e, g.mean()[0], 1e-14);
        assertEquals(0.4, sde.diffusionMatrix().orElseThrow().entry(0, 1), 0);
        assertEquals(1.0, sde.diffusion2(1, 0), 0);
    }

    /** The eigen-decomposition reproduces D, and the covering box contains every rotated corner. */
    @Test
    void rotationAndCoveringBox() {
        double[] dm = {0.5, 0.375, 0.3, 0.375, 0.5, 0.375, 0.3, 0.375, 0.5};
        DiffusionMatrix m = DiffusionMatrix.of(dm, 3);
        double[] q = m.rotation(), l = m.eigenvalues();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0, o = 0;
                for (int k = 0; k < 3; k++) {
                    v += q[i * 3 + k] * l[k] * q[j * 3 + k];
                    o += q[k * 3 + i] * q[k * 3 + j];
                }
                assertEquals(dm[i * 3 + j], v, 1e-15);
                assertEquals(i == j ? 1 : 0, o, 1e-15);
            }
        }
        DiffusionRotation rot = DiffusionRotation.of(MatrixOuSde.withNoiseCovariance(new double[] {1, 0, 0, 0, 1, 0, 0,
                0, 1}, m.noiseCovariance()));
        ChebyshevBox x = new ChebyshevBox(new org.ttfp.cheb.ChebyshevGrid(-1, 2, 5),
                new org.ttfp.cheb.ChebyshevGrid(-3, 3, 5), new org.ttfp.cheb.ChebyshevGrid(0, 1, 5));
        ChebyshevBox y = rot.coveringBox(x, 9);
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int c = 0; c < 8; c++) {
            double[] corner = new double[3];
            for (int i = 0; i < 3; i++) {
                corner[i] = (c >> i & 1) == 0 ? x.axis(i).a() : x.axis(i).b();
            }
            double[] r = rot.toRotated(corner, 1);
            double[] back = rot.fromRotated(r, 1);
            for (int k = 0; k < 3; k++) {
                lo[k] = Math.min(lo[k], r[k]);
                hi[k] = Math.max(hi[k], r[k]);
                assertEquals(corner[k], back[k], 1e-14);
            }
        }
        for (int k = 0; k < 3; k++) { // tight: the bounding box of the rotated corners
            assertEquals(lo[k], y.axis(k).a(), 1e-13);
            assertEquals(hi[k], y.axis(k).b(), 1e-13);
            assertEquals(9, y.axis(k).size());
        }
    }

    /** Bad D, a full-D SDE given to FpProblem directly, a diagonal SDE given to the rotation. */
    @Test
    void refusesBadInput() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> DiffusionMatrix.of(new double[] {1, 0.5, 0.4, 1}, 2)).getMessage();
        assertTrue(m.contains("not symmetric") && m.contains("D[0][1] = 0.5"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> DiffusionMatrix.of(new double[] {1, 2, 2, 1}, 2)).getMessage();
        assertTrue(m.contains("not positive semidefinite") && m.contains("eigenvalue 0 = -"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> DiffusionMatrix.of(new double[] {1, Double.NaN, Double.NaN, 1}, 2)).getMessage();
        assertTrue(m.contains("D[0][1] = NaN"), m);
        m = assertThrows(IllegalArgumentException.class, () -> DiffusionMatrix.of(new double[] {1, 0, 0}, 2))
                .getMessage();
        assertTrue(m.contains("length 3") && m.contains("d*d = 4"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> MatrixOuSde.withNoiseCovariance(new double[] {1, 0, 0, 1}, new double[] {1, 0, 0})).getMessage();
        assertTrue(m.contains("length 3"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> MatrixOuSde.withNoiseCovariance(new double[] {1, 0, 0}, new double[] {1, 0, 0, 1})).getMessage();
        assertTrue(m.contains("drift matrix") && m.contains("length 3"), m);
        // singular PSD (rank one, rounding below zero) is accepted, its zero eigenvalue clamped
        DiffusionMatrix rankOne = DiffusionMatrix.of(new double[] {0.3, 0.3, 0.3, 0.3}, 2);
        assertEquals(0.0, rankOne.eigenvalues()[0], 0);
        assertEquals(0.6, rankOne.eigenvalues()[1], 1e-15);
        ChebyshevBox box = ChebyshevBox.cube(2, -6, 6, 16);
        m = assertThrows(IllegalArgumentException.class,
                () -> FpProblem.builder(sde2(), box).initial(g2()).finalTime(1).steps(2).build()).getMessage();
        assertTrue(m.contains("full (non-diagonal) diffusion matrix") && m.contains("DiffusionRotation"), m);
        MatrixOuSde diag = new MatrixOuSde(new double[] {1, 0, 0, 1}, new double[] {1, 1});
        m = assertThrows(IllegalArgumentException.class, () -> DiffusionRotation.of(diag)).getMessage();
        assertTrue(m.contains("no full diffusion matrix"), m);
        DiffusionRotation rot = DiffusionRotation.of(sde2());
        m = assertThrows(IllegalArgumentException.class, () -> rot.rotate(GaussianMixture.gaussian(new double[] {0, 0,
                0}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}))).getMessage();
        assertTrue(m.contains("dimension 3"), m);
        DiffusionMatrix d3 = DiffusionMatrix.of(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3);
        m = assertThrows(IllegalArgumentException.class, () -> DiffusionRotation.of(diag, d3)).getMessage();
        assertTrue(m.contains("dimension 3") && m.contains("sde.dim() = 2"), m);
        // any drift with a given D: the rotated drift is Qᵀ f(Q y), the diffusion 2λ_k
        DiffusionRotation any = DiffusionRotation.of(diag, sde2().diffusionMatrix().orElseThrow());
        double[] y = {0.3, -0.7}, f = new double[2];
        any.rotatedSde().drift(0, y, 1, f);
        assertEquals(-0.3, f[0], 1e-15);
        assertEquals(0.7, f[1], 1e-15);
        double[] lam = any.diffusion().eigenvalues();
        assertEquals(2 * lam[1], any.rotatedSde().diffusion2(1, 0.3), 0);
        assertEquals(2 * lam[0] * 0.5, any.rotatedSde().integratedDiffusion2(0, 0.2, 0.7), 1e-16);
        m = assertThrows(IllegalArgumentException.class, () -> rot.rotate(InitialDensity.of(
                org.ttfp.tt.TensorTrain.rankOne(Backends.defaultBackend(), new double[3], new double[3])))).getMessage();
        assertTrue(m.contains("grid values cannot be rotated"), m);
    }
}
