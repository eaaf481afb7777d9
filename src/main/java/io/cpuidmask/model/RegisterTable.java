package io.cpuidmask.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * An immutable map from registers to 32-bit numbers (a host's register values, or their lines),
 * in register order: the keys in a sorted array, which hosts with the same registers share, and
 * the numbers unboxed. A {@link TreeMap} of boxed numbers costs about 2.8 KB per host; an estate
 * of 100,000 hosts holds a few hundred distinct tables ({@link Interner}).
 */
public final class RegisterTable extends AbstractMap<RegisterKey, Integer> implements SortedMap<RegisterKey, Integer> {

    public static final RegisterTable EMPTY = new RegisterTable(new RegisterKey[0], new int[0]);

    private final RegisterKey[] keys;
    private final int[] values;
    private final int hash;

    private RegisterTable(RegisterKey[] keys, int[] values) {
        this.keys = keys;
        this.values = values;
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += keys[i].hashCode() ^ Integer.hashCode(values[i]); // Map's hashCode contract
        }
        this.hash = h;
    }

    /** The map as a table (itself when it is one); no null key or value. */
    public static RegisterTable of(Map<RegisterKey, Integer> map) {
        if (map instanceof RegisterTable t) {
            return t;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        SortedMap<RegisterKey, Integer> sorted = map instanceof SortedMap<RegisterKey, Integer> m && m.comparator() == null
                ? m : new TreeMap<>(map);
        RegisterKey[] keys = new RegisterKey[sorted.size()];
        int[] values = new int[keys.length];
        int i = 0;
        for (Map.Entry<RegisterKey, Integer> e : sorted.entrySet()) {
            keys[i] = Objects.requireNonNull(e.getKey(), "register");
            values[i] = Objects.requireNonNull(e.getValue(), "value");
            i++;
        }
        return new RegisterTable(keys, values);
    }

    /**
     * Shares equal tables, and equal key arrays among tables, across the hosts of a run; safe for
     * the threads that read files in parallel.
     */
    public static final class Interner {

        private final Map<RegisterTable, RegisterTable> tables = new ConcurrentHashMap<>();
        private final Map<List<RegisterKey>, RegisterKey[]> keySets = new ConcurrentHashMap<>();

        /** The one table equal to this map. */
        public RegisterTable table(Map<RegisterKey, Integer> map) {
            RegisterTable t = shared(of(map));
            return tables.computeIfAbsent(t, k -> k);
        }

        /** A table equal to this map, with shared keys (for numbers that seldom repeat, such as lines). */
        public RegisterTable keys(Map<RegisterKey, Integer> map) {
            return shared(of(map));
        }

        private RegisterTable shared(RegisterTable t) {
            RegisterKey[] k = keySets.computeIfAbsent(Arrays.asList(t.keys), l -> t.keys);
            return k == t.keys ? t : new RegisterTable(k, t.values);
        }
    }

    private int indexOf(Object key) {
        return key instanceof RegisterKey k ? Arrays.binarySearch(keys, k) : -1;
    }

    @Override
    public Integer get(Object key) {
        int i = indexOf(key);
        return i >= 0 ? values[i] : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public void forEach(BiConsumer<? super RegisterKey, ? super Integer> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<Entry<RegisterKey, Integer>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<RegisterKey, Integer>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < keys.length;
                    }

                    @Override
                    public Entry<RegisterKey, Integer> next() {
                        if (i >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<RegisterKey, Integer> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public Comparator<? super RegisterKey> comparator() {
        return null;
    }

    @Override
    public RegisterKey firstKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return keys[0];
    }

    @Override
    public RegisterKey lastKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return keys[keys.length - 1];
    }

    // Views are rare (no caller on a hot path): a sorted copy serves them.
    @Override
    public SortedMap<RegisterKey, Integer> subMap(RegisterKey from, RegisterKey to) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(from, to));
    }

    @Override
    public SortedMap<RegisterKey, Integer> headMap(RegisterKey to) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(to));
    }

    @Override
    public SortedMap<RegisterKey, Integer> tailMap(RegisterKey from) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(from));
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof RegisterTable t) {
            return hash == t.hash && Arrays.equals(keys, t.keys) && Arrays.equals(values, t.values);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
