package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;

/** The value one host reports for one register (known values only: unknown registers have no fact). */
public final class HostRegister {

    private final String host;
    private final String cluster;
    private final RegisterKey key;
    private final int value;

    public HostRegister(String host, String cluster, RegisterKey key, int value) {
        this.host = host;
        this.cluster = cluster;
        this.key = key;
        this.value = value;
    }

    public boolean isSet(int bit) {
        return (value >>> bit & 1) != 0;
    }

    public String getHost() { return host; }
    public String getCluster() { return cluster; }
    public RegisterKey getKey() { return key; }
    public int getValue() { return value; }

    @Override
    public String toString() {
        return host + " " + key.label() + "=" + String.format("0x%08x", value);
    }
}
