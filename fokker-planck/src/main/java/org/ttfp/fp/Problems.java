package org.ttfp.fp;

import org.ttfp.fp.density.DenseSymmetric;
import org.ttfp.fp.density.ConvexPotential;
import org.ttfp.fp.density.CoupledQuarticPotential;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.density.LavenantSantambrogioPotential;
import org.ttfp.fp.density.QuarticMixtureDensity;
import org.ttfp.fp.sde.DiagonalOuSde;
import org.ttfp.fp.sde.DoubleWellSde;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.MatrixOuSde;
import org.ttfp.fp.sde.OuSde;
import org.ttfp.fp.sde.RotatingWellSde;
import org.ttfp.fp.sde.Sde;
import org.ttfp.fp.sde.SubVpSde;
import org.ttfp.fp.sde.VeSde;
import org.ttfp.fp.sde.VpSde;

import java.util.SplittableRandom;
import org.ttfp.cheb.ChebyshevBox;

/**
 * Built-in Fokker–Planck problems, as presets that a command line ({@code ttfp solve}, whose
 * registry of names delegates to the factories here) or a benchmark turns into an
 * {@link FpProblem} with {@link Preset#builder()} (then overrides steps, tolerances, snapshot times).
 *
 * <p>The problems, by their command-line names:
 * <ul>
 *   <li>{@code vp}: the DDPM VP-SDE (β 0.1 → 20, T = 1) from a seeded random anisotropic Gaussian
 *       mixture of Gauss–Markov chains ({@link #randomMixture}); exact reference available.</li>
 *   <li>{@code vp-paper}: the paper's time-changed form dX = −X dt + √2 dW, T = 5, box [−8, 8]^d,
 *       from the paper's random quartic mixture ({@link #quarticMixture}), docs/paper-protocol.md §1.</li>
 *   <li>{@code ve}: the VE-SDE with σ_min = 0.01, σ_max = 2, T = 1 (σ_max kept small so a box of
 *       moderate size holds the density), random mixture; exact reference.</li>
 *   <li>{@code subvp}: the sub-VP SDE with the DDPM schedule, random mixture; exact reference.</li>
 *   <li>{@code ou}: isotropic OU dX = −X dt + √2 dW, T = 1, random mixture; exact reference.</li>
 *   <li>{@code ou-diagonal}: OU with rates 0.5 … 2 (linear in the axis) and g² = 1, random
 *       mixture; exact reference.</li>
 *   <li>{@code ou-matrix}: OU with a seeded coupled matrix A = I + 0.3·(B − Bᵀ) + 0.2·BBᵀ/d
 *       (B ~ randn, positive definite symmetric part), g² = 1, T = 1, random mixture; exact
 *       reference, split path only.</li>
 *   <li>{@code double-well}: {@link DoubleWellSde} with coupling 0.5, g² = 1, T = 1, box
 *       [−3.5, 3.5]^d, from a two-component mixture at ±(0.5, −0.5, …) with variances 0.25; no
 *       exact reference. It needs n ≥ 64 (with n = 48 in d = 3 the negativity check stops the
 *       solve: the grid does not resolve the density).</li>
 * </ul>
 * Boxes of the mixture presets: [−L, L]^d with L = max(7, max_{k,i} |μ_ki| + 7√S_k,ii) rounded up
 * to a half-integer (the VE preset adds 7σ_max), so the initial and final densities are below
 * about e^{−24} of their peak on the boundary. Default steps: 10 for the exact-path presets, 100
 * for vp-paper, 100 for ou-matrix and double-well (split path).
 */
public final class Problems {

    /**
     * The box tolerance of the vp-paper preset: the paper's box [−8, 8]^d cuts the heavier tails of
     * some quartic mixtures (marginals up to about 1e−5 of their peak on the boundary); draws
     * beyond this are refused by the solver, as the paper discarded poorly fitted draws.
     */
    public static final double PAPER_BOX_MASS_TOLERANCE = 1e-4;

    private Problems() {}

