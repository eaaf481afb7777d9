package io.cpuidmask.report;

import io.cpuidmask.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code report.xen.cfg} of {@code check profiles --format xen} (every shipped cluster and guest)
 * read by Xen 4.17's own parsers through {@link Libxl} (skipped visibly without Debian's
 * libxenmisc4.17). Whatever the renderer derives its bits from, each section must be a domain
 * config whose {@code cpuid} setting xl takes without a message, that only hides ({@code 0}),
 * that gives leaves 7 and 0xD their subleaf and other leaves none (else Xen finds no such leaf
 * when it applies the policy), and whose commented libxl form, where there is one, means exactly
 * the same bits to libxl.
 */
class XenReportLibxlTest {

    @Test
    void everySectionIsACpuidSettingLibxlTakes(@TempDir Path out) throws Exception {
        Libxl libxl = Libxl.assumeInstalled();
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
                "check", "profiles", "--format", "xen", "--out", out.toString());
        assertTrue(code == 0 || code == 1, () -> "exit " + code + "\n" + stderr);
        List<String> sections = sections(Files.readString(out.resolve("report.xen.cfg")));

        List<String> wrong = new ArrayList<>();
        int libxlForms = 0;
        int hiding = 0;
        for (String section : sections) {
            String head = section.lines().findFirst().orElse("");
            Libxl.Config active = libxl.parseConfig(section);
            if (!active.errors().isEmpty()) {
                wrong.add(head + ": xl says " + active.errors());
            }
            for (Libxl.Setting s : active.policy().settings()) {
                if (s.value() != '0') {
                    wrong.add(head + ": " + s + " does not hide");
                }
            }
            for (Libxl.CpuidEntry e : active.policy().cpuid()) {
                boolean hasSubleaves = e.leaf() == 7 || e.leaf() == 0xd;
                if (hasSubleaves != (e.subleaf() != Libxl.NO_SUBLEAF)) {
                    wrong.add(head + ": leaf 0x" + Long.toHexString(e.leaf()) + (hasSubleaves ? " without" : " with")
                            + " a subleaf");
                }
            }
            hiding += active.policy().settings().isEmpty() ? 0 : 1;
            for (String line : section.lines().toList()) {
                int at = line.indexOf("cpuid = ");
                if (line.startsWith("#") && at > 0) {
                    libxlForms++;
                    Libxl.Config c = libxl.parseConfig(line.substring(at));
                    if (!c.errors().isEmpty()) {
                        wrong.add(head + ", comment " + line + ": xl says " + c.errors());
                    } else if (!new HashSet<>(c.policy().settings()).equals(new HashSet<>(active.policy().settings()))) {
                        wrong.add(head + ", comment " + line + ": sets " + c.policy().settings() + ", the line above "
                                + active.policy().settings());
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(sections.size() >= 50 && hiding > 0, sections.size() + " sections, " + hiding + " hide anything");
        System.out.printf("libxl reads all %d sections of report.xen.cfg (%d hide bits, %d with the libxl form)%n",
                sections.size(), hiding, libxlForms);
    }

    /** The text from each {@code # == cluster} line to the next. */
    static List<String> sections(String cfg) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : cfg.lines().toList()) {
            if (line.startsWith("# == ")) {
                if (cur != null) {
                    out.add(cur.toString());
                }
                cur = new StringBuilder();
            }
            if (cur != null) {
                cur.append(line).append('\n');
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
