package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Profiles the machine it runs on, from the best source there is: the Linux cpuid driver
 * ({@code /dev/cpu/0/cpuid}), else {@code cpuid -1r}, else {@code /proc/cpuinfo}.
 */
public final class HostSnapshot {

    /**
     * Where a snapshot can come from: its id, what messages call it, and how exact its values are;
     * {@link #ALL} lists them best first. Plain values, as a record: no hand-written fields,
     * constructor and getters beside LineRecordFormat's.
     */
    public record Source(String id, String title, String accuracy) {

        public static final Source DEVICE = new Source("device", "the Linux cpuid driver",
                "exact register values of CPU 0, as this operating system sees them");
        public static final Source CPUID_TOOL = new Source("cpuid", "cpuid -1r",
                "exact register values of one CPU, as this operating system sees them");
        public static final Source CPUINFO = new Source("cpuinfo", "/proc/cpuinfo",
                "approximate: only bits with a Linux flag name are known, the kernel hides flags it does not"
                        + " support or has disabled, and leaf 1 ebx, leaf 7 eax and leaf 0x80000000 are unknown;"
                        + " load the cpuid driver (modprobe cpuid, as root) or install the cpuid package for exact values");
        /** Best first. */
        public static final List<Source> ALL = List.of(DEVICE, CPUID_TOOL, CPUINFO);

        public Source {
            if (id.isBlank() || title.isBlank() || accuracy.isBlank()) {
                throw new IllegalArgumentException("a source needs an id, a title and its accuracy");
            }
        }
    }

    /** The outcome: the profile (or errors), which source gave it, and why better sources were not used. */
    public record Snapshot(ImportResult result, Source source, List<String> skipped) {
    }

    private static final int MAX_TOOL_OUTPUT = 8 * 1024 * 1024;
    private static final long TOOL_TIMEOUT_SECONDS = 30;

    private final Path device;
    private final List<String> cpuidCommand;
    private final Path cpuinfo;
    private final boolean tryModprobe;
    private final Path biosVersion;
    private static final java.util.regex.Pattern MICROCODE = java.util.regex.Pattern.compile("(?m)^microcode\\s*:\\s*(\\S+)");

    /** This machine's real sources. */
    public HostSnapshot() {
        this(Path.of("/dev/cpu/0/cpuid"), List.of("cpuid", "-1r"), Path.of("/proc/cpuinfo"),
                "root".equals(System.getProperty("user.name")), Path.of("/sys/class/dmi/id/bios_version"));
    }

    /** Other sources (tests): a device file, a command printing {@code cpuid -1r} output, a cpuinfo file. */
    public HostSnapshot(Path device, List<String> cpuidCommand, Path cpuinfo, boolean tryModprobe) {
        this(device, cpuidCommand, cpuinfo, tryModprobe, null);
    }

    /** As above, with the file that holds the BIOS/UEFI version (Linux: /sys/class/dmi/id/bios_version), or null. */
    public HostSnapshot(Path device, List<String> cpuidCommand, Path cpuinfo, boolean tryModprobe, Path biosVersion) {
        this.device = device;
        this.cpuidCommand = List.copyOf(cpuidCommand);
        this.cpuinfo = cpuinfo;
        this.tryModprobe = tryModprobe;
        this.biosVersion = biosVersion;
    }

    /**
     * Takes the snapshot from the best source that works, or only from {@code only} when given.
     */
    public Snapshot take(ImportOptions options, Source only) {
        List<String> skipped = new ArrayList<>();
        ImportResult last = null;
        Source lastSource = null;
        for (Source s : Source.ALL) {
            if (only != null && !s.equals(only)) {
                continue;
            }
            ImportResult r = s.equals(Source.DEVICE) ? fromDevice(options)
                    : s.equals(Source.CPUID_TOOL) ? fromTool(options) : fromCpuinfo(options);
            if (r.ok()) {
                return new Snapshot(r, s, skipped);
            }
            skipped.add(s.title() + ": " + String.join("; ", r.errors().stream().map(InputError::message).toList()));
            last = r;
            lastSource = s;
        }
        return new Snapshot(last, lastSource, skipped);
    }

