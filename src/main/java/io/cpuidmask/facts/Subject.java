package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import java.util.List;

/**
 * What a finding, or an item of one, is about: hosts, a register and bit, a feature. The part
 * {@link Findings} and {@link Findings.Item} build alike.
 *
 * @param <B> the builder, so that each call returns it
 */
public abstract class Subject<B extends Subject<B>> {

    List<String> hosts = List.of();
    RegisterKey key;
    Integer bit;
    String feature;

    abstract B self();

    /** The host it is about (null: none). */
    public B host(String host) {
        this.hosts = host == null ? List.of() : List.of(host);
        return self();
    }

    public B at(RegisterKey key, int bit) {
        this.key = key;
        this.bit = bit;
        return self();
    }

    public B register(RegisterKey key) {
        this.key = key;
        return self();
    }

    /** The feature's canonical name. */
    public B feature(String feature) {
        this.feature = feature;
        return self();
    }

    String firstHost() {
        return hosts.isEmpty() ? null : hosts.get(0);
    }
}
