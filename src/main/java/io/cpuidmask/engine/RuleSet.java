package io.cpuidmask.engine;

import io.cpuidmask.model.RuleInfo;
import java.util.List;
import org.kie.api.KieBase;

/**
 * Compiled policy rules: the Drools rule base, each rule's metadata, and the files it came from
 * with their combined SHA-256 (reported so an auditor can tell which policy decided).
 */
public record RuleSet(KieBase kieBase, List<RuleInfo> rules, List<String> files, String sha256, boolean fromCache) {

    public RuleSet {
        rules = List.copyOf(rules);
        files = List.copyOf(files);
    }

    public RuleSet(KieBase kieBase, List<RuleInfo> rules, List<String> files, String sha256) {
        this(kieBase, rules, files, sha256, false);
    }
}
