package org.ttfp.fp.sde;

import org.ttfp.fp.FpChecks;

import org.ttfp.linalg.EjmlBackend;

/**
 * The exponential e^A of a dense real n x n matrix (column-major, element (i, j) at i + n·j) by
 * scaling and squaring with a diagonal Padé approximant (Higham, SIAM J. Matrix Anal. Appl. 26
 * (2005) 1179–1193): with θ_m the bounds of that paper, the degree m ∈ {3, 5, 7, 9, 13} is the
 * lowest with ‖A‖₁ ≤ θ_m; above θ_13, A is scaled by 2^{−s}, s = ⌈log₂(‖A‖₁/θ_13)⌉, the
 * [13/13] approximant r(A/2^s) = (V − U)⁻¹(V + U) computed and squared s times. The backward error
 * is at the level of the unit round-off for any A. Cost: about (6 + 4/3 + 2s) n³ flops for the
 * [13/13] case (six products, one LU solve, s squarings).
 *
 * <p>Used for the per-mode diffusion propagators e^{τ D²} of the split scheme (where ‖τ D²‖ can
 * reach 10⁴: s ≈ 11) and for Van Loan's block formula of the OU covariance.
 */
public final class MatrixExponential {

    private static final double[] THETA = {1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
        2.097847961257068e0, 5.371920351148152e0};
    private static final double[][] PADE = {
        {120, 60, 12, 1},
        {30240, 15120, 3360, 420, 30, 1},
        {17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1},
        {17643225600.0, 8821612800.0, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1},
        {64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
            10559470521600.0, 670442572800.0, 33522128640.0, 1323241920, 40840800, 960960, 16380, 182, 1}};

    private MatrixExponential() {}

    /**
     * e^A for a column-major n x n matrix.
     *
     * @throws IllegalArgumentException if the length is not n² (n ≥ 1) or an entry is NaN/Inf
     * @throws ArithmeticException if the exponential overflows
     */
    public static double[] expm(double[] a, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + ": expected a matrix size >= 1");
        }
        double[] m = FpChecks.finiteArray("a", a, n * n);
        double norm = norm1(m, n);
        double[] result;
        int s = 0;
        int deg;
        if (norm <= THETA[3]) {
            deg = norm <= THETA[0] ? 0 : norm <= THETA[1] ? 1 : norm <= THETA[2] ? 2 : 3;
            result = padeLow(m, n, PADE[deg]);
        } else {
            if (norm > THETA[4]) {
                s = Math.max(0, (int) Math.ceil(Math.log(norm / THETA[4]) / Math.log(2)));
                scale(m, Math.scalb(1.0, -s));
            }
            result = pade13(m, n);
        }
        for (int k = 0; k < s; k++) {
            result = multiply(result, result, n);
        }
        for (double v : result) {
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("matrix exponential overflows (‖A‖₁ = " + norm + ")");
            }
        }
        return result;
    }

    /** [m/m] Padé for m ≤ 9: U = A Σ_odd b_k A^{k−1}, V = Σ_even b_k A^k. */
    private static double[] padeLow(double[] a, int n, double[] b) {
        int m = b.length - 1;
        double[] a2 = multiply(a, a, n);
        double[] u = identityTimes(n, b[1]);
        double[] v = identityTimes(n, b[0]);
        double[] pow = a2;
        for (int k = 2; k <= m; k += 2) {
            axpy(b[k + 1], pow, u);
            axpy(b[k], pow, v);
            if (k + 2 <= m) {
                pow = multiply(pow, a2, n);
            }
        }
        return solvePade(multiply(a, u, n), v, n);
    }

    private static double[] pade13(double[] a, int n) {
        double[] b = PADE[4];
        double[] a2 = multiply(a, a, n);
        double[] a4 = multiply(a2, a2, n);
        double[] a6 = multiply(a4, a2, n);
        double[] u = multiply(a, pade13Half(b, 1, a2, a4, a6, n), n);
        double[] v = pade13Half(b, 0, a2, a4, a6, n);
        return solvePade(u, v, n);
    }

    /**
     * A6 (b_{o+12} A6 + b_{o+10} A4 + b_{o+8} A2) + b_{o+6} A6 + b_{o+4} A4 + b_{o+2} A2 + b_o I: the
     * odd (o = 1, before the factor A) or even (o = 0) half of the degree-13 Padé approximant.
     */
    private static double[] pade13Half(double[] b, int o, double[] a2, double[] a4, double[] a6, int n) {
        double[] t = new double[n * n];
        axpy(b[o + 12], a6, t);
        axpy(b[o + 10], a4, t);
        axpy(b[o + 8], a2, t);
        double[] h = multiply(a6, t, n);
        axpy(b[o + 6], a6, h);
        axpy(b[o + 4], a4, h);
        axpy(b[o + 2], a2, h);
        addIdentity(h, n, b[o]);
        return h;
    }

    /** (V − U)⁻¹ (V + U). */
    private static double[] solvePade(double[] u, double[] v, int n) {
        double[] p = new double[n * n];
        double[] q = new double[n * n];
        for (int k = 0; k < n * n; k++) {
            p[k] = v[k] + u[k];
            q[k] = v[k] - u[k];
        }
        return solve(q, p, n, n);
    }

    /** C = A B for column-major n x n matrices (the EJML kernel of the heap backend). Cost 2n³. */
    static double[] multiply(double[] a, double[] b, int n) {
        EjmlBackend be = EjmlBackend.get();
        return be.mul(be.fromArray(a, n, n), be.fromArray(b, n, n)).toArray();
    }

    /**
     * Solves A X = B (A n x n, B n x m, column-major) by LU with partial pivoting (EJML).
     * Cost 2n³/3 + 2n²m.
     *
     * @throws ArithmeticException if A is singular to working precision
     */
    static double[] solve(double[] a, double[] b, int n, int m) {
        EjmlBackend be = EjmlBackend.get();
        return be.solve(be.fromArray(a, n, n), be.fromArray(b, n, m)).toArray();
    }

    /** max_j Σ_i |a_ij|. */
    static double norm1(double[] a, int n) {
        double max = 0;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(a[i + n * j]);
            }
            max = Math.max(max, s);
        }
        return max;
    }

    private static void scale(double[] a, double s) {
        for (int k = 0; k < a.length; k++) {
            a[k] *= s;
        }
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int k = 0; k < x.length; k++) {
            y[k] += alpha * x[k];
        }
    }

    private static double[] identityTimes(int n, double c) {
        double[] m = new double[n * n];
        addIdentity(m, n, c);
        return m;
    }

    private static void addIdentity(double[] m, int n, double c) {
        for (int i = 0; i < n; i++) {
            m[i + n * i] += c;
        }
    }
}
