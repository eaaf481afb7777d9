package io.cpuidmask.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caches hold code: only a folder of the user's own that no one else can write is used. */
class CacheFolderTest {

    @TempDir
    Path dir;

    @Test
    void aFolderOthersCanWriteIsNotUsed() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX modes here");
        Path own = dir.resolve("own");
        CacheFolder.createFolder(own.resolve("sub"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(own)));
        assertTrue(CacheFolder.trusted(own));
        assertTrue(CacheFolder.trusted(dir.resolve("not-yet")), "made owner-only when first needed");
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertFalse(CacheFolder.trusted(own), "group-writable");
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxr-xrwx"));
        assertFalse(CacheFolder.trusted(own), "world-writable");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertFalse(CacheFolder.trusted(file));
    }

    @Test
    void theFolderNamedByTheSystemPropertyIsMadeAbsolute() {
        Assumptions.assumeTrue(System.getenv("CPUIDMASK_CACHE") == null, "CPUIDMASK_CACHE set in this environment");
        String before = System.getProperty("cpuidmask.cache");
        try {
            System.setProperty("cpuidmask.cache", "target/some-cache");
            assertEquals(Path.of("target/some-cache").toAbsolutePath().normalize(), CacheFolder.fromEnvironment().orElseThrow());
            System.setProperty("cpuidmask.cache", "off");
            assertTrue(CacheFolder.fromEnvironment().isEmpty());
        } finally {
            if (before == null) {
                System.clearProperty("cpuidmask.cache");
            } else {
                System.setProperty("cpuidmask.cache", before);
            }
        }
    }
}
