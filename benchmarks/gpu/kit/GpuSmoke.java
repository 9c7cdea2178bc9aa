import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasDgemm;
import static jcuda.jcublas.JCublas2.cublasGetVector;
import static jcuda.jcublas.JCublas2.cublasGetVersion;
import static jcuda.jcublas.JCublas2.cublasSetVector;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.runtime.JCuda.cudaDeviceSynchronize;
import static jcuda.runtime.JCuda.cudaDriverGetVersion;
import static jcuda.runtime.JCuda.cudaFree;
import static jcuda.runtime.JCuda.cudaMalloc;
import static jcuda.runtime.JCuda.cudaRuntimeGetVersion;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.JCuda;

/**
 * The kit's first check on a GPU machine, before any ttfp code: CUDA driver, runtime and cuBLAS
 * versions, then C = A·B for random 256 × 256 matrices on the device against a host triple loop.
 * Prints PASS when max |C_gpu − C_cpu| &lt; 1e−9; exit status 0 on PASS, 1 otherwise.
 */
public final class GpuSmoke {
    private GpuSmoke() {}

    public static void main(String[] args) {
        int[] version = new int[1];
        System.out.println("cuda driver version " + version(cudaDriverGetVersion(version), version));
        System.out.println("cuda runtime version " + version(cudaRuntimeGetVersion(version), version));
        JCuda.setExceptionsEnabled(true);
        JCublas2.setExceptionsEnabled(true);
        cublasHandle handle = new cublasHandle();
        cublasCreate(handle);
        cublasGetVersion(handle, version);
        System.out.println("cublas version " + version[0]);

        int n = 256;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = rng.nextDouble();
            b[i] = rng.nextDouble();
        }
        double[] expected = new double[n * n];
        for (int col = 0; col < n; col++) {
            for (int k = 0; k < n; k++) {
                double bkc = b[col * n + k];
                for (int row = 0; row < n; row++) {
                    expected[col * n + row] += a[k * n + row] * bkc;
                }
            }
        }
        long bytes = (long) n * n * Sizeof.DOUBLE;
        Pointer da = new Pointer();
        Pointer db = new Pointer();
        Pointer dc = new Pointer();
        cudaMalloc(da, bytes);
        cudaMalloc(db, bytes);
        cudaMalloc(dc, bytes);
        cublasSetVector(n * n, Sizeof.DOUBLE, Pointer.to(a), 1, da, 1);
        cublasSetVector(n * n, Sizeof.DOUBLE, Pointer.to(b), 1, db, 1);
        cublasDgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, Pointer.to(new double[] {1}), da, n, db, n,
                Pointer.to(new double[] {0}), dc, n);
        cudaDeviceSynchronize();
        double[] c = new double[n * n];
        cublasGetVector(n * n, Sizeof.DOUBLE, dc, 1, Pointer.to(c), 1);
        double err = 0;
        for (int i = 0; i < n * n; i++) {
            err = Math.max(err, Math.abs(c[i] - expected[i]));
        }
        boolean pass = err < 1e-9;
        System.out.println("DGEMM " + n + "^3 max|err| = " + err + (pass ? "  PASS" : "  FAIL"));
        cudaFree(da);
        cudaFree(db);
        cudaFree(dc);
        cublasDestroy(handle);
        System.exit(pass ? 0 : 1);
    }

    private static String version(int status, int[] v) {
        return status == 0 ? Integer.toString(v[0]) : "unavailable (status " + status + ")";
    }
}
