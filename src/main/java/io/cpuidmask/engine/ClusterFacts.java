package io.cpuidmask.engine;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.DifferingBit;
import io.cpuidmask.facts.Host;
import io.cpuidmask.facts.RegisterCheck;
import io.cpuidmask.facts.RegisterValue;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kie.api.runtime.KieSession;

/**
 * The observations one cluster contributes to a rule session: its hosts, one fact per distinct
 * register value, and per guest the catalogue's registers with where the hosts differ. Observations
 * only; the rules decide.
 */
final class ClusterFacts {

    private static final RegisterKey LEAF1_EAX = RegisterKey.of(1, Register.EAX);

    private ClusterFacts() {
    }

    /** One cluster's hosts, sorted by name. */
    record ClusterInput(String cluster, List<HostProfile> hosts) {
    }

    /** What one cluster contributed to a session, to read its results back. */
    record ClusterState(ClusterInput input, String vendor, Map<ClusterGuest, List<RegisterCheck>> checks) {
    }

    static ClusterState insert(KieSession session, ClusterInput input, List<GuestCatalog> guests,
                                       java.util.Set<RegisterKey> catalogKeys) {
        String cluster = input.cluster();
        List<HostProfile> hosts = input.hosts();
        TreeSet<String> vendors = new TreeSet<>();
        List<String> names = new ArrayList<>();
        Map<RegisterKey, Map<Integer, List<Host>>> values = new TreeMap<>();
        for (HostProfile h : hosts) {
            names.add(h.host());
            if (h.vendor() != null) {
                vendors.add(h.vendor());
            }
            Host host = hostFact(h);
            session.insert(host);
            // Known values, including registers that read as zero above the CPU's maximum leaf.
            for (RegisterKey key : catalogKeys) {
                OptionalInt v = h.value(key);
                if (v.isPresent()) {
                    values.computeIfAbsent(key, k -> new TreeMap<>())
                            .computeIfAbsent(v.getAsInt(), x -> new ArrayList<>()).add(host);
                }
            }
            for (Map.Entry<RegisterKey, Integer> r : h.registers().entrySet()) {
                if (!catalogKeys.contains(r.getKey())) {
                    values.computeIfAbsent(r.getKey(), k -> new TreeMap<>())
                            .computeIfAbsent(r.getValue(), x -> new ArrayList<>()).add(host);
                }
            }
        }
        // One fact per distinct value: hosts of the same CPU share it.
        values.forEach((key, byValue) -> byValue.forEach((value, holders) -> session.insert(new RegisterValue(cluster,
                key, value, holders.stream().map(Host::getName).toList(),
                holders.stream().map(Host::getSignature).filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.toSet())))));
        String vendor = vendors.size() == 1 ? vendors.first() : null;
        // Each register is observed once per cluster, whatever the number of guests.
        Map<RegisterKey, Observation> observations = new java.util.HashMap<>();
        Map<ClusterGuest, List<RegisterCheck>> checks = new java.util.LinkedHashMap<>();
        for (GuestCatalog g : guests) {
            ClusterGuest cg = new ClusterGuest(cluster, g.guest(), g.os(), g.bits(), names, vendors, g.minimum());
            session.insert(cg);
            List<RegisterCheck> list = new ArrayList<>();
            for (MaskEntry e : g.entriesFor(vendor)) {
                RegisterCheck check = observe(cg, e, observations.computeIfAbsent(e.key(), k -> Observation.of(k, hosts, values)));
                session.insert(check);
                list.add(check);
                for (int bit = 0; bit < MaskString.BITS; bit++) {
                    if (check.differsAt(bit)) {
                        session.insert(new DifferingBit(check, bit));
                    }
                }
            }
            checks.put(cg, list);
        }
        return new ClusterState(input, vendor, checks);
    }

    /** One register across a cluster: bits set on every host, on any host, and the hosts without a value. */
    private record Observation(int setOnAll, int setOnAny, List<String> missing) {

        static Observation of(RegisterKey key, List<HostProfile> hosts, Map<RegisterKey, Map<Integer, List<Host>>> values) {
            Map<Integer, List<Host>> byValue = values.getOrDefault(key, Map.of());
            int all = -1;
            int any = 0;
            java.util.Set<String> known = new java.util.HashSet<>();
            for (Map.Entry<Integer, List<Host>> v : byValue.entrySet()) {
                all &= v.getKey();
                any |= v.getKey();
                v.getValue().forEach(h -> known.add(h.getName()));
            }
            List<String> missing = new ArrayList<>();
            for (HostProfile h : hosts) {
                if (!known.contains(h.host())) {
                    missing.add(h.host());
                }
            }
            return new Observation(byValue.isEmpty() ? 0 : all, any, missing);
        }
    }

    private static RegisterCheck observe(ClusterGuest cg, MaskEntry entry, Observation o) {
        return new RegisterCheck(cg, entry.key(), entry.mask(), entry.source(), o.missing(), o.setOnAll(), o.setOnAny());
    }

    private static Host hostFact(HostProfile h) {
        Integer family = null;
        Integer model = null;
        Integer stepping = null;
        Integer eax = h.registers().get(LEAF1_EAX);
        if (eax != null) {
            int base = eax >>> 8 & 0xF;
            int extFamily = eax >>> 20 & 0xFF;
            int baseModel = eax >>> 4 & 0xF;
            int extModel = eax >>> 16 & 0xF;
            family = base == 0xF ? base + extFamily : base;
            model = base == 0x6 || base == 0xF ? (extModel << 4) + baseModel : baseModel;
            stepping = eax & 0xF;
        }
        return new Host(h.host(), h.cluster(), h.vendor(), family, model, stepping, h.source().file());
    }
}
