package org.ttfp.ot.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.fp.density.GaussianMixture;
import org.ttfp.fp.density.InitialDensity;
import org.ttfp.fp.sde.LinearGaussianSde;
import org.ttfp.fp.sde.OuSde;
import org.ttfp.fp.Problems;
import org.ttfp.fp.sde.SubVpSde;
import org.ttfp.fp.sde.VeSde;
import org.ttfp.fp.sde.VpSde;
import org.ttfp.fp.density.ConvexPotential;
import org.ttfp.ot.GaussianOt;
import org.ttfp.fp.density.LavenantSantambrogioPotential;
import org.ttfp.ot.LinearAssignment;

/**
 * The verification presets of {@code ttfp verify}: lists of {@link Scenario}s.
 * <ul>
 *   <li>{@code default}: a Gaussian (closed-form OT map) and the Lavenant–Santambrogio density
 *       (exact map ∇u) in d = 2; a meaningful run in well under two minutes;</li>
 *   <li>{@code gaussian}: anisotropic Gaussians for each d, compared with the closed-form OT map
 *       between the Gaussians p_{t0} and p_T;</li>
 *   <li>{@code mixture}: three-component Gaussian mixtures for each d, exact-score encoder as the
 *       solver's reference, OT map estimated by discrete OT to independent samples of p_T;</li>
 *   <li>{@code counterexample}: u = |x|²/2 + ε(x1 x2 + x1⁴) in d = 2 (docs/paper-protocol.md §3) for each
 *       ε and start time t0, by default in the OU form of the paper (T = 5, box [−7, 7]²), with
 *       {@code --sde} under VP, VE or sub-VP (see {@link #convexPotential(String, String,
 *       ConvexPotential, NamedSde, double, double, int, int, int)});</li>
 *   <li>{@code paper}: the protocol of docs/paper-protocol.md §1 (OU form, T = 5, box [−8, 8]^d; d = 2, 3, 7
 *       with grids 250/100/50, steps 250/100/50, tolerances 1e−6/1e−6/1e−8; random quartic
 *       mixtures, for d = 7 a rank-2 random TT times a Gaussian; samples drawn from the TT density).</li>
 * </ul>
 */
public final class Presets {
    private Presets() {}

    /** Builds the scenarios of one preset from the options. */
    @FunctionalInterface
    public interface Factory {
        /** The scenarios (at least one). */
        List<Scenario> build(Options o);
    }

    /**
     * The grid, rank cap and steps a density family gets when nothing overrides them: one set of
     * defaults, used by the presets and by problem files that name only their density.
     *
     * @param grid  Chebyshev nodes per axis
     * @param rank  TT rank cap
     * @param steps time steps of the solve
     */
    public record Defaults(int grid, int rank, int steps) {
        /**
         * Gaussians (closed-form OT map). n = 96: with the score exact in time the grid is what is
         * left, and n = 64 resolved p_0 to a score error of 7e−8 (encoder 3.8e−9 from the OT map in
         * d = 2), n = 96 to 1e−13 (1.5e−11; GaussianAccuracyTest).
         */
        public static final Defaults GAUSSIAN = new Defaults(96, 20, 100);
        /** Gaussian mixtures. */
        public static final Defaults MIXTURE = new Defaults(64, 30, 100);
        /**
         * Convex-potential densities (the counterexample), OU form, T = 5, box [−7, 7]²: n = 224
         * resolves μ0 at t = 0 (n = 128 left 5e−6 in the score at ε = 0.1), and with the score exact
         * in time 100 steps suffice (fewer steps also leak less mass through the box edge; see
         * CounterexampleAccuracyTest).
         */
        public static final Defaults CONVEX_POTENTIAL = new Defaults(224, 30, 100);
    }

