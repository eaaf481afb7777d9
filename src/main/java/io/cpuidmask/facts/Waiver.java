package io.cpuidmask.facts;

import java.time.LocalDate;
import java.util.Objects;

/**
 * An accepted risk from {@code waivers.yaml}: findings of {@code rule} (optionally only for one
 * cluster, host or feature) are reported as waived until {@code expires}. An expired waiver no
 * longer matches, and the rules report it.
 */
public final class Waiver {

    private final String rule;
    private final String cluster;
    private final String host;
    private final String feature;
    private final String reason;
    private final LocalDate expires;
    private final boolean expired;
    private final String file;
    private final int line;

    public Waiver(String rule, String cluster, String host, String feature, String reason, LocalDate expires,
                  LocalDate today, String file, int line) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.cluster = cluster;
        this.host = host;
        this.feature = feature;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.expires = Objects.requireNonNull(expires, "expires");
        this.expired = today.isAfter(expires);
        this.file = file;
        this.line = line;
    }

    /** Whether this waiver's scope covers a finding (ignoring expiry): of its rule, cluster and host, listing its feature. */
    public boolean covers(Finding f) {
        return scopes(f.getRuleId(), f.getClusterGuest().getCluster(), f.getHost()) && (feature == null || f.names(feature));
    }

    /** Whether this waiver's scope covers what a finding of this rule says of this feature (or null) on this host. */
    public boolean covers(String rule, String cluster, String host, String feature) {
        return scopes(rule, cluster, host) && (this.feature == null || this.feature.equalsIgnoreCase(String.valueOf(feature)));
    }

    private boolean scopes(String rule, String cluster, String host) {
        return this.rule.equals(rule) && (this.cluster == null || this.cluster.equals(cluster))
                && (this.host == null || this.host.equals(host));
    }

    public String getRule() { return rule; }
    public String getCluster() { return cluster; }
    public String getHost() { return host; }
    public String getFeature() { return feature; }
    public String getReason() { return reason; }
    public LocalDate getExpires() { return expires; }
    /** True when the run's date is after {@code expires}. */
    public boolean isExpired() { return expired; }
    public String getFile() { return file; }
    public int getLine() { return line; }
    /** {@code rules/waivers.yaml:12}, to name the waiver in messages. */
    public String getLocation() { return file + ":" + line; }

    @Override
    public String toString() {
        return "waiver " + rule + " at " + getLocation();
    }
}
