package io.cpuidmask.engine;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.files.Sha256;
import io.cpuidmask.model.InputError;
import io.cpuidmask.yaml.TextFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which folders make the policy of a run (DESIGN.md section 8): the base, which is the shipped policy
 * or exactly the {@code --rules} folders, the {@code --site} folders layered on top, and the guest
 * catalogues ({@code --catalog}, else the base's {@code masks/}, plus each site's {@code masks/}).
 */
public final class PolicySources {

    /** One folder of the policy, as reports name it. */
    public record Folder(Path path, String label, Kind kind) {

        /** shipped: packaged with the tool; rules: a --rules folder; site: a --site folder; catalog: a --catalog folder outside them. */
        public enum Kind { SHIPPED, RULES, SITE, CATALOG }

        public String kindName() {
            return kind.name().toLowerCase(Locale.ROOT);
        }

        /**
         * The SHA-256 of the folder's policy files (DRL anywhere in it, policy.yaml, waivers.yaml, and
         * the catalogues of masks/; for a catalogue folder its YAML files), by name relative to the
         * folder: the same for the shipped policy, an export of it and any copy.
         */
        public String sha256() {
            Map<String, byte[]> contents = new LinkedHashMap<>();
            for (Path file : files()) {
                String name = path.relativize(file).toString().replace('\\', '/');
                contents.put(name, TextFiles.bytesForHash(file));
            }
            return Sha256.ofNamed(contents);
        }

        private List<Path> files() {
            if (!Files.isDirectory(path)) {
                return List.of();
            }
            if (kind == Kind.CATALOG) {
                return InputFiles.expand(List.of(path), InputFiles::isYamlFile).files();
            }
            List<Path> files = new ArrayList<>(InputFiles.expand(List.of(path), PolicySources::isDrl).files());
            for (String f : List.of(PolicyLoader.POLICY_FILE, PolicyLoader.WAIVERS_FILE)) {
                if (Files.isRegularFile(path.resolve(f))) {
                    files.add(path.resolve(f));
                }
            }
            Path masks = path.resolve(MASKS);
            if (Files.isDirectory(masks)) {
                files.addAll(InputFiles.expand(List.of(masks), InputFiles::isYamlFile).files());
            }
            return files;
        }
    }

    /** The catalogue folder inside a rules or site folder. */
    public static final String MASKS = "masks";

    private final List<Folder> base;
    private final List<Folder> sites;
    private final Path catalog;
    private final boolean catalogGiven;
    private final List<InputError> errors;

    private PolicySources(List<Folder> base, List<Folder> sites, Path catalog, boolean catalogGiven, List<InputError> errors) {
        this.base = List.copyOf(base);
        this.sites = List.copyOf(sites);
        this.catalog = catalog;
        this.catalogGiven = catalogGiven;
        this.errors = List.copyOf(errors);
    }

    /**
     * @param rules   the --rules folders; empty: the shipped policy
     * @param sites   the --site folders, layered on top
     * @param catalog the --catalog folder, or null: the first base folder's masks/
     */
    public static PolicySources of(List<Path> rules, List<Path> sites, Path catalog) {
        List<InputError> errors = new ArrayList<>();
        List<Folder> base = new ArrayList<>();
        if (rules.isEmpty()) {
            Optional<Path> shipped = ShippedPolicy.root();
            if (shipped.isPresent()) {
                base.add(new Folder(shipped.get(), ShippedPolicy.label(), Folder.Kind.SHIPPED));
            } else {
                errors.add(new InputError(ShippedPolicy.label(), 0, "the shipped policy is missing from this build"
                        + " (no " + ShippedPolicy.RESOURCE + " on the class path): give --rules DIR"));
            }
        } else {
            rules.forEach(r -> base.add(new Folder(r, InputFiles.display(r), Folder.Kind.RULES)));
        }
        List<Folder> layered = new ArrayList<>();
        sites.forEach(s -> layered.add(new Folder(s, InputFiles.display(s), Folder.Kind.SITE)));
        Path masks = catalog;
        if (masks == null) {
            for (Folder f : base) {
                if (Files.isDirectory(f.path().resolve(MASKS))) {
                    masks = f.path().resolve(MASKS);
                    break;
                }
            }
            // A missing rules folder is reported by the compiler; one message says it.
            if (masks == null && !base.isEmpty() && base.stream().allMatch(f -> Files.isDirectory(f.path()))) {
                errors.add(new InputError(base.get(0).label(), 0, "no guest catalogues: "
                        + (base.size() == 1 ? "the rules folder has no masks/ folder" : "none of the rules folders has a masks/ folder")
                        + " (give --catalog DIR)"));
            }
        }
        return new PolicySources(base, layered, masks, catalog != null, errors);
    }

    /** The shipped policy alone, as a run with no --rules, --site or --catalog uses it. */
    public static PolicySources shipped() {
        return of(List.of(), List.of(), null);
    }

    /** Problems finding the folders (the shipped policy missing, no catalogue folder). */
    public List<InputError> errors() {
        return errors;
    }

    /** The base folders: each must hold DRL. */
    public List<Path> ruleFolders() {
        return base.stream().map(Folder::path).toList();
    }

    /** The site folders: DRL optional. */
    public List<Path> siteFolders() {
        return sites.stream().map(Folder::path).toList();
    }

    /** Base then site folders: where policy.yaml, waivers.yaml and tests/ are read. */
    public List<Path> policyFolders() {
        List<Path> all = new ArrayList<>(ruleFolders());
        all.addAll(siteFolders());
        return all;
    }

    /** The catalogue folders: the base's (or --catalog), then each site's masks/. */
    public List<Path> catalogFolders() {
        List<Path> out = new ArrayList<>();
        if (catalog != null) {
            out.add(catalog);
        }
        for (Folder s : sites) {
            if (Files.isDirectory(s.path().resolve(MASKS))) {
                out.add(s.path().resolve(MASKS));
            }
        }
        return out;
    }

    /**
     * Every folder that decides, in order: the base, the sites, and a --catalog folder that lies
     * outside them.
     */
    public List<Folder> folders() {
        List<Folder> all = new ArrayList<>(base);
        all.addAll(sites);
        if (catalogGiven && catalog != null && all.stream().noneMatch(f -> within(catalog, f.path()))) {
            all.add(new Folder(catalog, InputFiles.display(catalog), Folder.Kind.CATALOG));
        }
        return all;
    }

    private static boolean within(Path file, Path folder) {
        if (file.getFileSystem() != folder.getFileSystem()) {
            return false;
        }
        return file.toAbsolutePath().normalize().startsWith(folder.toAbsolutePath().normalize());
    }

    static boolean isDrl(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".drl");
    }
}
