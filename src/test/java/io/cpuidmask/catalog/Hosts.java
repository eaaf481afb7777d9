package io.cpuidmask.catalog;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.SourceRef;
import io.cpuidmask.profile.ProfileLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Host profiles for catalogue tests: the shipped examples, or registers given inline. */
final class Hosts {

    private Hosts() {
    }

    static HostProfile shipped(String path) {
        ProfileLoader.Loaded loaded = new ProfileLoader().load(List.of(Path.of("profiles", path)));
        assertEquals(List.of(), loaded.errors());
        assertEquals(1, loaded.hosts().size(), path);
        return loaded.hosts().get(0);
    }

    static HostProfile of(String vendor, Map<RegisterKey, Integer> registers) {
        return new HostProfile("test", null, vendor, null, new TreeMap<>(registers), new SourceRef("test.yaml", 1), Map.of());
    }

    static RegisterKey key(long leaf, Register register) {
        return RegisterKey.of(leaf, register);
    }

    static RegisterKey key(long leaf, int subleaf, Register register) {
        return RegisterKey.of(leaf, subleaf, register);
    }
}
