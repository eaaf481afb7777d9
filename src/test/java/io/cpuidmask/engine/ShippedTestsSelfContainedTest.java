package io.cpuidmask.engine;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.verify.PolicyTestCase;
import io.cpuidmask.verify.PolicyTestLoader;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped policy tests name no file outside the rules folder (an exported or copied folder
 * verifies anywhere), and the example profiles they copy inline stay the same as profiles/.
 */
class ShippedTestsSelfContainedTest {

    @Test
    void everyHostOfTheShippedTestsIsInline() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("rules/tests"))) {
            for (Path file : s.filter(InputFiles::isYamlFile).sorted().toList()) {
                for (SafeYaml.Document doc : SafeYaml.readAll(TextFiles.read(file))) {
                    for (Object c : (List<?>) ((Map<?, ?>) doc.data()).get("cases")) {
                        for (Object h : (List<?>) ((Map<?, ?>) c).get("hosts")) {
                            assertTrue(h instanceof Map<?, ?>, file + ": host '" + h + "' is a path: copy the profile inline");
                        }
                    }
                }
            }
        }
    }

    @Test
    void inlineCopiesOfTheExampleProfilesMatchThem() {
        Map<String, HostProfile> examples = new HashMap<>();
        ProfileLoader.Loaded loaded = new ProfileLoader(null).load(List.of(Path.of("profiles")));
        assertEquals(List.of(), loaded.errors());
        loaded.hosts().forEach(h -> examples.put(h.host(), h));
        PolicyTestLoader.Loaded cases = new PolicyTestLoader().load(Path.of("rules"));
        assertEquals(List.of(), cases.errors());
        int copies = 0;
        for (PolicyTestCase c : cases.cases()) {
            for (HostProfile h : c.hosts()) {
                HostProfile example = examples.get(h.host());
                if (example != null) {
                    assertEquals(example.registers(), h.registers(), c.where() + ": " + h.host() + " differs from " + example.source());
                    assertEquals(example.vendor(), h.vendor(), c.where() + ": " + h.host());
                    copies++;
                }
            }
        }
        assertFalse(copies == 0, "the shipped tests copy some example profiles");
    }
}
