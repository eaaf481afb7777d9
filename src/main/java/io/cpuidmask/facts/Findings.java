package io.cpuidmask.facts;

import io.cpuidmask.model.Severity;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Builds a {@link Finding} inside a rule consequence, taking the rule id and severity from the
 * rule's {@code @id} and {@code @severity} metadata so that DRL never repeats them, and applying
 * the site policy (severity overrides, waivers) in force. About one bit:
 * <pre>
 * insertLogical(Findings.of(kcontext, $cg).at($r.getKey(), $b).feature("SSE3").message("...").build());
 * </pre>
 * About a {@link FindingGroup} of the {@link FindingItem}s a rule collected ({@link #item} builds those):
 * <pre>
 * insertLogical(Findings.of(kcontext, $cg).items($g).message("hiding " + $g.describe() + " ...").build());
 * </pre>
 */
public final class Findings extends Subject<Findings> {

    private final String ruleId;
    private final Severity severity;
    private final ClusterGuest clusterGuest;
    private FindingGroup group;
    private String message;

    private Findings(String ruleId, Severity severity, ClusterGuest clusterGuest) {
        this.ruleId = ruleId;
        this.severity = severity;
        this.clusterGuest = clusterGuest;
    }

    public static Findings of(RuleContext kcontext, ClusterGuest clusterGuest) {
        Map<String, Object> meta = kcontext.getRule().getMetaData();
        String id = RuleMeta.text(meta.get("id"));
        String severity = RuleMeta.text(meta.get("severity"));
        if (id == null || severity == null) {
            throw new IllegalStateException("rule '" + kcontext.getRule().getName()
                    + "' emits a finding but lacks @id or @severity metadata");
        }
        Severity effective = PolicyContext.current().severityOf(id, Severity.parse(severity));
        return new Findings(id, effective, clusterGuest);
    }

    /** A builder of an item that rule {@code rule} will report for this cluster and guest. */
    public static Item item(String rule, ClusterGuest clusterGuest) {
        return new Item(rule, clusterGuest);
    }

    @Override
    Findings self() {
        return this;
    }

    /** The finding lists the group's items, names its first host and carries its waiver. */
    public Findings items(FindingGroup group) {
        if (!group.getRule().equals(ruleId) || !group.getClusterGuest().equals(clusterGuest)) {
            throw new IllegalStateException("rule '" + ruleId + "' reports items of rule '" + group.getRule()
                    + "' for " + group.getClusterGuest() + ": collect FindingItem( rule == \"" + ruleId + "\" )");
        }
        this.group = group;
        this.hosts = group.getHosts();
        return this;
    }

    public Findings message(String message) {
        this.message = message;
        return this;
    }

    public Finding build() {
        if (message == null || message.isBlank()) {
            throw new IllegalStateException("rule '" + ruleId + "' built a finding without a message");
        }
        if (group != null) {
            return new Finding(ruleId, severity, PolicyContext.current().texts().canonical(message), clusterGuest, firstHost(), group.getItems(), group.getWaiver());
        }
        Waiver waiver = PolicyContext.current().activeWaiverFor(ruleId, clusterGuest.getCluster(), firstHost(), feature)
                .orElse(null);
        List<FindingItem> items = key == null && feature == null ? List.of()
                : List.of(new FindingItem(ruleId, clusterGuest, hosts, key, bit, feature, null, waiver));
        return new Finding(ruleId, severity, PolicyContext.current().texts().canonical(message), clusterGuest, firstHost(), items, waiver);
    }

    /** Builds a {@link FindingItem}, with the active waiver of its rule that covers it. */
    public static final class Item extends Subject<Item> {

        private final String rule;
        private final ClusterGuest clusterGuest;
        private String note;

        private Item(String rule, ClusterGuest clusterGuest) {
            this.rule = rule;
            this.clusterGuest = clusterGuest;
        }

        @Override
        Item self() {
            return this;
        }

        /** The hosts it is about (a RegisterValue's, say); the finding names the first. */
        public Item hosts(List<String> hosts) {
            this.hosts = List.copyOf(hosts);
            return this;
        }

        /** What the message says about this item besides its name ({@link FindingGroup#notesOf}). */
        public Item note(String note) {
            this.note = note;
            return this;
        }

        public FindingItem build() {
            Waiver waiver = PolicyContext.current().activeWaiverFor(rule, clusterGuest.getCluster(), firstHost(), feature)
                    .orElse(null);
            return new FindingItem(rule, clusterGuest, hosts, key, bit, feature, note, waiver);
        }
    }
}
