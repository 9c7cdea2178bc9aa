package org.ttfp.ot.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A registry of named entries, each with a one-line description, the command-line options it uses
 * and a factory. It is the single source of a command's names: the help text
 * ({@link #describe()}), the completion candidates ({@link #names()}), validation and lookup
 * ({@link #get}) all come from it. Registering a new entry is one call of {@link #register}.
 *
 * <p>Names are matched case-insensitively after trimming. Entries keep their registration order.
 *
 * @param <F> the factory type (e.g. a function from options to scenarios)
 */
public final class Registry<F> {

    /**
     * One named entry.
     *
     * @param name        the name users type (lower case, no blanks)
     * @param description one line: what the entry is
     * @param options     the entry-specific command-line options it reads (e.g. {@code --dims}), kept
     *                    sorted; an option of the command that is not here and not common to all entries is refused
     * @param factory     what builds the entry's object
     * @param <F>         the factory type
     */
    public record Entry<F>(String name, String description, Set<String> options, F factory) {
        /** Checks the fields. */
        public Entry {
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("entry name '" + name + "': expected lower-case letters, digits, '-'");
            }
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException("entry " + name + ": description is empty");
            }
            if (factory == null) {
                throw new IllegalArgumentException("entry " + name + ": factory is null");
            }
            options = Collections.unmodifiableSet(new TreeSet<>(options == null ? Set.of() : options));
        }

        /** Whether this entry reads the option (e.g. {@code "--dims"}). */
        public boolean uses(String option) {
            return options.contains(option);
        }
    }

    private final String kind;
    private final Map<String, Entry<F>> entries = new LinkedHashMap<>();

    /**
     * An empty registry.
     *
     * @param kind what the entries are, in words ("preset", "problem"), used in messages
     */
    public Registry(String kind) {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("registry kind is empty");
        }
        this.kind = kind;
    }

    /**
     * Adds an entry.
     *
     * @param options the entry-specific options it reads (see {@link Entry#options})
     * @return this registry
     * @throws IllegalArgumentException if the name is taken or a field is invalid
     */
    public Registry<F> register(String name, String description, Set<String> options, F factory) {
        Entry<F> e = new Entry<>(name, description, options, factory);
        if (entries.putIfAbsent(name, e) != null) {
            throw new IllegalArgumentException(kind + " '" + name + "' is registered twice");
        }
        return this;
    }

    /** What the entries are, in words. */
    public String kind() {
        return kind;
    }

    /** The names in registration order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The entries in registration order. */
    public List<Entry<F>> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * The entry of that name.
     *
     * @throws IllegalArgumentException naming the value and the valid names when there is none
     */
    public Entry<F> get(String name) {
        if (name == null) {
            throw new IllegalArgumentException(kind + " name is missing: expected one of " + names());
        }
        Entry<F> e = entries.get(name.trim().toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "': expected one of " + names());
        }
        return e;
    }

    /** Every option some entry reads (the entry-specific options of the command). */
    public Set<String> allOptions() {
        Set<String> all = new LinkedHashSet<>();
        for (Entry<F> e : entries.values()) {
            all.addAll(e.options());
        }
        return all;
    }

    /** One line per entry, "name: description (options: ...)", for help texts. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Entry<F> e : entries.values()) {
            out.add(e.name() + ": " + e.description()
                    + (e.options().isEmpty() ? "" : " (options: " + String.join(" ", e.options()) + ")"));
        }
        return out;
    }
}
