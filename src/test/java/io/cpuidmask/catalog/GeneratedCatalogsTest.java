package io.cpuidmask.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rules/masks/*.yaml} is what {@code src/build/gen_catalogs.py} generates from features.yaml
 * and VMware's 2008 policy: a hand edit, or a change to either without regenerating, fails here.
 * {@code windows.yaml} is generated too (its ESX 3.0 literals are embedded in the script).
 */
class GeneratedCatalogsTest {

    @Test
    void shippedCataloguesAreTheGeneratorsOutput(@TempDir Path out) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", "src/build/gen_catalogs.py", "--out", out.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 not installed: generated catalogues not checked");
            return;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        List<Path> shipped;
        try (Stream<Path> s = Files.list(Path.of("rules", "masks"))) {
            shipped = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(shipped.stream().map(f -> f.getFileName().toString()).toList(),
                    s.map(f -> f.getFileName().toString()).sorted().toList(), "the same catalogue files");
        }
        for (Path f : shipped) {
            assertEquals(Files.readString(out.resolve(f.getFileName())), Files.readString(f),
                    f + " is not what src/build/gen_catalogs.py writes: regenerate it (python3 src/build/gen_catalogs.py)");
        }
    }
}
