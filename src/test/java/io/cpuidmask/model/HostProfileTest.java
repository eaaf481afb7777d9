package io.cpuidmask.model;

import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostProfileTest {

    private static HostProfile host(Map<RegisterKey, Integer> regs) {
        return new HostProfile("h", null, null, null, new TreeMap<>(regs), new SourceRef("h.yaml", 1), Map.of());
    }

    @Test
    void decodesVendorFromLeafZero() {
        HostProfile h = host(Map.of(RegisterKey.of(0, Register.EAX), 0xd,
                RegisterKey.of(0, Register.EBX), 0x756e6547, RegisterKey.of(0, Register.EDX), 0x49656e69,
                RegisterKey.of(0, Register.ECX), 0x6c65746e));
        assertEquals("GenuineIntel", h.vendor());
        assertEquals("default", h.cluster());
    }

    @Test
    void absentRegisterIsUnknownNotZero() {
        HostProfile h = host(Map.of(RegisterKey.of(1, Register.ECX), 5));
        assertEquals(OptionalInt.of(5), h.value(RegisterKey.of(1, Register.ECX)));
        assertTrue(h.value(RegisterKey.of(1, Register.EDX)).isEmpty());
        assertTrue(h.value(RegisterKey.of(7, Register.EBX)).isEmpty());
    }

    @Test
    void leafAboveTheMaximumReadsAsZero() {
        HostProfile h = host(Map.of(RegisterKey.of(0, Register.EAX), 5,
                RegisterKey.of(0x80000000L, Register.EAX), 0x80000004));
        assertEquals(OptionalInt.of(0), h.value(RegisterKey.of(7, Register.EBX)));
        assertTrue(h.value(RegisterKey.of(5, Register.EBX)).isEmpty());
        assertEquals(OptionalInt.of(0), h.value(RegisterKey.of(0x80000008L, Register.EBX)));
        assertTrue(h.value(RegisterKey.of(0x80000001L, Register.EDX)).isEmpty());
    }

    @Test
    void leafSevenSubleafAboveItsMaximumReadsAsZero() {
        HostProfile h = host(Map.of(RegisterKey.of(7, Register.EAX), 0));
        assertEquals(OptionalInt.of(0), h.value(RegisterKey.of(7, 1, Register.EAX)));
        HostProfile h2 = host(Map.of(RegisterKey.of(7, Register.EAX), 1));
        assertTrue(h2.value(RegisterKey.of(7, 1, Register.EAX)).isEmpty());
    }
}