    /**
     * A ready-to-configure problem.
     *
     * @param name       the preset name
     * @param sde        the SDE
     * @param box        the box and grid
     * @param initial    the initial density
     * @param finalTime  T
     * @param steps      the default number of steps
     * @param mixture    the initial density as a Gaussian mixture when it is one, else null
     * @param boxMassTolerance the box tolerance the preset needs ({@link FpSolver.Settings#withBoxMassTolerance})
     * @param characteristicSubsteps the RK4 sub-steps along the characteristics the preset needs
     */
    public record Preset(String name, Sde sde, ChebyshevBox box, InitialDensity initial, double finalTime, int steps,
            GaussianMixture mixture, double boxMassTolerance, int characteristicSubsteps) {

        /** A preset with the default box tolerance. */
        public Preset(String name, Sde sde, ChebyshevBox box, InitialDensity initial, double finalTime, int steps,
                GaussianMixture mixture) {
            this(name, sde, box, initial, finalTime, steps, mixture, FpSolver.Settings.DEFAULT_BOX_MASS_TOLERANCE);
        }

        /** A preset with one characteristic sub-step per step. */
        public Preset(String name, Sde sde, ChebyshevBox box, InitialDensity initial, double finalTime, int steps,
                GaussianMixture mixture, double boxMassTolerance) {
            this(name, sde, box, initial, finalTime, steps, mixture, boxMassTolerance, 1);
        }

        /** A fresh builder with the SDE, box, initial density, T and steps of this preset. */
        public FpProblem.Builder builder() {
            return FpProblem.builder(sde, box).initial(initial).finalTime(finalTime).steps(steps);
        }

        /** The default solver settings with the box tolerance and characteristic sub-steps this preset needs. */
        public FpSolver.Settings settings() {
            return FpSolver.Settings.defaults().withBoxMassTolerance(boxMassTolerance)
                    .withCharacteristicSubsteps(characteristicSubsteps);
        }

        /**
         * The variance m₂ of every axis of the known steady state (its covariance is m₂ I, its mean 0),
         * or NaN when the preset has none (only the rotating well has one).
         */
        public double stationarySecondMoment() {
            return sde instanceof RotatingWellSde r ? r.stationarySecondMoment() : Double.NaN;
        }

        /** Whether {@link #exact} is available (linear SDE and a Gaussian-mixture start). */
        public boolean hasExact() {
            return mixture != null
                    && (sde instanceof LinearGaussianSde || sde instanceof MatrixOuSde || sde instanceof DiagonalOuSde);
        }

        /**
         * The exact density at time t as a Gaussian mixture.
         *
         * @throws IllegalStateException if {@link #hasExact()} is false
         */
        public GaussianMixture exact(double t) {
            if (!hasExact()) {
                throw new IllegalStateException("preset " + name + " has no exact solution");
            }
            if (sde instanceof LinearGaussianSde l) {
                return mixture.evolve(l, t);
            }
            if (sde instanceof MatrixOuSde m) {
                return m.evolve(mixture, t);
            }
            DiagonalOuSde diag = (DiagonalOuSde) sde;
            int d = diag.dim();
            double[] a = new double[d * d];
            double[] g2 = new double[d];
            double[] rates = diag.rates();
            for (int i = 0; i < d; i++) {
                a[i * d + i] = rates[i];
                g2[i] = diag.diffusion2(i, 0);
            }
            return new MatrixOuSde(a, g2).evolve(mixture, t);
        }
    }

    /** The DDPM VP-SDE from {@link #randomMixture}(d, 3, seed). */
    public static Preset vp(int d, int n, long seed) {
        GaussianMixture m = randomMixture(d, 3, seed);
        return mixturePreset("vp", new VpSde(d), m, boxFor(m, 0), n, 1.0, 10);
    }

    /** The paper's experiment: dX = −X dt + √2 dW, T = 5, box [−8, 8]^d, quartic mixture. */
    public static Preset vpPaper(int d, int n, long seed) {
        return new Preset("vp-paper", OuSde.paper(d), ChebyshevBox.cube(d, -8, 8, n), quarticMixture(d, seed), 5.0, 100,
                null, PAPER_BOX_MASS_TOLERANCE);
    }

    /** The VE-SDE (σ 0.01 → 2) from a random mixture. */
    public static Preset ve(int d, int n, long seed) {
        GaussianMixture m = randomMixture(d, 3, seed);
        return mixturePreset("ve", new VeSde(d, 0.01, 2.0, 1.0), m, boxFor(m, 7 * 2.0), n, 1.0, 10);
    }

    /** The sub-VP SDE from a random mixture. */
    public static Preset subVp(int d, int n, long seed) {
        GaussianMixture m = randomMixture(d, 3, seed);
        return mixturePreset("subvp", new SubVpSde(d), m, boxFor(m, 0), n, 1.0, 10);
    }