    private ImportResult fromDevice(ImportOptions options) {
        String name = device.toString();
        if (!Files.exists(device) && tryModprobe) {
            run(List.of("modprobe", "cpuid")); // best effort; the checks below report what is missing
        }
        if (!Files.isReadable(device)) {
            String why = Files.exists(device) ? "not readable (run as root)" : "missing (the cpuid kernel module is not loaded)";
            return ImportResult.failed(name, Source.DEVICE.id(), List.of(), List.of(new InputError(name, 0, why)));
        }
        DumpedCpu cpu = new DumpedCpu();
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
            CpuidRow leaf0 = readLeaf(ch, 0, 0);
            CpuidRow ext0 = readLeaf(ch, 0x8000_0000L, 0);
            cpu.putRow(leaf0);
            cpu.putRow(ext0);
            for (CoveredLeaves.Leaf leaf : CoveredLeaves.COVERED) {
                if (!cpu.has(leaf.leaf(), leaf.subleaf())) {
                    cpu.putRow(readLeaf(ch, leaf.leaf(), leaf.subleaf()));
                }
            }
            if (Integer.toUnsignedLong(ext0.eax()) >= 0x8000_0004L) {
                for (long l = 0x8000_0002L; l <= 0x8000_0004L; l++) {
                    cpu.putRow(readLeaf(ch, l, 0));
                }
            }
        } catch (IOException e) {
            return ImportResult.failed(name, Source.DEVICE.id(), List.of(), List.of(new InputError(name, 0,
                    "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")));
        }
        DumpReading reading = new DumpReading(cpu, "CPU 0", null, "", List.of(), virtualMachineWarning(name, cpu),
                List.of());
        return new DumpImporter().toProfile(name, withMachine(reading), Source.DEVICE.id(), "Linux cpuid driver", options);
    }

    /** 16 bytes at offset (subleaf << 32) | leaf: EAX, EBX, ECX, EDX, little-endian. */
    static CpuidRow readLeaf(FileChannel ch, long leaf, int subleaf) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long offset = (Integer.toUnsignedLong(subleaf) << 32) | leaf;
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                throw new IOException(String.format("short read at leaf 0x%08x subleaf %d", leaf, subleaf));
            }
        }
        buf.flip();
        return new CpuidRow(leaf, subleaf, buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(), 0);
    }

    private ImportResult fromTool(ImportOptions options) {
        String name = String.join(" ", cpuidCommand);
        String output = run(cpuidCommand);
        if (output == null) {
            return ImportResult.failed(name, Source.CPUID_TOOL.id(), List.of(), List.of(new InputError(name, 0,
                    "not installed or failed (Debian/Ubuntu: apt-get install cpuid)")));
        }
        CpuidToolFormat format = new CpuidToolFormat();
        DumpReading read = format.read(name, output);
        if (read.ok()) {
            read = withMachine(read.withWarnings(virtualMachineWarning(name, read.cpu())));
        }
        return new DumpImporter().toProfile(name, read, format.id(), format.title(), options);
    }

    private ImportResult fromCpuinfo(ImportOptions options) {
        String name = cpuinfo.toString();
        try {
            String text = TextFiles.decode(readLimited(Files.newInputStream(cpuinfo)));
            ProcCpuinfoFormat format = new ProcCpuinfoFormat();
            DumpReading read = format.read(name, text);
            if (read.ok()) {
                read = withMachine(read.withWarnings(virtualMachineWarning(name, read.cpu())));
            }
            return new DumpImporter().toProfile(name, read, format.id(), format.title(), options);
        } catch (IOException | YamlInputException e) {
            return ImportResult.failed(name, Source.CPUINFO.id(), List.of(), List.of(new InputError(name, 0,
                    "cannot be read (" + e.getMessage() + ")")));
        }
    }

    /**
     * The reading with this machine's microcode revision (from /proc/cpuinfo, whatever source gave
     * the registers) and BIOS version, where they can be read; either is simply left out otherwise.
     */
    private DumpReading withMachine(DumpReading reading) {
        List<String> notes = new ArrayList<>();
        Long microcode = reading.origin().microcode();
        if (microcode == null) {
            microcode = microcodeFromCpuinfo();
            if (microcode != null) {
                notes.add("microcode revision from " + cpuinfo + ".");
            }
        }
        String firmware = null;
        if (biosVersion != null) {
            try {
                String text = TextFiles.decode(readLimited(Files.newInputStream(biosVersion)));
                firmware = DumpFields.firmware(biosVersion.toString(), 1, text, new ArrayList<>());
            } catch (IOException | YamlInputException e) {
                firmware = null; // no DMI on this machine, or not readable: the profile just does not say
            }
            if (firmware != null) {
                notes.add("firmware version from " + biosVersion + ".");
            }
        }
        DumpReading.Origin o = reading.origin();
        return reading.withOrigin(new DumpReading.Origin(o.host(), o.cluster(), microcode, firmware), notes);
    }

    private Long microcodeFromCpuinfo() {
        try {
            java.util.regex.Matcher m = MICROCODE.matcher(TextFiles.decode(readLimited(Files.newInputStream(cpuinfo))));
            return m.find() ? io.cpuidmask.model.RegisterValues.parseMicrocode(m.group(1)) : null;
        } catch (IOException | YamlInputException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A VM's CPUID is what its hypervisor chose to show, not the physical CPU. */
    private static List<InputError> virtualMachineWarning(String name, DumpedCpu cpu) {
        OptionalInt ecx = cpu.value(1, 0, Register.ECX);
        if (ecx.isPresent() && (ecx.getAsInt() & (1 << 31)) != 0) {
            return List.of(new InputError(name, 0, "this machine is a virtual machine (CPUID hypervisor bit set):"
                    + " the profile shows the virtual CPU its hypervisor exposes, not a physical host"));
        }
        return List.of();
    }

    /**
     * Runs a command; its standard output, or null when it cannot run, fails or takes too long.
     * Output goes to a temporary file so that a hung command cannot block the read.
     */
    private static String run(List<String> command) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile("cpuidmask-snapshot", ".out");
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() != 0 || Files.size(out) > MAX_TOOL_OUTPUT) {
                return null;
            }
            return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null; // not installed, not allowed to run, ...
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_TOOL_OUTPUT) {
                    throw new IOException("more than " + MAX_TOOL_OUTPUT + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
