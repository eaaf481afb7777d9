package io.cpuidmask.engine;

import io.cpuidmask.model.RuleInfo;

/** A rule's consequence failed while the engine ran; names the rule and its file. */
public class RuleRuntimeException extends RuntimeException {

    private final RuleInfo rule;

    public RuleRuntimeException(RuleInfo rule, String message, Throwable cause) {
        super(message, cause);
        this.rule = rule;
    }

    public RuleInfo rule() {
        return rule;
    }
}
