package io.cpuidmask.engine;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.Host;
import io.cpuidmask.facts.MaskSet;
import io.cpuidmask.facts.MicrocodeRevision;
import io.cpuidmask.facts.ObservedDifference;
import io.cpuidmask.facts.RegisterCheck;
import io.cpuidmask.facts.RegisterValue;
import io.cpuidmask.model.CpuSignature;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.kie.api.runtime.KieSession;

/**
 * The observations one cluster contributes to a rule session: its hosts, one fact per distinct
 * register value, its guests, and per mask set (the default masks some of its guests share) the
 * catalogue's registers with where the hosts differ. Observations only; the rules decide.
 */
final class ClusterFacts {

    private ClusterFacts() {
    }

    /** One cluster's hosts, sorted by name. */
    record ClusterInput(String cluster, List<HostProfile> hosts) {

        ClusterInput {
            hosts = List.copyOf(hosts); // once: every guest's outcome shares it
        }
    }

    /** What one cluster contributed to a session, to read its results back. */
    record ClusterState(ClusterInput input, String vendor, Map<ClusterGuest, List<RegisterCheck>> checks) {
    }

    static ClusterState insert(KieSession session, ClusterInput input, List<GuestCatalog> guests,
                               Set<RegisterKey> catalogKeys, GuestEntries entries) {
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
        // One fact per distinct value: hosts of the same CPU share it. Those hosts hold the same values
        // in most registers, so their names and signatures are made once and shared.
        Map<List<Host>, Holders> holderLists = new HashMap<>();
        values.forEach((key, byValue) -> byValue.forEach((value, holders) -> {
            Holders h = holderLists.computeIfAbsent(holders, Holders::of);
            session.insert(new RegisterValue(cluster, key, value, h.names(), h.signatures()));
        }));
        insertMicrocodeRevisions(session, cluster, hosts);
        String vendor = vendors.size() == 1 ? vendors.first() : null;
        List<String> hostNames = List.copyOf(names); // one list for all the cluster's guests
        // Each register is observed once per cluster, whatever the number of guests; each mask set
        // once, whatever the number of guests that share it.
        Map<RegisterKey, Observation> observations = new HashMap<>();
        Map<String, Map.Entry<ClusterGuest, List<RegisterCheck>>> checks = new HashMap<>();
        List<GuestEntries.Shared> shared = entries.shared(guests, vendor);
        for (int i = 0; i < shared.size(); i++) {
            GuestEntries.Shared s = shared.get(i);
            MaskSet maskSet = new MaskSet(cluster, i, s.guests().stream().map(GuestCatalog::guest).toList(), vendors);
            session.insert(maskSet);
            List<RegisterCheck> list = new ArrayList<>();
            for (MaskEntry e : s.entries()) {
                RegisterCheck check = observe(maskSet, e, observations.computeIfAbsent(e.key(), k -> Observation.of(k, hosts, values)));
                session.insert(check);
                list.add(check);
                for (int bit = 0; bit < MaskString.BITS; bit++) {
                    if (check.differsAt(bit)) {
                        session.insert(new ObservedDifference(check, bit));
                    }
                }
            }
            List<RegisterCheck> own = List.copyOf(list);
            for (GuestCatalog g : s.guests()) {
                checks.put(g.guest(), Map.entry(
                        new ClusterGuest(cluster, g.guest(), g.os(), g.bits(), hostNames, vendors, g.minimum(), maskSet), own));
            }
        }
        // Guests in catalogue order, as the outcomes list them.
        Map<ClusterGuest, List<RegisterCheck>> ordered = new LinkedHashMap<>();
        for (GuestCatalog g : guests) {
            Map.Entry<ClusterGuest, List<RegisterCheck>> e = checks.get(g.guest());
            session.insert(e.getKey());
            ordered.put(e.getKey(), e.getValue());
        }
        return new ClusterState(input, vendor, ordered);
    }

    /** The names and known signatures of some hosts, immutable, so that RegisterValues share them. */
    private record Holders(List<String> names, Set<String> signatures) {

        static Holders of(List<Host> hosts) {
            return new Holders(List.copyOf(hosts.stream().map(Host::getName).toList()),
                    Set.copyOf(hosts.stream().map(Host::getSignature).filter(Objects::nonNull).collect(Collectors.toSet())));
        }
    }

    /** One register across a cluster: bits set on every host, on any host, and the hosts without a value. */
    private record Observation(int setOnAll, int setOnAny, List<String> missing) {

        static Observation of(RegisterKey key, List<HostProfile> hosts, Map<RegisterKey, Map<Integer, List<Host>>> values) {
            Map<Integer, List<Host>> byValue = values.getOrDefault(key, Map.of());
            int all = -1;
            int any = 0;
            int holders = 0;
            for (Map.Entry<Integer, List<Host>> v : byValue.entrySet()) {
                all &= v.getKey();
                any |= v.getKey();
                holders += v.getValue().size();
            }
            // A host holds at most one value of a register: when every host holds one, none is missing.
            List<String> missing = holders == hosts.size() ? List.of() : missing(hosts, byValue);
            return new Observation(byValue.isEmpty() ? 0 : all, any, missing);
        }

        private static List<String> missing(List<HostProfile> hosts, Map<Integer, List<Host>> byValue) {
            Set<String> known = new HashSet<>();
            byValue.values().forEach(hs -> hs.forEach(h -> known.add(h.getName())));
            List<String> missing = new ArrayList<>();
            for (HostProfile h : hosts) {
                if (!known.contains(h.host())) {
                    missing.add(h.host());
                }
            }
            return List.copyOf(missing);
        }
    }

    private static RegisterCheck observe(MaskSet maskSet, MaskEntry entry, Observation o) {
        return new RegisterCheck(maskSet, entry.key(), entry.mask(), entry.source(), o.missing(), o.setOnAll(), o.setOnAny());
    }

    /** One MicrocodeRevision per CPU (vendor, family, model, stepping) and revision among the hosts that record one. */
    private static void insertMicrocodeRevisions(KieSession session, String cluster, List<HostProfile> hosts) {
        Map<List<Object>, List<String>> groups = new LinkedHashMap<>();
        for (HostProfile h : hosts) {
            Optional<CpuSignature> sig = CpuSignature.of(h);
            if (h.microcode() != null && sig.isPresent()) {
                CpuSignature s = sig.get();
                groups.computeIfAbsent(Arrays.asList(h.vendor(), s.family(), s.model(), s.stepping(), h.microcode()),
                        k -> new ArrayList<>()).add(h.host());
            }
        }
        groups.forEach((k, names) -> session.insert(new MicrocodeRevision(cluster, (String) k.get(0), (Integer) k.get(1),
                (Integer) k.get(2), (Integer) k.get(3), (Long) k.get(4), names)));
    }

    private static Host hostFact(HostProfile h) {
        return CpuSignature.of(h)
                .map(s -> new Host(h.host(), h.cluster(), h.vendor(), s.family(), s.model(), s.stepping(), h.source().file(),
                        h.microcode(), h.firmware()))
                .orElseGet(() -> new Host(h.host(), h.cluster(), h.vendor(), null, null, null, h.source().file(),
                        h.microcode(), h.firmware()));
    }
}