    /**
     * Half-width of the box [−h, h]^d of convex-potential densities in the OU form (the
     * counterexample, and problem files that name no halfWidth): 7, not 6, because the transition
     * carries mass over the box edge and never returns it (on [−6, 6]² the mass fell to 1 − 3.7e−7
     * by T = 5 and biased the score by 5e−8 at t ≥ 1; on [−7, 7]², 1 − 5e−10).
     */
    public static final double CONVEX_POTENTIAL_HALF_WIDTH = 7.0;

    /** Options shared by every preset (the others are refused where a preset does not read them). */
    public static final Set<String> COMMON_OPTIONS = Set.of("--grid", "--rank-cap");

    /**
     * The presets of {@code ttfp verify}, with the options each reads besides {@link #COMMON_OPTIONS}.
     * A new preset is one {@code register} line.
     */
    public static final Registry<Factory> REGISTRY = new Registry<Factory>("preset")
            .register("default", "a Gaussian (closed-form OT map) and the Lavenant-Santambrogio density in d=2, "
                    + "under two minutes", Set.of("--sde", "--epsilon", "--t0", "--steps"), Presets::defaultPreset)
            .register("gaussian", "anisotropic Gaussians against the closed-form OT map p_t0 -> p_T",
                    Set.of("--dims", "--sde", "--t0", "--steps"), Presets::gaussians)
            .register("mixture", "three-component Gaussian mixtures; OT map estimated by discrete OT (not decisive)",
                    Set.of("--dims", "--sde", "--t0", "--steps"), Presets::mixtures)
            .register("counterexample", "Lavenant-Santambrogio u = |x|^2/2 + eps(x1 x2 + x1^4) in d=2, exact Brenier "
                    + "map grad u; --sde ou (default) | vp | subvp | ve (E/sigma_max against grad u)",
                    Set.of("--epsilon", "--t0", "--steps", "--sde"), Presets::counterexamples)
            .register("paper", "the ICLR paper's protocol: OU form, T=5, box [-8,8]^d, d=2,3,7, random quartic mixtures",
                    Set.of("--dims", "--count", "--steps"), Presets::papers);

    /** Preset names (from {@link #REGISTRY}). */
    public static final List<String> NAMES = REGISTRY.names();

    /** The forward SDEs of the Gaussian and mixture presets and problem files, each with its horizon T. */
    public static final Registry<java.util.function.IntFunction<NamedSde>> SDE_REGISTRY =
            new Registry<java.util.function.IntFunction<NamedSde>>("SDE")
                    .register("vp", "DDPM VP-SDE, beta 0.1 -> 20, T = 1", Set.of(), d -> new NamedSde("vp", new VpSde(d), 1.0))
                    .register("ou", "the paper's OU form dX = -X dt + sqrt(2) dW, T = 5", Set.of(),
                            d -> new NamedSde("ou", OuSde.paper(d), 5.0))
                    .register("ve", "VE-SDE, sigma 0.01 -> 2, T = 1", Set.of(),
                            d -> new NamedSde("ve", new VeSde(d, 0.01, 2.0, 1.0), 1.0))
                    .register("subvp", "sub-VP SDE with the DDPM schedule, T = 1", Set.of(),
                            d -> new NamedSde("subvp", new SubVpSde(d), 1.0));

    /** SDE names (from {@link #SDE_REGISTRY}). */
    public static final List<String> SDES = SDE_REGISTRY.names();

    /**
     * Options shared by the presets (null/0 fields take the preset's default).
     *
     * @param dims      dimensions (gaussian, mixture, paper)
     * @param sde       SDE name (gaussian, mixture, counterexample; null: the preset's default)
     * @param gridSize  Chebyshev nodes per axis (0: preset default)
     * @param maxRank   TT rank cap (0: preset default)
     * @param steps     time steps (0: preset default)
     * @param epsilons  ε values (counterexample)
     * @param startTimes t0 values
     * @param count     densities per dimension (paper)
     * @param seed      seed of the random densities
     */
    public record Options(int[] dims, String sde, int gridSize, int maxRank, int steps, double[] epsilons,
            double[] startTimes, int count, long seed) {}

