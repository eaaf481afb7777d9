package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Severity;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Derived by the policy rules: something a cluster's administrator must know, about the
 * {@link #getItems() items} (bits, registers, features) it lists. Build one with
 * {@link Findings#of}, which takes the rule id and severity from the rule's metadata.
 * {@link #getKey()}, {@link #getBit()} and {@link #getFeature()} are those of the first item: all
 * there is for a finding about one bit; {@link #lists} and {@link #names} look at every item.
 */
public final class Finding implements Comparable<Finding> {

    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.severity)
            .thenComparing(f -> f.ruleId)
            .thenComparing(f -> f.host == null ? "" : f.host)
            .thenComparing(Finding::getKey, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Finding::getBit, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(f -> f.message);

    private final String ruleId;
    private final Severity severity;
    private final String message;
    private final ClusterGuest clusterGuest;
    private final String host;
    private final List<FindingItem> items;
    private final Waiver waiver;

    /**
     * @param items  what it is about, in order; empty for a finding about the whole cluster and guest
     * @param waiver the active waiver that covers it (reported, but not counted towards the verdict), or null
     */
    public Finding(String ruleId, Severity severity, String message, ClusterGuest clusterGuest, String host,
                   List<FindingItem> items, Waiver waiver) {
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.message = Objects.requireNonNull(message, "message");
        this.clusterGuest = Objects.requireNonNull(clusterGuest, "clusterGuest");
        this.host = host;
        this.items = List.copyOf(items);
        this.waiver = waiver;
    }

    public String getRuleId() { return ruleId; }
    public Severity getSeverity() { return severity; }
    public String getMessage() { return message; }
    public ClusterGuest getClusterGuest() { return clusterGuest; }
    public String getHost() { return host; }
    /** The bits, registers or features it lists, in order. */
    public List<FindingItem> getItems() { return items; }
    /** The register of the first item, or null. */
    public RegisterKey getKey() { return items.isEmpty() ? null : items.get(0).getKey(); }
    /** The bit of the first item, or null. */
    public Integer getBit() { return items.isEmpty() ? null : items.get(0).getBit(); }
    /** The feature of the first item, or null. */
    public String getFeature() { return items.isEmpty() ? null : items.get(0).getFeature(); }
    /** The distinct features it lists, in order. */
    public List<String> getFeatures() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        items.stream().map(FindingItem::getFeature).filter(Objects::nonNull).forEach(names::add);
        return List.copyOf(names);
    }
    /** True when an active waiver covers this finding. */
    public boolean isWaived() { return waiver != null; }
    /** The waiver that covers this finding, or null. */
    public Waiver getWaiver() { return waiver; }

    /** Whether it lists this bit of this register. */
    public boolean lists(RegisterKey key, int bit) {
        return items.stream().anyMatch(i -> key.equals(i.getKey()) && Integer.valueOf(bit).equals(i.getBit()));
    }

    /** Whether it lists this bit, or the whole register. */
    public boolean isAbout(RegisterKey key, int bit) {
        return items.stream().anyMatch(i -> key.equals(i.getKey()) && (i.getBit() == null || i.getBit() == bit));
    }

    /** Whether it lists this feature (any case). */
    public boolean names(String feature) {
        return items.stream().anyMatch(i -> feature.equalsIgnoreCase(i.getFeature()));
    }

    @Override
    public int compareTo(Finding o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f && f.ruleId.equals(ruleId) && f.severity == severity && f.message.equals(message)
                && f.clusterGuest.equals(clusterGuest) && Objects.equals(f.host, host) && f.items.equals(items)
                && f.waiver == waiver;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ruleId, severity, message, clusterGuest, host, items);
    }

    @Override
    public String toString() {
        return severity + " " + ruleId + ": " + message;
    }
}
