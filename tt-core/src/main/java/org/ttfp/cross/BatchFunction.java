package org.ttfp.cross;

/**
 * A black-box tensor A(i_1, ..., i_d) evaluated in batches, as TT-cross calls it.
 *
 * <p>The cross asks for the values at {@code count} multi-indices at once (one call per fibre set),
 * so an implementation can vectorize over them. Indices are 0-based; for mode sizes n_k,
 * 0 ≤ i_k &lt; n_k.
 */
@FunctionalInterface
public interface BatchFunction {
    /**
     * Writes A at {@code count} multi-indices.
     *
     * @param indices the multi-indices row-major, count x d: i_k of sample s is {@code indices[s*d + k]};
     *                read only
     * @param count   the number of multi-indices (≥ 1)
     * @param out     receives the values: {@code out[s]} = A(indices[s*d .. s*d + d − 1]); length ≥ count,
     *                each value must be finite
     */
    void evaluate(int[] indices, int count, double[] out);
}
