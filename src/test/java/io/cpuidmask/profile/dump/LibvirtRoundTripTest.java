package io.cpuidmask.profile.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.catalog.LibvirtFeature;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.RegisterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libvirt's own view of real CPUs, read back: each corpus CPU's libvirt features go to
 * {@code virsh cpu-baseline}, whose answer (libvirt's model for the CPU, the features it adds and
 * the model features it disables) is imported as the host-model of {@code virsh domcapabilities}
 * and, where nothing is disabled, as the host CPU of {@code virsh capabilities}. Every bit
 * libvirt names must come back as the dump has it. Skipped visibly without virsh or the corpus.
 */
class LibvirtRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void libvirtsModelAndFeaturesForEachCorpusCpuGiveBackItsBits() throws Exception {
        Assumptions.assumeTrue(onPath("virsh"), "virsh not installed (Debian: libvirt-clients): round trip skipped");
        List<Path> dumps = TestDumps.corpusFiles();
        CpuMap map = CpuMap.shipped();
        int compared = 0;
        int asCapabilities = 0;
        Set<String> models = new TreeSet<>();
        for (Path dump : dumps) {
            ImportResult exact = TestDumps.importFile(dump);
            assertTrue(exact.ok(), exact.errors().toString());
            HostProfile p = exact.profile();
            Set<String> named = namedFeatures(map, p.registers());
            String vendor = "AuthenticAMD".equals(p.vendor()) ? "AMD" : "Intel";
            // libvirt is told every feature of the dump (leaf 6 ARAT, leaf 0x14, ...), so that it can
            // choose the model it would for this CPU; only the leaves profiles keep are compared.
            Set<String> told = namedFeatures(map, wholeDump(dump));
            Path in = dir.resolve("cpu" + compared + ".xml");
            // The same CPU twice, as models 486 and pentium: with no model shared by its input, libvirt
            // picks the model itself (given one, it keeps it).
            StringBuilder cpus = new StringBuilder();
            for (String model : List.of("486", "pentium")) {
                cpus.append("<cpu>\n  <arch>x86_64</arch>\n  <model>").append(model).append("</model>\n  <vendor>")
                        .append(vendor).append("</vendor>\n");
                told.forEach(f -> cpus.append("  <feature name='").append(f).append("'/>\n"));
                cpus.append("</cpu>\n");
            }
            Files.writeString(in, cpus);
            String libvirt = run("virsh", "-c", "test:///default", "cpu-baseline", in.toString());
            String body = libvirt.substring(libvirt.indexOf("<model"), libvirt.lastIndexOf("</cpu>"));
            String domcaps = "<domainCapabilities>\n<arch>x86_64</arch>\n<cpu>\n<mode name='host-model' supported='yes'>\n"
                    + body + "</mode>\n</cpu>\n</domainCapabilities>\n";
            assertEquals(named, importedFeatures(map, dump, domcaps, "domcaps"), dump + " as\n" + domcaps);
            if (!body.contains("policy='disable'")) {
                String caps = "<capabilities>\n<host>\n<cpu>\n<arch>x86_64</arch>\n"
                        + body.replace(" policy='require'", "").replaceAll(" fallback='\\w+'", "")
                        + "</cpu>\n</host>\n</capabilities>\n";
                assertEquals(named, importedFeatures(map, dump, caps, "caps"), dump + " as\n" + caps);
                asCapabilities++;
            }
            models.add(body.substring(body.indexOf('>') + 1, body.indexOf("</model>")));
            compared++;
        }
        System.out.printf("libvirt round trip: %d corpus CPUs, %d also as capabilities; libvirt's models: %s%n", compared,
                asCapabilities, models);
        assertTrue(models.size() >= 10, "libvirt chose only " + models);
        assertTrue(compared >= 20, "only " + compared + " CPUs compared");
        assertTrue(asCapabilities >= 10, "only " + asCapabilities + " CPUs without disabled features");
    }

    /** libvirt's names for the bits set in these registers. */
    private static Set<String> namedFeatures(CpuMap map, java.util.Map<RegisterKey, Integer> registers) {
        Set<String> names = new TreeSet<>();
        for (LibvirtFeature f : map.features()) {
            Integer v = registers.get(f.key());
            if (v != null && (v >>> f.bit() & 1) != 0) {
                names.add(f.name());
            }
        }
        return names;
    }

    /**
     * Every register of a corpus dump's CPU 0 up to its maximum leaves, not only the leaves a profile
     * keeps (libcpuid repeats data past the maximum: a real CPU reads zeros there).
     */
    private static java.util.Map<RegisterKey, Integer> wholeDump(Path dump) {
        String text = TestDumps.text(dump);
        DumpFormat format = DumpFormats.all().stream().filter(f -> f.detect(text)).findFirst().orElseThrow();
        DumpReading r = format.read(dump.toString(), text);
        assertTrue(r.ok(), r.errors().toString());
        long maxBasic = Integer.toUnsignedLong(r.cpu().value(0, 0, io.cpuidmask.model.Register.EAX).orElse(0));
        long maxExtended = Integer.toUnsignedLong(r.cpu().value(0x8000_0000L, 0, io.cpuidmask.model.Register.EAX)
                .orElse(0));
        java.util.Map<RegisterKey, Integer> below = new java.util.TreeMap<>();
        r.cpu().values().forEach((k, v) -> {
            if (k.leaf() < 0x8000_0000L ? k.leaf() <= maxBasic : k.leaf() <= maxExtended) {
                below.put(k, v);
            }
        });
        return below;
    }

    private Set<String> importedFeatures(CpuMap map, Path dump, String xml, String kind) throws IOException {
        Path file = dir.resolve(dump.getFileName() + "." + kind + ".xml");
        Files.writeString(file, xml);
        ImportResult r = TestDumps.importFile(file);
        assertTrue(r.ok(), () -> r.errors() + "\n" + xml);
        return namedFeatures(map, r.profile().registers());
    }

    private static boolean onPath(String tool) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "virsh took over a minute");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }
}
