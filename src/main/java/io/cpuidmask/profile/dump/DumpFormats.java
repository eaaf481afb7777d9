package io.cpuidmask.profile.dump;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every dump format cpuidmask reads, in the order {@code --from} lists them. */
public final class DumpFormats {

    private static final List<DumpFormat> ALL = List.of(
            new VmwareBootCdFormat(),
            new Aida64Format(),
            new LibcpuidRawFormat(),
            new CpuidToolFormat(),
            new LibvirtXmlFormat(),
            new VsphereJsonFormat(),
            new ProcCpuinfoFormat(),
            new KubevirtNodesFormat());

    private DumpFormats() {
    }

    public static List<DumpFormat> all() {
        return ALL;
    }

    public static Optional<DumpFormat> byId(String id) {
        return ALL.stream().filter(f -> f.id().equalsIgnoreCase(id.trim())).findFirst();
    }

    /** "vmware, aida64, ..." for messages and help. */
    public static List<String> idList() {
        return ALL.stream().map(DumpFormat::id).toList();
    }

    public static String ids() {
        return ALL.stream().map(DumpFormat::id).collect(Collectors.joining(", "));
    }
}
