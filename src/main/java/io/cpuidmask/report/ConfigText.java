package io.cpuidmask.report;

import java.util.Locale;

/**
 * Makes text taken from input (cluster, guest and host names) safe inside the line comments and
 * identifiers of hypervisor configuration files, so a crafted name cannot end a comment or
 * start a new setting.
 */
final class ConfigText {

    private ConfigText() {
    }

    /** For a {@code #} line comment: no line breaks or other control characters. */
    static String comment(String text) {
        StringBuilder sb = new StringBuilder();
        String s = text == null ? "" : text;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return sb.toString();
    }

    /** For an XML comment: as {@link #comment}, and never "--" nor a trailing '-'. */
    static String xmlComment(String text) {
        String s = comment(text);
        while (s.contains("--")) {
            s = s.replace("--", "- -");
        }
        return s.endsWith("-") ? s + " " : s;
    }

    /** For an identifier (Proxmox model name): lower-case letters, digits and '-', never empty. */
    static String identifier(String text) {
        String s = (text == null ? "" : text).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        s = s.length() > 40 ? s.substring(0, 40).replaceAll("-+$", "") : s;
        return s.isEmpty() ? "x" : s;
    }
}