    /** The scenarios of a preset ({@code null}: "default"). */
    public static List<Scenario> build(String preset, Options o) {
        return REGISTRY.get(preset == null ? "default" : preset).factory().build(o);
    }

    private static List<Scenario> defaultPreset(Options o) {
        if (o.startTimes() != null && o.startTimes().length > 1 || o.epsilons() != null && o.epsilons().length > 1) {
            throw new IllegalArgumentException("the default preset takes one --t0 and one --epsilon value; "
                    + "for sweeps use --preset gaussian or counterexample");
        }
        Defaults g = Defaults.GAUSSIAN, c = Defaults.CONVEX_POTENTIAL;
        return List.of(
                gaussian(2, sdeOrDefault(o.sde(), "vp", 2), or(o.gridSize(), g.grid()), or(o.maxRank(), g.rank()),
                        or(o.steps(), g.steps()), first(o.startTimes(), 0.0), o.seed()),
                counterexample(first(o.epsilons(), 0.25), first(o.startTimes(), 0.0), sdeOrDefault(o.sde(), "ou", 2),
                        or(o.gridSize(), c.grid()), or(o.maxRank(), c.rank()), or(o.steps(), c.steps())));
    }

    private static List<Scenario> gaussians(Options o) {
        return family(o, Defaults.GAUSSIAN, new int[] {2, 3, 5}, Presets::gaussian);
    }

    private static List<Scenario> mixtures(Options o) {
        return family(o, Defaults.MIXTURE, new int[] {2, 3}, Presets::mixture);
    }

    /** A random-mixture family's scenario for dimension d (SDE default "vp") and start time t0. */
    @FunctionalInterface
    private interface Family {
        Scenario of(int d, NamedSde s, int n, int maxRank, int steps, double t0, long seed);
    }

    /** One scenario of {@code f} per dimension (default {@code defaultDims}) and start time, options over defaults g. */
    private static List<Scenario> family(Options o, Defaults g, int[] defaultDims, Family f) {
        List<Scenario> out = new ArrayList<>();
        for (int d : dims(o, defaultDims)) {
            for (double t0 : times(o)) {
                out.add(f.of(d, sdeOrDefault(o.sde(), "vp", d), or(o.gridSize(), g.grid()), or(o.maxRank(), g.rank()),
                        or(o.steps(), g.steps()), t0, o.seed()));
            }
        }
        return out;
    }

    private static List<Scenario> counterexamples(Options o) {
        Defaults c = Defaults.CONVEX_POTENTIAL;
        double[] eps = o.epsilons() == null || o.epsilons().length == 0 ? new double[] {0.1, 0.25} : o.epsilons();
        NamedSde s = sdeOrDefault(o.sde(), "ou", 2);
        // default start times 0, T/20, T/5 (0, 0.25, 1 in the OU form, T = 5)
        double[] t0s = o.startTimes() == null || o.startTimes().length == 0
                ? new double[] {0.0, s.horizon() / 20, s.horizon() / 5} : o.startTimes();
        List<Scenario> out = new ArrayList<>();
        for (double e : eps) {
            for (double t0 : t0s) {
                out.add(counterexample(e, t0, s, or(o.gridSize(), c.grid()),
                        or(o.maxRank(), c.rank()), or(o.steps(), c.steps())));
            }
        }
        return out;
    }

    private static List<Scenario> papers(Options o) {
        int count = o.count() <= 0 ? 1 : o.count();
        List<Scenario> out = new ArrayList<>();
        for (int d : dims(o, new int[] {2, 3, 7})) {
            for (int c = 0; c < count; c++) {
                out.add(paper(d, o.seed() + 1000L * c + d, o.gridSize(), o.maxRank(), o.steps()));
            }
        }
        return out;
    }

    private static int or(int v, int dflt) {
        return v > 0 ? v : dflt;
    }

