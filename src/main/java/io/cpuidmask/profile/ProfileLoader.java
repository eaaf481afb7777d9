package io.cpuidmask.profile;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.files.Sha256;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RegisterTable;
import io.cpuidmask.profile.dump.DumpFiles;
import io.cpuidmask.profile.dump.DumpImporter;
import io.cpuidmask.profile.dump.ImportOptions;
import io.cpuidmask.profile.dump.ImportResult;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads every host profile under the given paths. A bad file never stops the batch: its
 * problems are collected as {@link InputError}s and the other files are still read. Files that
 * are not YAML are read as CPUID dumps ({@link DumpImporter}); in folders, only those whose
 * content is a known dump count as inputs.
 */
public final class ProfileLoader {

    /** One input file: its name as shown in reports, its SHA-256, and the hosts it gave. */
    public record InputFile(String file, String sha256, List<String> hosts) {
    }

    /** Everything read: hosts in file order, the files, the problems, and warnings on imported dumps. */
    public record Loaded(List<HostProfile> hosts, List<InputFile> inputs, List<InputError> errors,
                         List<InputError> warnings) {

        public Loaded(List<HostProfile> hosts, List<InputFile> inputs, List<InputError> errors) {
            this(hosts, inputs, errors, List.of());
        }
    }

    private final ProfileParser parser = new ProfileParser();
    private DumpImporter importer; // made when the first dump is met: most runs read only YAML
    private final ProfileCache cache;

    /** A loader that remembers big files it parsed in the environment's cache ({@link ProfileCache}). */
    public ProfileLoader() {
        this(ProfileCache.fromEnvironment().orElse(null));
    }

    /** cache: where parsed files are remembered, or null for none. */
    public ProfileLoader(ProfileCache cache) {
        this.cache = cache;
    }

    public Loaded load(List<Path> paths) {
        InputFiles.Listing listing = InputFiles.expand(paths, p -> InputFiles.isYamlFile(p) || DumpFiles.isCandidate(p));
        Set<Path> named = new HashSet<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                named.add(p.normalize());
            }
        }
        List<InputError> errors = new ArrayList<>(listing.errors());
        List<InputError> warnings = new ArrayList<>();
        List<HostProfile> hosts = new ArrayList<>();
        List<InputFile> inputs = new ArrayList<>();
        Map<String, HostProfile> byName = new HashMap<>();
        // Files are parsed in parallel; merging stays in file order, so results do not depend on threads.
        // Each file's hosts share their register tables with the equal ones read before, as soon as
        // the file is read: an estate's hosts are mostly of a few CPU kinds.
        RegisterTable.Interner interner = new RegisterTable.Interner();
        List<FileResult> parsed = listing.files().parallelStream()
                .map(f -> readOne(f, named.contains(f)).sharing(interner)).toList();
        if (cache != null && parsed.stream().anyMatch(FileResult::stored)) {
            cache.prune();
        }
        for (FileResult r : parsed) {
            if (r.notAnInput()) {
                continue; // a folder's README or notes, not a dump
            }
            errors.addAll(r.errors());
            warnings.addAll(r.warnings());
            if (r.sha256() == null) {
                continue;
            }
            List<String> accepted = new ArrayList<>();
            for (HostProfile h : r.hosts()) {
                HostProfile first = byName.putIfAbsent(h.host(), h);
                if (first != null) {
                    errors.add(new InputError(r.file(), h.source().line(), "duplicate host name '" + h.host()
                            + "': already defined at " + first.source() + "; this one is ignored"));
                } else {
                    hosts.add(h);
                    accepted.add(h.host());
                }
            }
            inputs.add(new InputFile(r.file(), r.sha256(), List.copyOf(accepted)));
        }
        // A folder named on the command line that holds no profile and no dump: nothing to check there.
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                Path folder = p.toAbsolutePath().normalize();
                boolean any = false;
                for (int i = 0; i < parsed.size() && !any; i++) {
                    any = !parsed.get(i).notAnInput() && listing.files().get(i).toAbsolutePath().normalize().startsWith(folder);
                }
                if (!any) {
                    errors.add(new InputError(InputFiles.display(p), 0, "no host profiles found"));
                }
            }
        }
        return new Loaded(hosts, inputs, InputError.capPerFile(errors), InputError.capPerFile(warnings));
    }

    /**
     * One file's hosts and problems; sha256 is null when the file could not be read at all.
     * notAnInput: a file found in a folder whose content is no known dump.
     */
    private record FileResult(String file, String sha256, List<HostProfile> hosts, List<InputError> errors,
                              List<InputError> warnings, boolean notAnInput, boolean stored) {

        FileResult(String file, String sha256, List<HostProfile> hosts, List<InputError> errors) {
            this(file, sha256, hosts, errors, List.of(), false, false);
        }

        FileResult sharing(RegisterTable.Interner interner) {
            return new FileResult(file, sha256, hosts.stream().map(h -> h.sharing(interner)).toList(), errors, warnings,
                    notAnInput, stored);
        }
    }

    private FileResult readOne(Path file, boolean named) {
        String name = InputFiles.display(file);
        byte[] bytes;
        try {
            bytes = TextFiles.readBytes(file);
        } catch (YamlInputException e) {
            return new FileResult(name, null, List.of(), List.of(new InputError(name, e.line(), e.getMessage())));
        } catch (IOException e) {
            return new FileResult(name, null, List.of(), List.of(new InputError(name, 0, "cannot be read (" + InputFiles.reason(e) + ")")));
        }
        if (!InputFiles.isYamlFile(file)) {
            List<ImportResult> imported = importer().readAll(name, bytes, ImportOptions.DEFAULTS);
            List<HostProfile> hosts = new ArrayList<>();
            List<InputError> errors = new ArrayList<>();
            List<InputError> warnings = new ArrayList<>();
            for (ImportResult r : imported) {
                if (r.ok()) {
                    hosts.add(r.profile());
                }
                errors.addAll(r.errors());
                warnings.addAll(r.warnings());
            }
            boolean recognised = imported.stream().anyMatch(ImportResult::recognised);
            return new FileResult(name, sha256(bytes), hosts, errors, warnings, !recognised && !named, false);
        }
        String sha = sha256(bytes);
        boolean cached = cache != null && bytes.length >= ProfileCache.MIN_FILE_BYTES;
        if (cached) {
            Optional<ProfileParser.Result> hit = cache.load(name, sha);
            if (hit.isPresent()) {
                return new FileResult(name, sha, hit.get().hosts(), hit.get().errors());
            }
        }
        try {
            ProfileParser.Result result = parser.parse(name, TextFiles.decode(bytes));
            if (cached) {
                cache.store(name, sha, result);
            }
            return new FileResult(name, sha, result.hosts(), result.errors(), List.of(), false, cached);
        } catch (YamlInputException e) {
            return new FileResult(name, sha256(bytes), List.of(), List.of(new InputError(name, e.line(), e.getMessage())));
        }
    }

    private synchronized DumpImporter importer() {
        if (importer == null) {
            importer = new DumpImporter();
        }
        return importer;
    }

    /** Lower-case hex SHA-256 of an input file's bytes. */
    public static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
