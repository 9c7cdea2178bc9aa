package org.ttfp.tt;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The one cancellation mechanism of ttfp: a flag that long computations (TT-cross, the
 * Fokker–Planck solve, the encoder, a verification run) poll at safe points. When it is raised,
 * the computation stops at the next safe point by throwing {@link CancellationException} whose
 * message names where it stopped; nothing half-computed is returned.
 *
 * <p>Usage: {@code Cancellation c = Cancellation.of(flag::get); ... c.check("in step 5 of 100");}.
 */
@FunctionalInterface
public interface Cancellation {

    /** Never cancelled. */
    Cancellation NONE = () -> false;

    /** @return true once the computation should stop */
    boolean isCancelled();

    /**
     * Throws if cancelled.
     *
     * @param where what was running, e.g. {@code "in step 5 of 100 of the Fokker-Planck solve"}
     * @throws CancellationException if {@link #isCancelled()} is true
     */
    default void check(String where) {
        if (isCancelled()) {
            throw new CancellationException("cancelled " + where);
        }
    }

    /**
     * Adapts a boolean supplier ({@code null} means never cancelled).
     *
     * @param flag polled at every safe point; must be cheap and thread-safe
     * @return the cancellation
     */
    static Cancellation of(BooleanSupplier flag) {
        if (flag == null) {
            return NONE;
        }
        return flag::getAsBoolean;
    }

    /**
     * Cancelled when either is.
     *
     * @param other the second source
     * @return the combination
     */
    default Cancellation or(Cancellation other) {
        Objects.requireNonNull(other, "other");
        return () -> isCancelled() || other.isCancelled();
    }
}
