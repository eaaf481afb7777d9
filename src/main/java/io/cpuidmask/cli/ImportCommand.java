package io.cpuidmask.cli;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Suggestions;
import io.cpuidmask.profile.ProfileFiles;
import io.cpuidmask.profile.dump.DumpFiles;
import io.cpuidmask.profile.dump.DumpFormats;
import io.cpuidmask.profile.dump.DumpImporter;
import io.cpuidmask.profile.dump.ImportOptions;
import io.cpuidmask.profile.dump.ImportResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cpuidmask import}: turns CPUID dumps into YAML host profiles, one per host. */
@Command(name = "import",
        description = {"Import CPUID dumps as YAML host profiles (one <host>.yaml per dump).",
            "Formats, detected from the content: vmware (CPUID boot CD), aida64 (AIDA64 / InstLatx64),"
                + " libcpuid (raw dump), cpuid (cpuid -r / -1r), libvirt (CPU data, virsh capabilities or"
                + " domcapabilities XML), vsphere-json (PowerCLI HostCpuIdInfo), cpuinfo (/proc/cpuinfo flags),"
                + " kubevirt (kubectl get nodes -o json with KubeVirt's CPU labels: one host per node)."})
public final class ImportCommand extends AbstractCommand {

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Dump files, or folders searched recursively for dumps.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster of the imported hosts (default: the one the input names, as KubeVirt nodes"
                    + " may, else default).")
    String cluster;

    @Option(names = "--host", paramLabel = "NAME",
            description = "Host name (one FILE of one host only; default: a Kubernetes node's name, else the file"
                    + " name without extension).")
    String host;

    @Option(names = "--from", paramLabel = "FORMAT",
            description = "Read every FILE as this format instead of detecting it.")
    String from;

    @CommandLine.Mixin
    ProfileOutput output = new ProfileOutput();

    @Override
    protected ExitCode execute() {
        // Its results are files: every line it prints (what it wrote, warnings, errors) is a diagnostic.
        PrintWriter stderr = err();
        if (host != null && (files.size() > 1 || Files.isDirectory(files.get(0)))) {
            throw usage("--host names one host: give a single FILE");
        }
        if (from != null && DumpFormats.byId(from).isEmpty()) {
            throw usage("unknown format '" + from + "' for --from" + Suggestions.didYouMean(from, DumpFormats.idList())
                    + " (known: " + DumpFormats.ids() + ")");
        }
        InputFiles.Listing listing = InputFiles.expand(files, DumpFiles::isCandidate);
        List<InputError> errors = new ArrayList<>(listing.errors());
        Set<Path> named = new HashSet<>();
        for (Path p : files) {
            if (Files.isRegularFile(p)) {
                named.add(p.normalize());
            }
        }
        listing.errors().forEach(e -> stderr.println(e.render()));
        ImportOptions options = new ImportOptions(host, cluster, from);
        DumpImporter importer = new DumpImporter();
        ProfileFiles writer = output.files();
        Map<String, String> hosts = new HashMap<>();
        int imported = 0;
        for (Path file : listing.files()) {
            String name = InputFiles.display(file);
            if (InputFiles.isYamlFile(file)) {
                errors.add(new InputError(name, 0, "is a YAML host profile already; give it to check directly"));
                continue;
            }
            List<ImportResult> results = importer.readAll(file, name, options);
            if (results.stream().noneMatch(ImportResult::recognised) && !named.contains(file)) {
                continue; // not a dump: README, notes, ...
            }
            for (ImportResult result : results) {
                if (write(result, name, writer, hosts, errors, stderr)) {
                    imported++;
                }
            }
        }
        if (imported == 0 && errors.isEmpty()) {
            InputError e = new InputError(String.join(" ", files.stream().map(InputFiles::display).toList()), 0,
                    "no CPUID dumps found");
            errors.add(e);
            stderr.println(e.render());
        }
        stderr.flush();
        return errors.isEmpty() ? ExitCode.OK : ExitCode.INPUT_ERROR;
    }

    /** Reports one host's outcome and writes its profile; true when a profile was written (or already there). */
    private static boolean write(ImportResult result, String name, ProfileFiles writer, Map<String, String> hosts,
                                 List<InputError> errors, PrintWriter stderr) {
        result.warnings().forEach(w -> stderr.println(warning(w)));
        if (!result.ok()) {
            errors.addAll(result.errors());
            result.errors().forEach(e -> stderr.println(e.render()));
            return false;
        }
        String first = hosts.putIfAbsent(result.profile().host(), name);
        if (first != null) {
            InputError e = new InputError(name, result.profile().source().line(), "duplicate host name '"
                    + result.profile().host() + "': already imported from " + first
                    + "; not written (use --host, or rename the file)");
            errors.add(e);
            stderr.println(e.render());
            return false;
        }
        try {
            ProfileFiles.Written w = writer.write(result.profile(), result.comments());
            String what = switch (w.outcome()) {
                case WRITTEN -> "wrote";
                case REPLACED -> "replaced";
                case UNCHANGED -> "unchanged";
            };
            stderr.println(what + " " + InputFiles.display(w.path()) + " (host " + result.profile().host()
                    + ", cluster " + result.profile().cluster() + ", " + result.format() + " from " + name + ")");
            return true;
        } catch (ProfileFiles.NotWritten e) {
            InputError err = new InputError(InputFiles.display(e.path()), 0, e.getMessage());
            errors.add(err);
            stderr.println(err.render());
            return false;
        }
    }

    private static String warning(InputError w) {
        return (w.line() > 0 ? w.file() + ":" + w.line() : w.file()) + ": warning: " + w.message();
    }
}
