package io.cpuidmask.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an untrusted text input safely: refuses files over a size limit before reading them,
 * refuses binary content, accepts a UTF-8 byte-order mark and CRLF line ends.
 */
public final class TextFiles {

    /** Largest input file read; larger ones are refused before parsing. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    /**
     * Longest line of a YAML file or a line-oriented dump. yamlbeans' tokenizer and the dumps' line
     * patterns take time that grows with the square of a line's length (a 400,000-character host name
     * took minutes); no real input comes near this (a /proc/cpuinfo flags line is about 2,000).
     */
    public static final int MAX_LINE_CHARS = 8192;

    private TextFiles() {
    }

    /** Bytes that are text, but not UTF-8 (a reader that knows another encoding may still read them). */
    public static final class NotUtf8Exception extends YamlInputException {
        NotUtf8Exception(int line) {
            super(line, "not valid UTF-8 text");
        }
    }

    public static String read(Path file) throws IOException, YamlInputException {
        return decode(readBytes(file));
    }

    /**
     * The file's bytes. Only regular files are read: a FIFO would block the run and a device such as
     * /dev/zero never ends. A file over {@link #MAX_BYTES} is refused before it is read, and the read
     * stops there whatever the size said (files in /proc report 0, a file may grow while read).
     */
    public static byte[] readBytes(Path file) throws IOException, YamlInputException {
        if (!Files.isRegularFile(file)) {
            throw new YamlInputException(0, "not a regular file (a FIFO, socket or device is never read)");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw tooBig(size);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooBig(bytes.length);
            }
            return bytes;
        }
    }

    /**
     * The bytes a file contributes to a hash of the policy: its content when {@link #readBytes} takes it,
     * else a marker saying why not, so a 3 GB file, a FIFO or an unreadable file is hashed without being
     * read whole (the same file is refused, with its reason, where it is parsed).
     */
    public static byte[] bytesForHash(Path file) {
        try {
            return readBytes(file);
        } catch (IOException | YamlInputException e) {
            return ("(not read: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static YamlInputException tooBig(long size) {
        return new YamlInputException(0, "file is " + (size > MAX_BYTES ? "over " : "") + size + " bytes, over the limit of "
                + MAX_BYTES + " bytes (64 MiB); refused before parsing");
    }

    /** Refuses text that has a line over {@link #MAX_LINE_CHARS}, naming the line (1-based). */
    public static void requireShortLines(String text) throws YamlInputException {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || TextLines.isYamlLineBreak(text.charAt(i))) {
                if (i - start > MAX_LINE_CHARS) {
                    throw new YamlInputException(line, "line is " + (i - start) + " characters long, over the limit of "
                            + MAX_LINE_CHARS + "; refused before parsing");
                }
                line++;
                start = i + 1;
            }
        }
    }

    public static String decode(byte[] bytes) throws YamlInputException {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            start = 3;
        }
        int line = 1;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new YamlInputException(line, "binary content (NUL byte): not a text file");
            }
            if (bytes[i] == '\n') {
                line++;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotUtf8Exception(firstInvalidUtf8Line(bytes, start));
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** The 1-based line of the first byte sequence that is not UTF-8 (decoding line by line). */
    private static int firstInvalidUtf8Line(byte[] bytes, int start) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                lineStart = i + 1;
            }
        }
        return 1;
    }
}
