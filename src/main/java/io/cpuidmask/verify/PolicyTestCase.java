package io.cpuidmask.verify;

import io.cpuidmask.model.HostProfile;
import java.util.List;
import java.util.Map;

/**
 * One policy unit test ({@code tests/*.yaml} beside the rules): hosts, a guest and what the rules
 * must conclude.
 *
 * @param hidden   exact hidden bits per register label ({@code 00000001.ecx}, {@code 00000007.1.eax})
 * @param findings findings that must be present (each field optional but rule)
 * @param absent   rule ids that must not fire
 */
public record PolicyTestCase(String file, int line, String name, String guest, List<HostProfile> hosts,
                             String status, Map<String, List<Integer>> hidden, List<ExpectedFinding> findings,
                             List<String> absent) {

    /** A finding the case expects; null fields match anything. */
    public record ExpectedFinding(String rule, String severity, Integer bit, String host, String feature) {

        @Override
        public String toString() {
            return "{rule: " + rule + (severity == null ? "" : ", severity: " + severity) + (bit == null ? "" : ", bit: " + bit)
                    + (host == null ? "" : ", host: " + host) + (feature == null ? "" : ", feature: " + feature) + "}";
        }
    }

    public PolicyTestCase {
        hosts = List.copyOf(hosts);
        hidden = Map.copyOf(hidden);
        findings = List.copyOf(findings);
        absent = List.copyOf(absent);
    }

    public String where() {
        return file + ":" + line;
    }
}
