package io.cpuidmask.report;

import io.cpuidmask.model.PrintableText;
import java.util.Locale;

/**
 * Makes text taken from input (cluster, guest and host names) safe inside the line comments and
 * identifiers of hypervisor configuration files, so a crafted name cannot end a comment or
 * start a new setting.
 */
final class ConfigText {

    private ConfigText() {
    }

    /**
     * For a {@code #} line comment or an XML attribute: no line breaks, control, format or separator
     * characters, lone surrogates or noncharacters (XML 1.0 allows none of them), each shown as '?'.
     */
    static String comment(String text) {
        return PrintableText.sanitize(text == null ? "" : text);
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
