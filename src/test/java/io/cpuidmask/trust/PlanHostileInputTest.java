package io.cpuidmask.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.files.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus as {@code plan --add} candidates: each bad file is one
 * {@code file:line: message}, exit 3, no stack trace, and the plan for the good hosts still comes out.
 */
class PlanHostileInputTest {

    @TempDir
    Path tmp;

    @Test
    void everyBadCandidateIsOneLineAndThePlanStillComesOut() throws Exception {
        List<String> args = new ArrayList<>(List.of("plan", "profiles/seed", "--remove", "esx-b.lab", "--cluster", "seed",
                "--guest", "windows"));
        List<HostileCorpusTest.Case> bad = new ArrayList<>();
        for (HostileCorpusTest.Case c : HostileCorpusTest.manifest()) {
            if (c.kind().equals("profile") || c.kind().equals("dump") || c.kind().equals("accepted")) {
                Path target = tmp.resolve(c.file());
                Files.createDirectories(target.getParent());
                if (!Files.exists(target)) {
                    Files.copy(c.source(), target);
                    args.addAll(List.of("--add", target.toString()));
                    if (!c.kind().equals("accepted")) {
                        bad.add(c);
                    }
                }
            }
        }
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertEquals(3, r.code(), r::toString);
        Cli.assertCleanStderr(r);
        for (HostileCorpusTest.Case c : bad) {
            String shown = InputFiles.display(tmp.resolve(c.file()));
            List<String> about = r.linesAbout(shown);
            assertEquals(1, about.size(), () -> c + ": expected one stderr line about " + shown + "\n" + r);
            assertTrue(about.get(0).contains(c.message()), () -> c + ": " + about.get(0));
        }
        assertTrue(r.out().contains("== cluster seed:"), r::toString);
        assertTrue(r.out().contains("- esx-b.lab"), r::toString);
    }
}
