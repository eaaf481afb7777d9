package io.cpuidmask.report;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Keeps characters that control a terminal or reorder text out of everything cpuidmask writes: C0
 * and C1 control characters (except tab, line feed and carriage return), DEL, and the Unicode
 * bidirectional controls (right-to-left override and the like) become a visible {@code \}{@code uXXXX}.
 * In JSON that is the same character escaped; in XML it keeps the file well-formed (XML 1.0 forbids
 * most control characters even as references); on a terminal and in HTML or Markdown it is shown,
 * not obeyed.
 */
public final class SafeText {

    private SafeText() {
    }

    /** Whether the character must not be written as it is. */
    public static boolean unsafe(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)
                || c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029' || c == '\ufffe' || c == '\uffff';
    }

    /** One line of a message: line breaks from input are shown as {@code \}{@code u000a} too, so no line can be forged. */
    public static String cleanLine(String s) {
        return clean(s).replace("\n", "\\u000a").replace("\r", "\\u000d");
    }

    public static String clean(String s) {
        if (s == null || !hasUnsafe(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            append(b, s.charAt(i));
        }
        return b.toString();
    }

    private static boolean hasUnsafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (unsafe(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static void append(StringBuilder b, char c) {
        if (unsafe(c)) {
            b.append(String.format("\\u%04x", (int) c));
        } else {
            b.append(c);
        }
    }

    /** How every report file is written: UTF-8, buffered, cleaned by {@link #filter}. */
    public static Writer fileWriter(OutputStream out) {
        return filter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
    }

    /** A writer that cleans everything written through it. */
    public static Writer filter(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void write(int c) throws IOException {
                if (unsafe((char) c)) {
                    out.write(String.format("\\u%04x", c & 0xffff));
                } else {
                    out.write(c);
                }
            }

            // Reports run to hundreds of megabytes: safe runs are passed on as they are, without copies.
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                int run = off;
                for (int i = off; i < off + len; i++) {
                    if (unsafe(cbuf[i])) {
                        out.write(cbuf, run, i - run);
                        write(cbuf[i]);
                        run = i + 1;
                    }
                }
                out.write(cbuf, run, off + len - run);
            }

            @Override
            public void write(String str, int off, int len) throws IOException {
                int run = off;
                for (int i = off; i < off + len; i++) {
                    if (unsafe(str.charAt(i))) {
                        out.write(str, run, i - run);
                        write(str.charAt(i));
                        run = i + 1;
                    }
                }
                out.write(str, run, off + len - run);
            }
        };
    }
}
