package io.cpuidmask.explain;

import io.cpuidmask.catalog.X86Level;
import io.cpuidmask.facts.Feature;
import io.cpuidmask.model.RegisterKey;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code explain --format text}: one block per host (vendor, signature, level, features by
 * register), then the differences as a matrix with one column per host.
 */
public final class ExplainTextRenderer {

    private static final int WIDTH = 100;
    private static final String INDENT = "  ";
    private static final String LABEL = "%-11s";

    public void render(Explanation e, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        for (HostExplanation h : e.hosts()) {
            host(h, out);
            out.println();
        }
        differences(e, out);
        out.flush();
    }

    private static void host(HostExplanation h, PrintWriter out) {
        out.printf("== %s (%s)%n", h.name(), h.host().source().file());
        line(out, "vendor", h.host().vendor() == null ? "unknown (no vendor and no leaf 0)" : h.host().vendor());
        line(out, "signature", h.signature().map(Object::toString).orElse("unknown (leaf 1 EAX not given)"));
        line(out, "level", level(h.level()));
        Map<RegisterKey, List<String>> byRegister = new LinkedHashMap<>();
        for (Feature f : h.features().present()) {
            byRegister.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getName());
        }
        if (byRegister.isEmpty()) {
            line(out, "features", "none known");
        }
        boolean first = true;
        for (Map.Entry<RegisterKey, List<String>> r : byRegister.entrySet()) {
            String label = String.format("%-15s", r.getKey().label());
            wrap(out, first ? "features" : "", label + String.join(" ", r.getValue()), 15);
            first = false;
        }
        if (!h.features().unknown().isEmpty()) {
            wrap(out, "unknown", String.join(" ", h.features().unknown().stream().map(RegisterKey::label).toList())
                    + " (not in the profile)", 0);
        }
    }

    private static String level(X86Level level) {
        if (level.exact()) {
            return level.label();
        }
        return level.label() + " (lower bound: " + String.join(", ", level.missing()) + " not known)";
    }

    private static void differences(Explanation e, PrintWriter out) {
        if (e.hosts().size() < 2) {
            out.println("differences: need two or more hosts");
            return;
        }
        if (e.differences().isEmpty()) {
            out.println("differences: none, every host has the same features");
            return;
        }
        out.printf("differences: %d features some hosts have and others lack (x has it, . lacks it, ? unknown)%n",
                e.differences().size());
        List<String> hosts = e.hosts().stream().map(HostExplanation::name).toList();
        int col = String.valueOf(hosts.size()).length();
        for (int i = 0; i < hosts.size(); i++) {
            out.printf("%s%" + col + "d  %s%n", INDENT, i + 1, hosts.get(i));
        }
        int nameWidth = Math.max("feature".length(),
                e.differences().stream().mapToInt(d -> d.feature().getName().length()).max().orElse(0));
        StringBuilder header = new StringBuilder(String.format("%s%-" + nameWidth + "s  %-14s %3s ", INDENT, "feature", "register", "bit"));
        for (int i = 0; i < hosts.size(); i++) {
            header.append(' ').append(String.format("%" + col + "d", i + 1));
        }
        out.println(header);
        for (FeatureDifference d : e.differences()) {
            Feature f = d.feature();
            StringBuilder row = new StringBuilder(String.format("%s%-" + nameWidth + "s  %-14s %3d ", INDENT, f.getName(),
                    f.getKey().label(), f.getBit()));
            for (String h : hosts) {
                String mark = d.presentOn().contains(h) ? "x" : d.absentOn().contains(h) ? "." : "?";
                row.append(' ').append(String.format("%" + col + "s", mark));
            }
            out.println(row);
        }
    }

    private static void line(PrintWriter out, String label, String text) {
        out.printf(INDENT + LABEL + "%s%n", label.isEmpty() ? "" : label + ":", text);
    }

    /** Prints text after the label, continuing on indented lines so that no line passes WIDTH. */
    private static void wrap(PrintWriter out, String label, String text, int hang) {
        String prefix = String.format(INDENT + LABEL, label.isEmpty() ? "" : label + ":");
        String continuation = " ".repeat(prefix.length() + hang);
        StringBuilder current = new StringBuilder(prefix);
        boolean startOfLine = true;
        for (String word : text.split(" ")) {
            if (!startOfLine && current.length() + 1 + word.length() > WIDTH) {
                out.println(current);
                current = new StringBuilder(continuation);
                startOfLine = true;
            }
            if (!startOfLine) {
                current.append(' ');
            }
            current.append(word);
            startOfLine = false;
        }
        out.println(current);
    }
}
