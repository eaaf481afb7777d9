package io.cpuidmask.baseline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns a cluster's common features into a named model plus features, for hypervisors that start
 * guests from named CPU models (QEMU, Proxmox, libvirt): the guest sees every common feature the
 * hypervisor can name and give, and nothing some host lacks.
 *
 * <p>The model is the one of the cluster's vendor with the fewest changes (features removed plus
 * features added), as libvirt picks a model for a feature set; ties go to fewer removals (a model
 * every host runs as it is), then to the newer model.
 * Features are added only when some model of the hypervisor carries them: the models carry what
 * KVM can give a guest (KVM gives no DTES64, EST, TM2, xTPR, DCA, ...), and a feature KVM cannot give
 * makes {@code enforce} (QEMU) and {@code check='full'} (libvirt) refuse to start the guest.
 */
public final class NamedCpuChooser {

    /** One named model of a hypervisor; {@code vendor} null for a model of any vendor; {@code rank}: later is newer. */
    public record Candidate(String name, String vendor, Set<String> features, int rank) {
        public Candidate {
            features = Set.copyOf(features);
        }
    }

    private final List<Candidate> candidates;
    private final Function<FeatureBit, String> nameOf;
    private final Set<String> carried = new TreeSet<>();
    private final Map<String, String> neverAdd;
    private final Set<String> untouched;
    private final Predicate<FeatureBit> automatic;
    /** Only models that need nothing removed but these (null: any model): every host runs them as they are. */
    private final Set<String> removable;

    /**
     * @param nameOf    the hypervisor's name of a feature bit, or null when it has none
     * @param alsoAdded names the models lack only because of how their data was read, but carry
     * @param neverAdd  names never added, with the reason (features the accelerator turns off, features
     *                  that block live migration); kept where the model has them
     * @param untouched names neither added nor removed (the hypervisor sets them itself)
     * @param automatic bits the hypervisor or the guest OS sets by itself (topology, OS-enabled state,
     *                  AMD's copies of leaf 1): never asked for, never reported left out
     */
    public NamedCpuChooser(List<Candidate> candidates, Function<FeatureBit, String> nameOf, Set<String> alsoAdded,
                           Map<String, String> neverAdd, Set<String> untouched, Predicate<FeatureBit> automatic) {
        this.candidates = List.copyOf(candidates);
        this.nameOf = nameOf;
        candidates.forEach(c -> carried.addAll(c.features()));
        carried.addAll(alsoAdded);
        this.neverAdd = Map.copyOf(neverAdd);
        this.untouched = Set.copyOf(untouched);
        this.automatic = automatic;
        this.removable = null;
    }

    private NamedCpuChooser(NamedCpuChooser from, Set<String> excluded, Set<String> removable) {
        this.candidates = from.candidates.stream().filter(c -> !excluded.contains(c.name())).toList();
        this.nameOf = from.nameOf;
        this.carried.addAll(from.carried);
        this.neverAdd = from.neverAdd;
        this.untouched = from.untouched;
        this.automatic = from.automatic;
        this.removable = Set.copyOf(removable);
    }

    /**
     * This chooser's data, but only models that need no feature removed (every host of the cluster
     * has all of the model's features) other than {@code removable}, and that are not
     * {@code excluded}: for hypervisors that place a guest only on hosts that run its named model in
     * full (KubeVirt).
     */
    public NamedCpuChooser runnable(Set<String> excluded, Set<String> removable) {
        return new NamedCpuChooser(this, Set.copyOf(excluded), removable);
    }

    /** The guest CPU for a cluster of one vendor with these common features. */
    public NamedCpu choose(String vendor, List<FeatureBit> common) {
        Set<String> desired = new LinkedHashSet<>();
        Set<String> addable = new TreeSet<>();
        List<NamedCpu.LeftOut> leftOut = new ArrayList<>();
        for (FeatureBit f : common) {
            String name = nameOf.apply(f);
            if (automatic.test(f)) {
                continue;
            }
            if (name == null) {
                leftOut.add(new NamedCpu.LeftOut(f, "no name for it"));
            } else if (!untouched.contains(name)) {
                desired.add(name);
                if (!neverAdd.containsKey(name) && carried.contains(name)) {
                    addable.add(name);
                }
            }
        }
        Candidate best = null;
        int bestScore = Integer.MAX_VALUE;
        for (Candidate c : candidates) {
            if (vendor == null || c.vendor() != null && !c.vendor().equals(vendor)) {
                continue;
            }
            List<String> removals = removals(c, desired);
            if (removable != null && !removable.containsAll(removals)) {
                continue;
            }
            int remove = removals.size();
            int add = additions(c, addable).size();
            // Fewest changes, then fewest removals.
            int score = (remove + add) * 1024 + remove;
            if (score < bestScore || score == bestScore && c.rank() > best.rank()) {
                best = c;
                bestScore = score;
            }
        }
        if (best == null) {
            return new NamedCpu(null, List.of(), List.of(), Set.of(), leftOut);
        }
        List<String> remove = removals(best, desired);
        List<String> add = additions(best, addable);
        Set<String> guest = new TreeSet<>(best.features());
        guest.removeAll(remove);
        guest.addAll(add);
        for (FeatureBit f : common) {
            String name = nameOf.apply(f);
            if (name != null && !automatic.test(f) && desired.contains(name) && !guest.contains(name)) {
                leftOut.add(new NamedCpu.LeftOut(f, neverAdd.getOrDefault(name,
                        "no model of the hypervisor carries it (KVM does not give it to guests)")));
            }
        }
        leftOut.sort(Comparator.comparing(NamedCpu.LeftOut::feature));
        return new NamedCpu(best.name(), add, remove, guest, leftOut);
    }

    private List<String> removals(Candidate c, Set<String> desired) {
        return c.features().stream().filter(f -> !desired.contains(f) && !untouched.contains(f)).sorted().toList();
    }

    private static List<String> additions(Candidate c, Set<String> addable) {
        return addable.stream().filter(f -> !c.features().contains(f)).toList();
    }
}
