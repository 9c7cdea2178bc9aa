package org.ttfp.fp.density;



/**
 * Solves ∇u(x) = z for a strongly convex potential u by damped Newton: step p = −D²u(x)⁻¹ r with
 * r = ∇u(x) − z, backtracking (halving) until the merit ½|r|² satisfies the Armijo condition
 * |r(x + tp)|² ≤ (1 − 10⁻⁴ t)|r(x)|². Since D²u ⪰ m I everywhere, p is a descent direction of
 * ½|r|² (slope −|r|²), its only stationary point is the root, and ½|r|² is coercive, so the
 * iteration converges globally and quadratically near the root. The residual is measured in
 * absolute terms, so, unlike a merit on u(x) − z·x, it keeps resolving down to rounding.
 */
final class NewtonInverse {

    static final int MAX_ITERATIONS = 100;
    static final double TOLERANCE = 1e-12;

    private NewtonInverse() {
    }

    /** Writes (∇u)⁻¹(z) for the point z[zOff..zOff+d) into out[outOff..). */
    static void solve(ConvexPotential u, double[] z, int zOff, double[] out, int outOff) {
        int d = u.dim();
        double[] zz = new double[d];
        System.arraycopy(z, zOff, zz, 0, d);
        double[] x = zz.clone();
        double[] r = new double[d];
        double[] rt = new double[d];
        double[] p = new double[d];
        double[] xt = new double[d];
        double[] h = new double[d * d];
        double zmax = maxAbs(zz);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double r2 = residual(u, x, zz, r);
            double res = maxAbs(r);
            double scale = 1 + zmax + maxAbs(x);
            newtonStep(u, x, r, h, p);
            if (res <= TOLERANCE * scale) {
                // converged: one more full step only if it helps
                for (int i = 0; i < d; i++) {
                    xt[i] = x[i] + p[i];
                }
                if (residual(u, xt, zz, rt) < r2) {
                    System.arraycopy(xt, 0, x, 0, d);
                }
                System.arraycopy(x, 0, out, outOff, d);
                return;
            }
            boolean accepted = false;
            for (double t = 1; t >= 1e-10; t *= 0.5) {
                for (int i = 0; i < d; i++) {
                    xt[i] = x[i] + t * p[i];
                }
                if (residual(u, xt, zz, rt) <= (1 - 1e-4 * t) * r2) {
                    accepted = true;
                    break;
                }
            }
            if (!accepted) {
                if (res <= 1e-9 * scale) {
                    // the residual sits at its rounding floor, just above the tolerance
                    System.arraycopy(x, 0, out, outOff, d);
                    return;
                }
                throw new ArithmeticException("Newton iteration for (grad u)^-1(z) stalled at point " + (zOff / d)
                        + " with residual " + res + " after " + it + " iterations");
            }
            System.arraycopy(xt, 0, x, 0, d);
        }
        residual(u, x, zz, r);
        double res = maxAbs(r);
        if (res <= 1e-9 * (1 + zmax + maxAbs(x))) {
            // the residual stagnates at its rounding floor (cubic terms of ∇u), above TOLERANCE but accurate
            System.arraycopy(x, 0, out, outOff, d);
            return;
        }
        throw new ArithmeticException("Newton iteration for (grad u)^-1(z) did not converge at point " + (zOff / d)
                + " in " + MAX_ITERATIONS + " iterations (residual " + res + ")");
    }

    /** r = ∇u(x) − z; returns |r|². */
    private static double residual(ConvexPotential u, double[] x, double[] z, double[] r) {
        u.gradient(x, 0, r, 0);
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] -= z[i];
            s += r[i] * r[i];
        }
        return s;
    }

    /** p = −D²u(x)⁻¹ r. */
    private static void newtonStep(ConvexPotential u, double[] x, double[] r, double[] h, double[] p) {
        int d = x.length;
        u.hessian(x, 0, h);
        double[] l = DenseSymmetric.cholesky(h, d, "D²u(x)");
        DenseSymmetric.solveLower(l, d, r, 0, p, 0);
        DenseSymmetric.solveLowerTransposed(l, d, p, 0, p, 0);
        for (int i = 0; i < d; i++) {
            p[i] = -p[i];
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
