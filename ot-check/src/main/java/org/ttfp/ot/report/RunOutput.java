package org.ttfp.ot.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The output folder of one run, written atomically: every file goes into a hidden temporary folder
 * next to the destination, and {@link #commit()} renames that folder to its final name in one step.
 * A run that fails or is interrupted leaves no partial report behind ({@link #close()} deletes the
 * temporary folder).
 */
public final class RunOutput implements AutoCloseable {
    /** Indented JSON; NaN and infinities are written as the strings "NaN", "Infinity" (Jackson's default). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final String name;
    private final Path temp;
    private Path committed;

    private RunOutput(Path root, String name, Path temp) {
        this.root = root;
        this.name = name;
        this.temp = temp;
    }

    /**
     * Opens a run called {@code name} under the folder {@code root} (created if missing).
     *
     * @throws IllegalArgumentException for a bad run name
     * @throws UncheckedIOException if the folder cannot be created or written, naming it (exit code 5 of the CLI)
     */
    public static RunOutput open(Path root, String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("run name must be a plain, non-hidden file name, got '" + name + "'");
        }
        if (root == null || root.toString().isBlank()) {
            throw new IllegalArgumentException("output folder is empty: expected a folder name");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("output folder " + root + " cannot be created ("
                    + (Files.exists(root) && !Files.isDirectory(root) ? "it is a file" : e.toString()) + ")", e);
        }
        if (!Files.isDirectory(root)) {
            throw new UncheckedIOException("output folder " + root + " is not a folder", new IOException("not a folder"));
        }
        try {
            Path temp = Files.createTempDirectory(root, ".tmp-" + name + "-");
            return new RunOutput(root, name, temp);
        } catch (IOException e) {
            throw new UncheckedIOException("output folder " + root + " cannot be written (" + e + ")", e);
        }
    }

    /** Path of a file in the (still temporary) run folder. */
    public Path file(String fileName) {
        if (committed != null) {
            throw new IllegalStateException("run already committed to " + committed);
        }
        return temp.resolve(fileName);
    }

    /** Writes a text file (UTF-8). */
    public void writeText(String fileName, String text) {
        try {
            Files.writeString(file(fileName), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + ": " + e.getMessage(), e);
        }
    }

    /** Writes an object as indented JSON (NaN written as the string "NaN"). */
    public void writeJson(String fileName, Object value) {
        try {
            JSON.writeValue(file(fileName).toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the finished run to {@code root/name} (or {@code name-2}, {@code name-3}, ... if taken) in
     * one atomic rename, and returns the final folder.
     */
    public synchronized Path commit() {
        if (committed != null) {
            return committed;
        }
        for (int attempt = 1; attempt < 1000; attempt++) {
            Path target = root.resolve(attempt == 1 ? name : name + "-" + attempt);
            if (Files.exists(target)) {
                continue;
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                committed = target;
                return target;
            } catch (FileAlreadyExistsException e) {
                // taken in the meantime: try the next name
            } catch (AtomicMoveNotSupportedException e) {
                throw new UncheckedIOException("the file system of " + root + " cannot rename folders atomically", e);
            } catch (IOException e) {
                if (Files.exists(target)) {
                    continue;
                }
                throw new UncheckedIOException("cannot move the run to " + target + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no free run folder name under " + root + " for " + name);
    }

    /** Deletes the temporary folder unless the run was committed. */
    @Override
    public synchronized void close() {
        if (committed != null || !Files.exists(temp)) {
            return;
        }
        try (Stream<Path> s = Files.walk(temp)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary folder " + temp, e);
        }
    }
}
