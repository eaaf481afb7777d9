package io.cpuidmask.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 digests, as reports, the rule cache and input records use them. */
public final class Sha256 {

    private Sha256() {
    }

    public static byte[] of(byte[] data) {
        return digest().digest(data);
    }

    /** Lower-case hex, as the report schema wants it. */
    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(of(data));
    }

    /** One digest over named contents, in name order: each name, a NUL, its content, a NUL. */
    public static String ofNamed(Map<String, byte[]> contents) {
        MessageDigest md = digest();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(contents).entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(e.getValue());
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
