package org.ttfp.linalg;

/** Thrown when a backend cannot be created on this machine (no native library, no CUDA device, ...). */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) { super(message); }

    public BackendUnavailableException(String message, Throwable cause) { super(message, cause); }
}
