package io.cpuidmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void kindsAndCpusPerClusterShapeTheEstate() {
        CheckCommandTest.Run r = CheckCommandTest.run("estate", "--hosts", "30", "--clusters", "3", "--kinds", "25",
                "--cpus-per-cluster", "2", "--cpus", "profiles", "--out", tmp.resolve("e").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("wrote 30 hosts in 3 clusters to "), r.err());
        assertTrue(r.err().contains("of 25 CPU kinds from 9 real CPUs"), r.err());
    }

    @Test
    void aFolderWithoutCpusIsAnInputErrorAndWritesNothing() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("none"));
        Files.writeString(empty.resolve("notes.txt"), "no dump here\n");
        CheckCommandTest.Run r = CheckCommandTest.run("estate", "--hosts", "3", "--clusters", "1", "--cpus",
                empty.toString(), "--out", tmp.resolve("e").toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains(": no CPU to build kinds from"), r.err());
        assertTrue(Files.notExists(tmp.resolve("e")));
    }

    @Test
    void noKindsIsAUsageError() {
        CheckCommandTest.Run r = CheckCommandTest.run("estate", "--hosts", "3", "--clusters", "1", "--kinds", "0",
                "--out", tmp.resolve("e").toString());
        assertEquals(2, r.code(), r.err());
    }
}