    private static double first(double[] v, double dflt) {
        return v == null || v.length == 0 ? dflt : v[0];
    }

    private static double[] times(Options o) {
        return o.startTimes() == null || o.startTimes().length == 0 ? new double[] {0.0} : o.startTimes();
    }

    private static int[] dims(Options o, int[] dflt) {
        int[] d = o.dims() == null || o.dims().length == 0 ? dflt : o.dims();
        for (int v : d) {
            if (v < 1) {
                throw new IllegalArgumentException("dimensions must be >= 1, got " + v);
            }
        }
        return d;
    }

    /** A named SDE with its horizon T. */
    public record NamedSde(String name, LinearGaussianSde sde, double horizon) {}

    /** The SDE of that name in dimension d (see {@link #SDE_REGISTRY}). */
    public static NamedSde sde(String name, int d) {
        return SDE_REGISTRY.get(name).factory().apply(d);
    }

    private static NamedSde sdeOrDefault(String name, String dflt, int d) {
        return sde(name == null ? dflt : name, d);
    }

    /**
     * A cube that holds every component of the mixture to 7 standard deviations at all times of the
     * SDE (p_t = Σ w N(α μ, α² S + σ² I), so the widest extent is at t = 0 or at T).
     */
    public static ChebyshevBox boxFor(GaussianMixture m, NamedSde s, int n) {
        double half = 0;
        for (double t : new double[] {0, s.horizon()}) {
            GaussianMixture mt = t == 0 ? m : m.evolve(s.sde(), t);
            for (int k = 0; k < mt.components(); k++) {
                double[] mu = mt.mean(k), cov = mt.covariance(k);
                int d = mt.dim();
                for (int i = 0; i < d; i++) {
                    half = Math.max(half, Math.abs(mu[i]) + 7 * Math.sqrt(cov[i * d + i]));
                }
            }
        }
        half = Math.ceil(half * 2) / 2;
        return ChebyshevBox.cube(m.dim(), -half, half, n);
    }

    /** An anisotropic Gaussian (tridiagonal precision) and its closed-form OT map p_{t0} → p_T. */
    public static Scenario gaussian(int d, NamedSde s, int n, int maxRank, int steps, double t0, long seed) {
        return gaussian(Problems.randomMixture(d, 1, seed), s, n, maxRank, steps, t0);
    }

    /** A given Gaussian (a one-component mixture) and its closed-form OT map p_{t0} → p_T. */
    public static Scenario gaussian(GaussianMixture g, NamedSde s, int n, int maxRank, int steps, double t0) {
        if (g.components() != 1) {
            throw new IllegalArgumentException("a Gaussian scenario needs one component, got " + g.components());
        }
        int d = g.dim();
        GaussianMixture from = t0 == 0 ? g : g.evolve(s.sde(), t0);
        GaussianMixture to = g.evolve(s.sde(), s.horizon());
        GaussianOt.AffineMap map = GaussianOt.map(from.mean(0), from.covariance(0), to.mean(0), to.covariance(0));
        Scenario.ReferenceMap ref = Scenario.ReferenceMap.of("closed-form Gaussian OT map p_t0 -> p_T", false, true,
                map::apply);
        return new Scenario(String.format(Locale.ROOT, "gaussian-%s-d%d-t%s", s.name(), d, num(t0)), "gaussian",
                "t0=" + num(t0), s.sde(), s.name(), s.horizon(), t0, boxFor(g, s, n), steps, maxRank, 1e-10,
                InitialDensity.of(g), g::sample, new org.ttfp.ot.MixtureScore(g, s.sde()), ref, 1e-8);
    }

    /** A three-component mixture; the OT map is estimated by discrete OT to independent samples of p_T. */
    public static Scenario mixture(int d, NamedSde s, int n, int maxRank, int steps, double t0, long seed) {
        return mixture(Problems.randomMixture(d, 3, seed), s, n, maxRank, steps, t0, seed);
    }