    /** Isotropic OU dX = −X dt + √2 dW from a random mixture. */
    public static Preset ou(int d, int n, long seed) {
        GaussianMixture m = randomMixture(d, 3, seed);
        return mixturePreset("ou", OuSde.paper(d), m, boxFor(m, 0), n, 1.0, 10);
    }

    /** OU with rates 0.5 … 2 and g² = 1 from a random mixture. */
    public static Preset ouDiagonal(int d, int n, long seed) {
        double[] rates = new double[d];
        double[] g2 = new double[d];
        for (int i = 0; i < d; i++) {
            rates[i] = d == 1 ? 1.0 : 0.5 + 1.5 * i / (d - 1);
            g2[i] = 1.0;
        }
        GaussianMixture m = randomMixture(d, 3, seed);
        return mixturePreset("ou-diagonal", new DiagonalOuSde(rates, g2), m, boxFor(m, 0), n, 1.0, 10);
    }

    /** OU with a seeded coupled matrix (split path) from a random mixture. */
    public static Preset ouMatrix(int d, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x6F75L);
        double[] b = new double[d * d];
        for (int j = 0; j < b.length; j++) {
            b[j] = rnd.nextGaussian();
        }
        double[] a = new double[d * d];
        double[] g2 = new double[d];
        for (int i = 0; i < d; i++) {
            g2[i] = 1.0;
            for (int j = 0; j < d; j++) {
                double bbt = 0;
                for (int k = 0; k < d; k++) {
                    bbt += b[i * d + k] * b[j * d + k];
                }
                a[i * d + j] = (i == j ? 1 : 0) + 0.3 * (b[i * d + j] - b[j * d + i]) + 0.2 * bbt / d;
            }
        }
        GaussianMixture m = randomMixture(d, 3, seed);
        return mixturePreset("ou-matrix", new MatrixOuSde(a, g2), m, boxFor(m, 0), n, 1.0, 100);
    }

    /** The coupled double well from a two-component mixture. */
    public static Preset doubleWell(int d, int n, long seed) {
        double[][] mu = new double[2][d];
        double[][] cov = new double[2][d * d];
        for (int i = 0; i < d; i++) {
            mu[0][i] = (i % 2 == 0 ? 0.5 : -0.5);
            mu[1][i] = -mu[0][i];
            cov[0][i * d + i] = 0.25;
            cov[1][i * d + i] = 0.25;
        }
        GaussianMixture m = GaussianMixture.of(new double[] {0.5, 0.5}, mu, cov);
        return new Preset("double-well", new DoubleWellSde(d, 0.5, 1.0), ChebyshevBox.cube(d, -3.5, 3.5, n),
                InitialDensity.of(m), 1.0, 100, m);
    }

    /**
     * The rotating double well {@link RotatingWellSde} (ω = 1, g² = 1): a non-gradient nonlinear
     * drift whose steady state p∞ ∝ exp(−2V/g²) is known (its covariance is m₂ I,
     * {@link RotatingWellSde#stationarySecondMoment()}); T = 10, box [−3, 3]^d (p∞ is below e^{−31}
     * of its peak on the faces), from the two-component mixture at ±(0.5, −0.5, …) with variances
     * 0.15 (below e^{−20} on the faces); split path, 400 steps by default, 4 RK4 sub-steps along the
     * characteristics (the cubic drift is stiff near the faces, |∂f| ≈ 26 at |x| = 3: with one
     * sub-step the foot-point/divergence mismatch drifts the mass by about 3e−7 per step at h = 0.025).
     */
    public static Preset rotatingWell(int d, int n, long seed) {
        double[][] mu = new double[2][d];
        double[][] cov = new double[2][d * d];
        for (int i = 0; i < d; i++) {
            mu[0][i] = (i % 2 == 0 ? 0.5 : -0.5);
            mu[1][i] = -mu[0][i];
            cov[0][i * d + i] = 0.15;
            cov[1][i * d + i] = 0.15;
        }
        GaussianMixture m = GaussianMixture.of(new double[] {0.5, 0.5}, mu, cov);
        return new Preset("rotating-well", new RotatingWellSde(d, 1.0, 1.0), ChebyshevBox.cube(d, -3, 3, n),
                InitialDensity.of(m), 10.0, 400, m, FpSolver.Settings.DEFAULT_BOX_MASS_TOLERANCE, 4);
    }

    private static Preset mixturePreset(String name, Sde sde, GaussianMixture m, double halfWidth, int n, double t, int steps) {
        return new Preset(name, sde, ChebyshevBox.cube(m.dim(), -halfWidth, halfWidth, n), InitialDensity.of(m), t, steps, m);
    }

    /** max(7, max_{k,i} |μ_ki| + 7√S_k,ii) + extra, rounded up to a multiple of ½. */
    static double boxFor(GaussianMixture m, double extra) {
        int d = m.dim();
        double l = 7;
        for (int k = 0; k < m.components(); k++) {
            double[] mu = m.mean(k);
            double[] s = m.covariance(k);
            for (int i = 0; i < d; i++) {
                l = Math.max(l, Math.abs(mu[i]) + 7 * Math.sqrt(s[i * d + i]));
            }
        }
        return Math.ceil(2 * (l + extra)) / 2;
    }

    /**
     * A seeded random anisotropic Gaussian mixture whose components are Gauss–Markov chains, so
     * that its TT ranks stay moderate in any dimension: K weights w_k ∝ 1 + U[0, 1], means
     * μ_k ~ U[−1.5, 1.5]^d, and covariances S_k = P_k⁻¹ with a tridiagonal precision
     * P_ii ~ U[1.2, 3], P_{i,i+1} = ρ_i √(P_ii P_{i+1,i+1}), ρ_i ~ U[−0.3, 0.3] (diagonally
     * dominant, so P ≻ 0 with eigenvalues in [0.4 min P_ii, 1.6 max P_ii]). A component's density
     * is then a product of factors in (x_i, x_{i+1}), and each TT bond is crossed by one factor
     * per component. (A generic dense covariance would couple every bond to all axes and make the
     * ranks grow quickly with d.) Draw order from a {@link SplittableRandom}(seed): the weights,
     * then per component the mean, the diagonal of P and the ρ_i.
     */
    public static GaussianMixture randomMixture(int d, int k, long seed) {
        FpChecks.dim(d);
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + " components: expected k >= 1");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            w[c] = 1 + rnd.nextDouble();
            sum += w[c];
        }
        double total = 0;
        for (int c = 0; c < k; c++) {
            w[c] /= sum;
            if (c < k - 1) {
                total += w[c];
            }
        }
        w[k - 1] = 1 - total;
        double[][] mu = new double[k][d];
        double[][] cov = new double[k][];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                mu[c][i] = -1.5 + 3 * rnd.nextDouble();
            }
            double[] diag = new double[d];
            for (int i = 0; i < d; i++) {
                diag[i] = 1.2 + 1.8 * rnd.nextDouble();
            }
            double[] prec = new double[d * d];
            for (int i = 0; i < d; i++) {
                prec[i * d + i] = diag[i];
            }
            for (int i = 0; i + 1 < d; i++) {
                double v = (-0.3 + 0.6 * rnd.nextDouble()) * Math.sqrt(diag[i] * diag[i + 1]);
                prec[i * d + i + 1] = v;
                prec[(i + 1) * d + i] = v;
            }
            cov[c] = DenseSymmetric.symmetrize(DenseSymmetric.eigen(prec, d).apply(x -> 1 / x), d);
        }
        return GaussianMixture.of(w, mu, cov);
    }

    /** The paper's random quartic mixture (unnormalised callback; normalised on the box by the solver). */
    public static InitialDensity quarticMixture(int d, long seed) {
        return InitialDensity.of(new QuarticMixtureDensity(d, seed), d, false);
    }

    /**
     * The convex-potential density μ0 = (∇u)⁻¹ # N(0, I) of docs/paper-protocol.md §4 (normalised
     * callback), whose exact OT map to N(0, I) is ∇u: e.g. {@link LavenantSantambrogioPotential} or
     * {@link CoupledQuarticPotential}. Its cross starts from {@link ConvexPotential#gaussianApproximation()}:
     * in d ≥ 5 μ0 underflows to 0 on most of a box that holds its mass, and a cross from random
     * index sets can see nothing but zeros.
     */
    public static InitialDensity convexPotential(ConvexPotential u) {
        if (u == null) {
            throw new IllegalArgumentException("potential u is null: expected a ConvexPotential");
        }
        int d = u.dim();
        return InitialDensity.of((x, count, out) -> {
            double[] v = u.density(java.util.Arrays.copyOf(x, count * d));
            System.arraycopy(v, 0, out, 0, count);
        }, d, true, u.gaussianApproximation());
    }
}
