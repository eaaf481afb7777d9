package io.cpuidmask.model;

import java.io.Serializable;

/**
 * Metadata of one DRL rule, from its {@code @id}, {@code @severity} and {@code @description}.
 *
 * @param severity ERROR, WARNING or INFO for rules that emit findings; null for rules that only derive facts
 */
public record RuleInfo(String id, String name, String severity, String description, String file, int line)
        implements Serializable {
}