    /** A given mixture; {@code seed} draws the independent samples of p_T for the OT estimate. */
    public static Scenario mixture(GaussianMixture g, NamedSde s, int n, int maxRank, int steps, double t0, long seed) {
        int d = g.dim();
        GaussianMixture to = g.evolve(s.sde(), s.horizon());
        Scenario.ReferenceMap ref = Scenario.ReferenceMap.of(
                "discrete OT to N independent samples of p_T (sampling error O(N^-1/d))", false, false, x -> {
                    int m = x.length / d;
                    double[] y = to.sample(new SplittableRandom(seed ^ 0x5eedL), m);
                    int[] pi = LinearAssignment.solve(x, y, d).rowToColumn();
                    double[] out = new double[x.length];
                    for (int i = 0; i < m; i++) {
                        System.arraycopy(y, pi[i] * d, out, i * d, d);
                    }
                    return out;
                });
        return new Scenario(String.format(Locale.ROOT, "mixture-%s-d%d-t%s", s.name(), d, num(t0)), "mixture",
                "t0=" + num(t0), s.sde(), s.name(), s.horizon(), t0, boxFor(g, s, n), steps, maxRank, 1e-10,
                InitialDensity.of(g), g::sample, new org.ttfp.ot.MixtureScore(g, s.sde()), t0 == 0 ? ref : null, 1e-8);
    }

    /**
     * The Lavenant–Santambrogio density μ0 = (∇u)⁻¹ # N(0, I), u = |x|²/2 + ε(x1 x2 + x1⁴), in the OU
     * form of the paper (T = 5; box [−7, 7]²: on [−6, 6]² the mass the transition carries over the
     * edge, about 1e−9 per step and never returned, biased the score by 5e−8 at t ≥ 1); at t0 = 0 the encoder's
     * limit is compared with the exact Brenier map ∇u.
     */
    public static Scenario counterexample(double eps, double t0, int n, int maxRank, int steps) {
        return counterexample(eps, t0, sde("ou", 2), n, maxRank, steps);
    }

    /**
     * The Lavenant–Santambrogio density under the SDE {@code s}; the name carries the SDE unless it
     * is the default OU form. The box is {@link #convexPotentialHalfWidth(NamedSde)}.
     */
    public static Scenario counterexample(double eps, double t0, NamedSde s, int n, int maxRank, int steps) {
        String suffix = s.name().equals("ou") ? "" : "-" + s.name();
        return convexPotential(String.format(Locale.ROOT, "counterexample-eps%s-t%s%s", num(eps), num(t0), suffix),
                "eps=" + num(eps) + " t0=" + num(t0), new LavenantSantambrogioPotential(eps), s, t0,
                convexPotentialHalfWidth(s), n, maxRank, steps);
    }

    /**
     * The default half-width of the box of a convex-potential density under {@code s}:
     * {@link #CONVEX_POTENTIAL_HALF_WIDTH} for the SDEs whose terminal law is near N(0, I) (OU, VP,
     * sub-VP: the widest law is μ0 or N(0, I)), and h·√(1 + σ(T)²) for VE, whose terminal law is μ0
     * blurred by N(0, σ(T)² I) (its standard deviation grows by that factor for a law of unit
     * variance).
     */
    public static double convexPotentialHalfWidth(NamedSde s) {
        double scale = terminalScale(s);
        double h = CONVEX_POTENTIAL_HALF_WIDTH * (scale == 1.0 ? 1.0 : Math.sqrt(1 + scale * scale));
        return Math.ceil(h * 2) / 2;
    }

    /**
     * The factor c with E/c compared against the map to N(0, I) (see {@link Scenario.ReferenceMap#scale()}):
     * σ(T) = √σ²(T) for the variance-exploding SDE (α ≡ 1), 1 for the others.
     */
    static double terminalScale(NamedSde s) {
        return s.sde() instanceof VeSde ? Math.sqrt(s.sde().sigma2(s.horizon())) : 1.0;
    }

