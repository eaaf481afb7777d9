package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML picture of differing bits draws one row per distinct CPU, however many hosts share it. */
class HtmlPictureTest {

    private static String host(String name, String ecx) {
        return "host: " + name + "\ncluster: c\nvendor: GenuineIntel\ncpuid:\n  - leaf: 0x00000001\n    ecx: " + ecx
                + "\n    edx: 0xbfebfbff\n  - leaf: 0x80000001\n    ecx: 0x00000000\n    edx: 0x20100000\n";
    }

    @Test
    void hostsWithTheSameBitsShareARow(@TempDir Path dir) throws Exception {
        StringBuilder estate = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            estate.append(i > 1 ? "---\n" : "").append(host("same-" + i, "0x0000641d"));
        }
        estate.append("---\n").append(host("other", "0x0000641c"));
        Files.writeString(dir.resolve("estate.yaml"), estate);
        Report report = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(List.of(dir),
                List.of("windows"), List.of(Path.of("rules")), Path.of("rules/masks")));
        StringWriter out = new StringWriter();
        new HtmlReportRenderer(FeatureCatalogs.shipped()).render(report, out);
        Matcher rows = Pattern.compile("<tr><td title=\"([^\"]*)\">([^<]*)</td>").matcher(out.toString());
        List<String> labels = new ArrayList<>();
        while (rows.find()) {
            labels.add(rows.group(2));
        }
        assertEquals(List.of("other", "5 hosts: same-1, same-2, same-3, ..."), labels); // hosts in name order
        assertTrue(out.toString().contains("title=\"" + dir.resolve("estate.yaml").toString().replace('\\', '/')),
                "the shared row names the file");
    }
}
