package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Todd Allen's cpuid: real -1r and -r output of the machine the samples were taken on. */
class CpuidToolFormatTest {

    private static final Pattern LINE = Pattern.compile(
            "(?m)^\\s+0x(\\p{XDigit}{8}) 0x(\\p{XDigit}{2}): eax=0x(\\p{XDigit}{8}) ebx=0x(\\p{XDigit}{8})"
                    + " ecx=0x(\\p{XDigit}{8}) edx=0x(\\p{XDigit}{8})$");

    @Test
    void oneCpuOutputGivesTheDumpsValues() {
        assertMatchesDump(TestDumps.sample("this-host.cpuid-1r.txt"));
    }

    @Test
    void allCpuOutputUsesCpuZeroWithoutWarnings() {
        ImportResult r = assertMatchesDump(TestDumps.sample("this-host.cpuid-r.txt"));
        assertEquals(List.of(), r.warnings());
        assertTrue(r.comments().get(0).contains("CPU 0"), r.comments().toString());
    }

    private static ImportResult assertMatchesDump(Path file) {
        ImportResult r = TestDumps.importFile(file);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals("cpuid", r.format());
        HostProfile p = r.profile();
        Matcher m = LINE.matcher(TestDumps.text(file));
        int checked = 0;
        while (m.find()) {
            long leaf = Long.parseLong(m.group(1), 16);
            int sub = Integer.parseInt(m.group(2), 16);
            Integer eax = p.registers().get(TestDumps.key(leaf, sub, Register.EAX));
            if (eax == null) {
                continue; // not a covered leaf
            }
            if (checked >= 9) {
                break; // the first CPU's covered leaves are done; later lines belong to CPU 1
            }
            assertEquals((int) Long.parseLong(m.group(3), 16), eax, m.group());
            assertEquals((int) Long.parseLong(m.group(6), 16), p.registers().get(TestDumps.key(leaf, sub, Register.EDX)));
            checked++;
        }
        assertEquals(9, checked, "all nine covered leaves are in a modern CPU's dump");
        return r;
    }

    /** The docs say CPU 0 is profiled: so it is, wherever the dump lists it. */
    @Test
    void cpuZeroIsProfiledEvenWhenListedSecond() {
        DumpReading r = new CpuidToolFormat().read("order.txt",
                "CPU 1:\n   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n"
                        + "   0x00000001 0x00: eax=0x000306f2 ebx=0x01000800 ecx=0x7ffefbff edx=0xbfebfbff\n"
                        + "CPU 0:\n   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n"
                        + "   0x00000001 0x00: eax=0x000306f2 ebx=0x00000800 ecx=0x7ffefbff edx=0xbfebfbff\n");
        assertTrue(r.ok(), r.errors().toString());
        assertEquals("CPU 0", r.cpuLabel());
        assertEquals(0x0000_0800, r.cpu().value(1, 0, Register.EBX).getAsInt());
    }

    @Test
    void aCutLineIsAnError() {
        DumpReading r = new CpuidToolFormat().read("cut.txt",
                "CPU:\n   0x00000000 0x00: eax=0x0000001c ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n"
                        + "   0x00000001 0x00: eax=0x00a10f11 ebx=0x0002");
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).render().startsWith("cut.txt:3: "), r.errors().toString());
    }
}