    /** As {@link #convexPotential(String, String, ConvexPotential, NamedSde, double, double, int, int, int)} in the OU form. */
    public static Scenario convexPotential(String name, String parameter, ConvexPotential u, double t0, double half,
            int n, int maxRank, int steps) {
        return convexPotential(name, parameter, u, sde("ou", u.dim()), t0, half, n, maxRank, steps);
    }

    /**
     * A convex-potential density μ0 = (∇u)⁻¹ # N(0, I) under the SDE {@code s} on the cube
     * [−half, half]^d; at t0 = 0 the encoder's limit is compared with its own OT target: ∇u for the
     * SDEs whose laws tend to N(0, I) (VP, sub-VP, OU; the flow's remaining displacement after T is
     * the tail term of the error budget), E/σ(T) against ∇u for VE, whose terminal law is μ0 blurred
     * by N(0, σ(T)² I) (the tail is then the displacement the rescaled flow x/σ still makes as σ → ∞;
     * see MeasureStage#tail). The mass check of the solver allows 1e−3 (it sees the grid's quadrature
     * error of these non-Gaussian densities, not only the box's cut; the solver error is measured
     * by refinement).
     */
    public static Scenario convexPotential(String name, String parameter, ConvexPotential u, NamedSde s, double t0,
            double half, int n, int maxRank, int steps) {
        int d = u.dim();
        if (s.sde().dim() != d) {
            throw new IllegalArgumentException("sde '" + s.name() + "' has dimension " + s.sde().dim()
                    + ", the potential " + d);
        }
        double scale = terminalScale(s);
        String what = scale == 1.0 ? "Brenier map grad u to N(0, I) (limit T -> infinity)"
                : String.format(Locale.ROOT, "Brenier map grad u to N(0, I) against E/sigma(T), sigma(T) = %.6g "
                        + "(limit sigma -> infinity)", scale);
        Scenario.ReferenceMap ref = Scenario.ReferenceMap.of(what, true, true, scale, u::gradient);
        InitialDensity init = Problems.convexPotential(u);
        Scenario.Sampler sampler = (RandomGenerator rng, int count) -> u.sample(rng, count);
        return new Scenario(name, "convex-potential", parameter, s.sde(), s.name(), s.horizon(), t0,
                ChebyshevBox.cube(d, -half, half, n), steps, maxRank, 1e-10, init, sampler, null, t0 == 0 ? ref : null,
                1e-3);
    }

    /** The paper's Table-1 experiment for one random density (grid per d as in the paper). */
    public static Scenario paper(int d, long seed, int gridOverride, int rankOverride) {
        return paper(d, seed, gridOverride, rankOverride, 0);
    }

    /** As {@link #paper(int, long, int, int)} with a steps override (0: the protocol's steps). */
    public static Scenario paper(int d, long seed, int gridOverride, int rankOverride, int stepsOverride) {
        int n = gridOverride > 0 ? gridOverride : d == 2 ? 250 : d == 3 ? 100 : 50;
        int steps = stepsOverride > 0 ? stepsOverride : d == 2 ? 250 : d == 3 ? 100 : 50;
        double tol = d >= 7 ? 1e-8 : 1e-6;
        NamedSde s = sde("ou", d);
        InitialDensity init = d >= 7 ? PaperDensities.rank2TtTimesGaussian(d, seed) : Problems.quarticMixture(d, seed);
        return new Scenario(String.format(Locale.ROOT, "paper-d%d-seed%d", d, seed), d >= 7 ? "random-tt" : "quartic-mixture",
                "seed=" + seed, s.sde(), s.name(), s.horizon(), 0.0, ChebyshevBox.cube(d, -8, 8, n), steps,
                rankOverride > 0 ? rankOverride : 30, tol, init, null, null, null, Problems.PAPER_BOX_MASS_TOLERANCE);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
