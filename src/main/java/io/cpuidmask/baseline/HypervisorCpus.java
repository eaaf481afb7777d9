package io.cpuidmask.baseline;

import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named-model choosers of the hypervisors that start guests from named CPU models, each with
 * its own data: QEMU's models and names as QEMU reports them (Proxmox passes them to QEMU), and
 * libvirt's CPU map.
 */
public final class HypervisorCpus {

    private static final String NESTED = "nested virtualization: add it yourself where the hosts allow nested guests";
    private static final String KVM_OFF = "KVM turns it off for guests (QEMU's kvm_default_props)";
    private static final String INVTSC = "invariant TSC blocks live migration (QEMU and libvirt refuse to migrate such a guest)";

    /** QEMU features never added to a model: KVM turns them off, they need nested virtualization, or block migration. */
    static final Map<String, String> QEMU_NEVER_ADD = Map.of("monitor", KVM_OFF, "acpi", KVM_OFF, "vmx", NESTED,
            "svm", NESTED, "invtsc", INVTSC);

    /**
     * KubeVirt's default {@code obsoleteCPUModels} (virt-handler's node labeller,
     * pkg/virt-handler/node-labeller/util/util.go; Opteron_G1 and G2 since KubeVirt 1.3), in libvirt's names: nodes
     * are never labelled with them, so a VM naming one is never scheduled.
     */
    public static final Set<String> KUBEVIRT_OBSOLETE = Set.of("486", "pentium", "pentium2", "pentium3",
            "pentiumpro", "coreduo", "n270", "core2duo", "Conroe", "athlon", "phenom", "qemu64", "qemu32", "kvm64",
            "kvm32", "Opteron_G1", "Opteron_G2");

    private static volatile NamedCpuChooser qemu;
    private static volatile NamedCpuChooser libvirt;
    private static volatile NamedCpuChooser kubevirt;

    private static final RegisterKey LEAF1_ECX = RegisterKey.of(1, Register.ECX);
    private static final RegisterKey LEAF1_EDX = RegisterKey.of(1, Register.EDX);
    private static final RegisterKey LEAF7_ECX = RegisterKey.of(7, 0, Register.ECX);
    private static final RegisterKey EXT1_ECX = RegisterKey.of(0x8000_0001L, Register.ECX);
    private static final RegisterKey EXT1_EDX = RegisterKey.of(0x8000_0001L, Register.EDX);
    /** QEMU's CPUID_EXT2_AMD_ALIASES: AMD repeats these leaf 1 EDX bits in 0x80000001 EDX; QEMU copies them. */
    private static final int AMD_ALIASES = 0x0183_F3FF;

    private HypervisorCpus() {
    }

    /**
     * Bits a guest gets without asking: OSXSAVE and OSPKE reflect what the guest OS enabled, HTT and
     * CMP_LEGACY the guest's topology (-smp), and AMD's copies of leaf 1 follow their leaf 1 twins.
     */
    public static boolean automatic(FeatureBit f) {
        RegisterKey k = f.key();
        return k.equals(LEAF1_ECX) && f.bit() == 27 || k.equals(LEAF7_ECX) && f.bit() == 4
                || k.equals(LEAF1_EDX) && f.bit() == 28 || k.equals(EXT1_ECX) && f.bit() == 1
                || k.equals(EXT1_EDX) && (AMD_ALIASES >>> f.bit() & 1) != 0;
    }

    /** QEMU's models and feature names (qemu-cpu.yaml); deprecated models are never chosen. */
    public static NamedCpuChooser qemu() {
        NamedCpuChooser c = qemu;
        if (c == null) {
            List<NamedCpuChooser.Candidate> models = new ArrayList<>();
            for (QemuModel m : QemuCpus.shipped().models()) {
                if (!m.deprecated()) {
                    models.add(qemuCandidate(m.name(), m));
                }
            }
            c = qemuChooser(models);
            qemu = c;
        }
        return c;
    }

    /** A QEMU model under the name a hypervisor gives it (Proxmox's reported-model names); newer CPUs rank higher. */
    static NamedCpuChooser.Candidate qemuCandidate(String name, QemuModel m) {
        return new NamedCpuChooser.Candidate(name, m.vendor(), Set.copyOf(m.features()),
                m.family() * 1_000_000 + m.model() * 1_000 + m.version());
    }

    /** A chooser over QEMU models, in QEMU's feature names, with QEMU's and KVM's own rules for features. */
    static NamedCpuChooser qemuChooser(List<NamedCpuChooser.Candidate> models) {
        QemuCpus data = QemuCpus.shipped();
        // vme: every built-in model has it, but QEMU turns it off under TCG, where qemu-cpu.yaml was read.
        return new NamedCpuChooser(models, f -> data.nameAt(f.key(), f.bit()).orElse(null), Set.of("vme"),
                QEMU_NEVER_ADD, Set.of("hypervisor"), HypervisorCpus::automatic);
    }

    /** libvirt's CPU map: models libvirt may use for guests, features by libvirt name. */
    public static NamedCpuChooser libvirt() {
        NamedCpuChooser c = libvirt;
        if (c == null) {
            CpuMap map = CpuMap.shipped();
            List<NamedCpuChooser.Candidate> models = new ArrayList<>();
            for (CpuModel m : map.models()) {
                if (m.decodeGuest()) {
                    models.add(new NamedCpuChooser.Candidate(m.name(), m.vendor(), m.features(), m.order()));
                }
            }
            Map<String, String> neverAdd = new TreeMap<>(Map.of("monitor", KVM_OFF, "acpi", KVM_OFF,
                    "vmx", NESTED, "svm", NESTED));
            for (LibvirtFeature f : map.features()) {
                if (!f.migratable()) {
                    neverAdd.put(f.name(), f.name().equals("invtsc") ? INVTSC
                            : "libvirt marks it not migratable (migratable='no' in its CPU map)");
                }
            }
            c = new NamedCpuChooser(models, FeatureBit::libvirtName, Set.of(), neverAdd, Set.of("hypervisor"),
                    HypervisorCpus::automatic);
            libvirt = c;
        }
        return c;
    }

    /**
     * KubeVirt's: libvirt's models and names, but only a model every host runs in full and KubeVirt
     * does not call obsolete. KubeVirt schedules a VM naming model M only on nodes labelled
     * {@code cpu-model.node.kubevirt.io/M}, which its node labeller sets only where libvirt reports M
     * usable (QEMU can give all of M's features there); disabling a feature does not change that.
     * MPX alone may be disabled: libvirt's Skylake to Icelake models carry it, but QEMU's no longer
     * do (so hosts without MPX are labelled with them), and KubeVirt disables it itself on x86
     * (virt-launcher's converter/compute/cpu.go).
     */
    public static NamedCpuChooser kubevirt() {
        NamedCpuChooser c = kubevirt;
        if (c == null) {
            c = libvirt().runnable(KUBEVIRT_OBSOLETE, Set.of("mpx"));
            kubevirt = c;
        }
        return c;
    }
}
