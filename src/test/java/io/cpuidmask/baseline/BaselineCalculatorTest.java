package io.cpuidmask.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.cli.Main;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.profile.ProfileLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineCalculatorTest {

    private final BaselineCalculator calc = BaselineCalculator.shipped();

    private static List<HostProfile> load(String... paths) {
        return new ProfileLoader().load(Arrays.stream(paths).map(Path::of).toList()).hosts();
    }

    private static Set<String> names(ClusterBaseline c) {
        return c.commonFeatures().stream().map(FeatureBit::name).collect(Collectors.toSet());
    }

    @Test
    void seedCommonSetLacksWhatOneHostLacks() {
        ClusterBaseline seed = calc.compute(load("profiles/seed")).get(0);
        assertEquals("GenuineIntel", seed.vendor());
        assertTrue(names(seed).containsAll(Set.of("SSE2", "CX8", "FXSR")));
        // esx-b (0x00004400) lacks SSE3, DTES64 and DS_CPL; esx-b has no LM
        assertFalse(names(seed).contains("SSE3"));
        assertFalse(names(seed).contains("DS_CPL"));
        assertFalse(names(seed).contains("LM"));
        assertEquals(0, seed.x86Level());
        assertNull(seed.evcMode());
    }

    @Test
    void scalableClusterIsV4WithSkylakeModelAndEvc() {
        ClusterBaseline c = calc.compute(load("profiles/intel-scalable")).get(0);
        assertEquals(4, c.x86Level());
        assertEquals("x86-64-v4", c.x86LevelLabel());
        assertEquals("Skylake-Server", c.model().name());
        assertEquals("intel-skylake", c.evcMode().key());
        // Ice Lake's extras are beyond the model on the Ice Lake host only
        ClusterBaseline.HostFeatures icx = c.beyondModel().stream().filter(h -> h.host().startsWith("icx")).findFirst().orElseThrow();
        ClusterBaseline.HostFeatures skx = c.beyondModel().stream().filter(h -> h.host().startsWith("skx")).findFirst().orElseThrow();
        assertTrue(icx.features().contains("avx512vbmi"));
        assertFalse(skx.features().contains("avx512vbmi"));
        // the runnable model needs nothing disabled
        Set<String> common = c.commonFeatures().stream().map(FeatureBit::libvirtName).collect(Collectors.toSet());
        assertTrue(common.containsAll(CpuMap.shipped().model(c.runnableModel().name()).orElseThrow().features()));
        assertTrue(c.runnableModel().missing().isEmpty());
    }

    @Test
    void amdClustersGetAmdModelsAndModes() {
        for (ClusterBaseline c : calc.compute(load("profiles/amd-epyc-milan-genoa", "profiles/amd-epyc-naples-rome"))) {
            assertEquals("AuthenticAMD", c.vendor());
            assertEquals("AuthenticAMD", CpuMap.shipped().model(c.model().name()).orElseThrow().vendor());
            assertTrue(c.evcMode().key().startsWith("amd-zen"), c.evcMode().key());
            assertEquals(3, c.x86Level());
        }
    }

    @Test
    void mixedVendorsGetNoModelNorEvcMode() {
        List<HostProfile> hosts = new ArrayList<>();
        for (HostProfile h : load("profiles/intel-scalable", "profiles/amd-epyc-milan-genoa")) {
            hosts.add(new HostProfile(h.host(), "mixed", h.vendor(), h.description(), h.registers(), h.source(), h.lines()));
        }
        ClusterBaseline c = calc.compute(hosts).get(0);
        assertTrue(c.mixedVendors());
        assertNull(c.model());
        assertNull(c.runnableModel());
        assertNull(c.evcMode());
        assertTrue(c.notes().get(0).startsWith("mixed vendors"), c.notes().toString());
        assertTrue(names(c).contains("SSE2"));
    }

    @Test
    void evcTableUsesCanonicalNamesAndIsCumulative() {
        EvcModes modes = EvcModes.shipped(FeatureCatalogs.shipped());
        assertEquals(23, modes.modes().size());
        EvcMode haswell = modes.modes().stream().filter(m -> m.key().equals("intel-haswell")).findFirst().orElseThrow();
        assertTrue(haswell.features().containsAll(Set.of("SSE4_2", "AES", "AVX", "AVX2")));
        EvcMode noDnow = modes.modes().stream().filter(m -> m.key().equals("amd-greyhound-no3dnow")).findFirst().orElseThrow();
        assertFalse(noDnow.features().contains("3DNOW"));
    }

    @Test
    void clusterLevelIsItsLowestHostsLevel() {
        // Nehalem (v2) with Sandy Bridge-E and Haswell: v2, although the Intel dumps lack SYSCALL (LM implies it).
        assertEquals("x86-64-v2", calc.compute(load("profiles/intel-mixed")).get(0).x86LevelLabel());
        assertEquals("x86-64-v4", calc.compute(load("profiles/intel-scalable")).get(0).x86LevelLabel());
        assertEquals("none", calc.compute(load("profiles/seed")).get(0).x86LevelLabel());
    }

    @Test
    void jsonCommonFeaturesCarryPosition() throws Exception {
        StringWriter out = new StringWriter();
        new BaselineJsonWriter().write("test", calc.compute(load("profiles/seed")), List.of(), out);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        JsonNode sse2 = null;
        for (JsonNode f : root.get("clusters").get(0).get("commonFeatures")) {
            if (f.get("name").asText().equals("SSE2")) {
                sse2 = f;
            }
        }
        assertEquals("00000001", sse2.get("leaf").asText());
        assertEquals(0, sse2.get("subleaf").asInt());
        assertEquals("edx", sse2.get("register").asText());
        assertEquals(26, sse2.get("bit").asInt());
        assertEquals("sse2", sse2.get("libvirt").asText());
    }

    @Test
    void commandExitCodes(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "host: x\ncpuid: nonsense\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "baseline", "profiles/seed", "--format", "json"));
        assertTrue(out.toString().contains("\"commonFeatures\""));
        out.getBuffer().setLength(0);
        assertEquals(3, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "baseline", "profiles/seed", bad.toString()));
        assertTrue(out.toString().contains("== cluster seed"), out.toString());
        assertTrue(err.toString().contains("bad.yaml"), err.toString());
        assertEquals(2, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "baseline", "--format", "xml"));
    }
}
