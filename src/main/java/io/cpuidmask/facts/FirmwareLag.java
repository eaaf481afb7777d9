package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import java.util.Objects;

/**
 * Derived by firmware.drl: a host lacks a firmware- or microcode-switched bit that another host of
 * the same CPU model ({@code signature}) in its cluster has.
 */
public final class FirmwareLag {

    private final String cluster;
    private final RegisterKey key;
    private final int bit;
    private final String host;
    private final String signature;

    public FirmwareLag(String cluster, RegisterKey key, int bit, String host, String signature) {
        this.cluster = cluster;
        this.key = key;
        this.bit = bit;
        this.host = host;
        this.signature = signature;
    }

    public String getCluster() { return cluster; }
    public RegisterKey getKey() { return key; }
    public int getBit() { return bit; }
    public String getHost() { return host; }
    public String getSignature() { return signature; }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirmwareLag f && f.cluster.equals(cluster) && f.key.equals(key) && f.bit == bit
                && f.host.equals(host) && Objects.equals(f.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, key, bit, host);
    }
}
