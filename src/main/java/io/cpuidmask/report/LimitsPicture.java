package io.cpuidmask.report;

import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.FeatureBit;
import io.cpuidmask.baseline.LimitingHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTML report's picture of a cluster's limiting hosts: an inline SVG bar per CPU kind whose
 * leaving would grow the common set, bar length by the number of features gained. Only numbers
 * are computed here; every text goes through the template, which escapes it.
 */
final class LimitsPicture {

    /** Bars drawn at most; the rest are counted under the picture. */
    static final int TOP = 8;
    private static final int LABEL_WIDTH = 230;
    private static final int BAR_WIDTH = 280;
    private static final int ROW_HEIGHT = 22;
    /** Longer host labels are cut in the picture; the bar's tooltip has them whole. */
    private static final int LABEL_CHARS = 34;

    private LimitsPicture() {
    }

    /** The template's keys: {@code limits} (the picture) or {@code noLimits}; nothing for a cluster of one CPU kind. */
    static Map<String, Object> view(ClusterBaseline b) {
        if (b.limitingHosts().isEmpty()) {
            return Map.of();
        }
        List<LimitingHost> gaining = b.limitingHosts().stream().filter(l -> !l.gains().isEmpty()).toList();
        if (gaining.isEmpty()) {
            return Map.of("noLimits", true);
        }
        int most = gaining.get(0).gains().size();
        List<Map<String, Object>> bars = new ArrayList<>();
        for (LimitingHost l : gaining.subList(0, Math.min(TOP, gaining.size()))) {
            int width = Math.max(2, BAR_WIDTH * l.gains().size() / most);
            String label = l.label();
            bars.add(Map.of(
                    "y", bars.size() * ROW_HEIGHT,
                    "label", label.length() > LABEL_CHARS ? label.substring(0, LABEL_CHARS - 1) + "\u2026" : label,
                    "width", width,
                    "textX", LABEL_WIDTH + width + 6,
                    "count", l.gains().size(),
                    "reaches", l.reaches(),
                    "title", "without " + label + ": " + l.gains().stream().map(FeatureBit::name)
                            .map(n -> "+" + n).collect(Collectors.joining(" "))));
        }
        Map<String, Object> picture = new java.util.HashMap<>(Map.of("bars", bars, "height", bars.size() * ROW_HEIGHT,
                "barX", LABEL_WIDTH));
        if (gaining.size() > TOP) {
            picture.put("more", gaining.size() - TOP);
        }
        return Map.of("limits", picture);
    }
}
