package io.cpuidmask.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CPU types Proxmox VE accepts as a custom model's {@code reported-model}, each resolved to the
 * QEMU model it stands for, and the chooser over them. Proxmox passes the reported model and the
 * custom model's flags to QEMU's {@code -cpu}, so names and features are QEMU's (qemu-cpu.yaml).
 */
public final class ProxmoxCpus {

    /**
     * {@code reported-model} values of Proxmox VE 7.4 (qemu-server stable-7, CPUConfig.pm
     * {@code $cpu_vendor_list}; AGPL-3.0-or-later; names only), the release that ships QEMU 7.2 and
     * accepts no versioned names; later releases accept all of these. Left out: the generic types
     * (kvm64, qemu64, host, max), which take the vendor of the host they run on, and Icelake-Client,
     * which Proxmox rewrites to Icelake-Server because QEMU 7.2 no longer has it.
     */
    public static final List<String> REPORTED_MODELS = List.of(
            "486", "pentium", "pentium2", "pentium3", "coreduo", "core2duo", "Conroe", "Penryn",
            "Nehalem", "Nehalem-IBRS", "Westmere", "Westmere-IBRS", "SandyBridge", "SandyBridge-IBRS",
            "IvyBridge", "IvyBridge-IBRS", "Haswell", "Haswell-IBRS", "Haswell-noTSX", "Haswell-noTSX-IBRS",
            "Broadwell", "Broadwell-IBRS", "Broadwell-noTSX", "Broadwell-noTSX-IBRS",
            "Skylake-Client", "Skylake-Client-IBRS", "Skylake-Client-noTSX-IBRS",
            "Skylake-Server", "Skylake-Server-IBRS", "Skylake-Server-noTSX-IBRS",
            "Cascadelake-Server", "Cascadelake-Server-noTSX", "KnightsMill", "Icelake-Server", "Icelake-Server-noTSX",
            "athlon", "phenom", "Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4", "Opteron_G5",
            "EPYC", "EPYC-IBPB", "EPYC-Rome", "EPYC-Milan");

    private static volatile NamedCpuChooser chooser;

    private ProxmoxCpus() {
    }

    /** The QEMU model a reported-model stands for: a versioned name itself, an unversioned one its alias. */
    public static Optional<QemuModel> qemuModel(String reportedModel) {
        QemuCpus qemu = QemuCpus.shipped();
        return qemu.model(reportedModel).or(() -> qemu.models().stream()
                .filter(m -> m.aliases().contains(reportedModel)).findFirst());
    }

    public static NamedCpuChooser chooser() {
        NamedCpuChooser c = chooser;
        if (c == null) {
            List<NamedCpuChooser.Candidate> models = new ArrayList<>();
            for (String name : REPORTED_MODELS) {
                qemuModel(name).filter(m -> !m.deprecated())
                        .ifPresent(m -> models.add(HypervisorCpus.qemuCandidate(name, m)));
            }
            c = HypervisorCpus.qemuChooser(models);
            chooser = c;
        }
        return c;
    }
}
