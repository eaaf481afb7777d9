package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Severity;
import java.util.Comparator;
import java.util.Objects;

/**
 * Derived by the policy rules: something a cluster's administrator must know. Build one with
 * {@link Findings#of}, which takes the rule id and severity from the rule's metadata.
 */
public final class Finding implements Comparable<Finding> {

    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.severity)
            .thenComparing(f -> f.ruleId)
            .thenComparing(f -> f.host == null ? "" : f.host)
            .thenComparing(f -> f.key, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(f -> f.bit, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(f -> f.message);

    private final String ruleId;
    private final Severity severity;
    private final String message;
    private final ClusterGuest clusterGuest;
    private final String host;
    private final RegisterKey key;
    private final Integer bit;
    private final String feature;
    private final Waiver waiver;

    public Finding(String ruleId, Severity severity, String message, ClusterGuest clusterGuest,
                   String host, RegisterKey key, Integer bit, String feature) {
        this(ruleId, severity, message, clusterGuest, host, key, bit, feature, null);
    }

    /** A finding covered by an active waiver: reported, but not counted towards the verdict. */
    public Finding(String ruleId, Severity severity, String message, ClusterGuest clusterGuest,
                   String host, RegisterKey key, Integer bit, String feature, Waiver waiver) {
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.message = Objects.requireNonNull(message, "message");
        this.clusterGuest = Objects.requireNonNull(clusterGuest, "clusterGuest");
        this.host = host;
        this.key = key;
        this.bit = bit;
        this.feature = feature;
        this.waiver = waiver;
    }

    /** This finding with the waiver that covers it. */
    public Finding waivedBy(Waiver w) {
        return new Finding(ruleId, severity, message, clusterGuest, host, key, bit, feature, w);
    }

    public String getRuleId() { return ruleId; }
    public Severity getSeverity() { return severity; }
    public String getMessage() { return message; }
    public ClusterGuest getClusterGuest() { return clusterGuest; }
    public String getHost() { return host; }
    public RegisterKey getKey() { return key; }
    public Integer getBit() { return bit; }
    public String getFeature() { return feature; }
    /** True when an active waiver covers this finding. */
    public boolean isWaived() { return waiver != null; }
    /** The waiver that covers this finding, or null. */
    public Waiver getWaiver() { return waiver; }

    @Override
    public int compareTo(Finding o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f && f.ruleId.equals(ruleId) && f.severity == severity && f.message.equals(message)
                && f.clusterGuest.equals(clusterGuest) && Objects.equals(f.host, host) && Objects.equals(f.key, key)
                && Objects.equals(f.bit, bit) && Objects.equals(f.feature, feature) && f.waiver == waiver;
    }

    /**
     * Without the message: the rules insert every finding logically, and truth maintenance hashes
     * each new one; findings equal in everything else but the message are rare.
     */
    @Override
    public int hashCode() {
        int h = ruleId.hashCode() * 31 + clusterGuest.hashCode();
        h = h * 31 + Objects.hashCode(host);
        h = h * 31 + Objects.hashCode(key);
        return h * 31 + Objects.hashCode(bit) * 17 + Objects.hashCode(feature);
    }

    @Override
    public String toString() {
        return severity + " " + ruleId + ": " + message;
    }
}
