package io.cpuidmask.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A register table reads as the sorted map it was made from, and an interner shares equal ones. */
class RegisterTableTest {

    private static final RegisterKey L0 = RegisterKey.of(0, Register.EAX);
    private static final RegisterKey L1 = RegisterKey.of(1, Register.ECX);
    private static final RegisterKey L7 = RegisterKey.of(7, 1, Register.EAX);

    private static TreeMap<RegisterKey, Integer> map(int a, int b) {
        TreeMap<RegisterKey, Integer> m = new TreeMap<>();
        m.put(L7, b);
        m.put(L0, a);
        m.put(L1, -1);
        return m;
    }

    @Test
    void readsAsTheSortedMapItWasMadeFrom() {
        TreeMap<RegisterKey, Integer> m = map(0xd, 5);
        RegisterTable t = RegisterTable.of(Map.copyOf(m));
        assertEquals(m, t);
        assertEquals(t, m);
        assertEquals(m.hashCode(), t.hashCode());
        assertEquals(List.copyOf(m.keySet()), List.copyOf(t.keySet()));
        assertEquals(-1, t.get(L1));
        assertNull(t.get(RegisterKey.of(2, Register.EAX)));
        assertNull(t.get("not a key"));
        assertEquals(L0, t.firstKey());
        assertEquals(L7, t.lastKey());
        assertEquals(m.headMap(L7), t.headMap(L7));
        assertThrows(UnsupportedOperationException.class, () -> t.put(L0, 1));
    }

    @Test
    void internerSharesEqualTablesAndTheirKeys() {
        RegisterTable.Interner interner = new RegisterTable.Interner();
        RegisterTable a = interner.table(map(1, 2));
        assertSame(a, interner.table(map(1, 2)));
        RegisterTable b = interner.table(map(1, 3));
        assertNotSame(a, b);
        assertEquals(map(1, 3), b);
        // lines are not shared as tables, only their keys: equal, but each its own
        RegisterTable lines = interner.keys(map(10, 11));
        assertEquals(map(10, 11), lines);
        assertNotSame(lines, interner.keys(map(10, 11)));
    }
}
