package io.cpuidmask.profile.dump;

import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.nio.charset.StandardCharsets;

/**
 * Turns a dump file's bytes into text, and quotes that text in messages. Beyond {@link TextFiles#decode}: Windows PowerShell 5
 * writes {@code >} redirections as UTF-16 with a byte-order mark, and AIDA64 may save in the
 * ANSI code page; the syntax of every dump is ASCII, so Latin-1 reads those safely.
 */
public final class DumpText {

    private DumpText() {
    }

    /** The text, or an exception whose line and message say why the bytes are not text. */
    public static String decode(byte[] bytes) throws YamlInputException {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            return normalise(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE));
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            return normalise(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE));
        }
        try {
            return TextFiles.decode(bytes);
        } catch (TextFiles.NotUtf8Exception e) {
            return normalise(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        // any other YamlInputException (a NUL byte): binary, not text in any encoding we accept
    }

    private static String normalise(String text) throws YamlInputException {
        if (text.indexOf('\0') >= 0) {
            throw new YamlInputException(1, "binary content (NUL character): not a text file");
        }
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** A line or value of a dump, shortened for messages and stripped of control characters. */
    static String quote(String line) {
        String s = line.strip().replaceAll("\\p{Cntrl}", "?");
        return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
    }
}
