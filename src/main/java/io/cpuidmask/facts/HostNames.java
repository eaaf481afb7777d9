package io.cpuidmask.facts;

import java.util.List;

/** Names a group of hosts in a message without letting a large cluster flood it. */
public final class HostNames {

    /** At most this many hosts are named; the rest are counted. */
    public static final int NAMED = 10;

    private HostNames() {
    }

    /** {@code host a}, {@code hosts a, b}, or {@code 48 hosts (a, b, ... and 38 more)}. */
    public static String describe(List<String> hosts) {
        if (hosts.size() == 1) {
            return "host " + hosts.get(0);
        }
        if (hosts.size() <= NAMED) {
            return "hosts " + String.join(", ", hosts);
        }
        return hosts.size() + " hosts (" + String.join(", ", hosts.subList(0, NAMED)) + " and " + (hosts.size() - NAMED)
                + " more)";
    }

    /** "lacks" or "lack", to agree with {@link #describe}. */
    public static String verb(List<String> hosts, String singular, String plural) {
        return hosts.size() == 1 ? singular : plural;
    }
}
