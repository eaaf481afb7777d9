package io.cpuidmask.engine;

import io.cpuidmask.facts.RuleMeta;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.files.Sha256;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.conf.ShareBetaNodesOption;

/**
 * Compiles the DRL files of one or more rule folders into a {@link RuleSet} at run time
 * (KieFileSystem and KieBuilder). Every problem comes back as {@code file:line: message}; an
 * empty folder, a rule without {@code @id}, a duplicate rule name or id are errors too.
 */
public final class RuleCompiler {

    private static final String RESOURCE_ROOT = "src/main/resources/cpuidmask/";

    public record Result(RuleSet ruleSet, List<InputError> errors) {
        public boolean ok() {
            return ruleSet != null && errors.isEmpty();
        }
    }

    private final Optional<RuleCache> cache;

    /** A compiler that uses the rule cache the environment asks for. */
    public RuleCompiler() {
        this(RuleCache.fromEnvironment());
    }

    public RuleCompiler(Optional<RuleCache> cache) {
        this.cache = cache;
    }

    public Result compile(List<Path> folders) {
        return compile(folders, List.of());
    }

    /** The policies of sources, compiled (from the cache when it has them). */
    public Result compile(PolicySources sources) {
        if (sources.ruleFolders().isEmpty()) {
            return new Result(null, List.of()); // no base: PolicySources says why
        }
        return compile(sources.ruleFolders(), sources.siteFolders());
    }

    /**
     * @param folders rule folders, each of which must hold DRL
     * @param sites   site folders layered on top, whose DRL (if any) joins the rules
     */
    public Result compile(List<Path> folders, List<Path> sites) {
        List<InputError> errors = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<Path> all = new ArrayList<>(folders);
        all.addAll(sites);
        for (int i = 0; i < all.size(); i++) {
            Path folder = all.get(i);
            boolean site = i >= folders.size();
            String shown = InputFiles.display(folder);
            if (!Files.isDirectory(folder)) {
                errors.add(new InputError(shown, 0, site ? "site folder not found" : "rules folder not found"));
                continue;
            }
            InputFiles.Listing listing = InputFiles.expand(List.of(folder),
                    p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".drl"));
            errors.addAll(listing.errors());
            if (listing.files().isEmpty() && !site) {
                errors.add(new InputError(shown, 0, "no rules: the folder has no .drl file (an empty policy would pass everything)"));
            }
            for (Path file : listing.files()) {
                try {
                    sources.put(InputFiles.display(file), TextFiles.read(file));
                } catch (YamlInputException e) {
                    errors.add(new InputError(InputFiles.display(file), e.line(), e.getMessage()));
                } catch (IOException e) {
                    errors.add(new InputError(InputFiles.display(file), 0, "cannot be read (" + e.getMessage() + ")"));
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        // Same sources, same tool: the compiled rule base of an earlier run serves.
        String key = cacheKey(sources);
        if (cache.isPresent()) {
            Optional<RuleSet> cached = cache.get().load(key);
            if (cached.isPresent()) {
                return new Result(cached.get(), errors);
            }
        }
        List<RuleInfo> rules = describe(sources, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        Map<String, String> resourceToFile = new HashMap<>();
        int n = 0;
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String resource = RESOURCE_ROOT + "r" + (n++) + "_" + e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            resourceToFile.put(resource, e.getKey());
            resourceToFile.put(resource.substring("src/main/resources/".length()), e.getKey());
            kfs.write(resource, e.getValue());
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String file = resourceToFile.getOrDefault(m.getPath(), m.getPath() == null ? "rules" : m.getPath());
            errors.add(new InputError(file, Math.max(0, m.getLine()), oneLine(m.getText())));
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        KieContainer container = ks.newKieContainer(builder.getKieModule().getReleaseId());
        RuleSet ruleSet = new RuleSet(container.newKieBase(baseConfiguration()), rules, List.copyOf(sources.keySet()), hash(sources));
        cache.ifPresent(c -> c.store(key, ruleSet));
        return new Result(ruleSet, errors);
    }

    /**
     * Rules never share beta nodes. Drools 10.1 mis-numbers an accumulate node's segment when a rule of a
     * later package shares the start of its network (apache/incubator-kie#7109, and #7115 for exists):
     * the decision rules that collect FindingItems (several start with the same ClusterGuest pattern)
     * would then keep a finding whose items were retracted.
     */
    static KieBaseConfiguration baseConfiguration() {
        KieBaseConfiguration conf = KieServices.Factory.get().newKieBaseConfiguration();
        conf.setOption(ShareBetaNodesOption.NO);
        return conf;
    }

    /** Parses each file for its rules' metadata and checks names and ids before Drools builds. */
    private List<RuleInfo> describe(Map<String, String> sources, List<InputError> errors) {
        List<RuleInfo> rules = new ArrayList<>();
        Map<String, RuleInfo> byName = new HashMap<>();
        Map<String, RuleInfo> byId = new HashMap<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String file = e.getKey();
            DrlParser parser = new DrlParser();
            PackageDescr pkg;
            try {
                pkg = parser.parse(false, new StringReader(e.getValue()));
            } catch (DroolsParserException ex) {
                errors.add(new InputError(file, Math.max(0, ex.getLineNumber()), oneLine(ex.getMessage())));
                continue;
            }
            if (parser.hasErrors() || pkg == null) {
                for (DroolsError err : parser.getErrors()) {
                    int[] lines = err.getLines();
                    errors.add(new InputError(file, lines != null && lines.length > 0 ? lines[0] : 0, oneLine(err.getMessage())));
                }
                continue;
            }
            for (RuleDescr r : pkg.getRules()) {
                String id = value(r.getAnnotation("id"));
                RuleInfo info = new RuleInfo(id, r.getName(), value(r.getAnnotation("severity")),
                        value(r.getAnnotation("description")), file, r.getLine());
                String qualified = pkg.getName() + "." + r.getName();
                RuleInfo sameName = byName.putIfAbsent(qualified, info);
                if (sameName != null) {
                    errors.add(new InputError(file, r.getLine(), "duplicate rule name '" + r.getName()
                            + "' in package " + pkg.getName() + ": also at " + sameName.file() + ":" + sameName.line()));
                }
                if (id == null) {
                    errors.add(new InputError(file, r.getLine(), "rule '" + r.getName() + "' has no @id metadata"));
                } else if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                    errors.add(new InputError(file, r.getLine(), "rule id '" + id + "' must be lower-case letters, digits and '-'"));
                } else {
                    RuleInfo sameId = byId.putIfAbsent(id, info);
                    if (sameId != null) {
                        errors.add(new InputError(file, r.getLine(), "duplicate rule id '" + id + "': also used by rule '"
                                + sameId.name() + "' at " + sameId.file() + ":" + sameId.line()));
                    }
                }
                if (info.severity() != null && !List.of("ERROR", "WARNING", "INFO").contains(info.severity())) {
                    errors.add(new InputError(file, r.getLine(), "rule '" + r.getName() + "': @severity must be ERROR, WARNING or INFO"));
                }
                rules.add(info);
            }
        }
        return rules;
    }

    private static String value(AnnotationDescr a) {
        if (a == null) {
            return null;
        }
        Object v = a.getSingleValueStripped();
        return v == null ? null : RuleMeta.text(v.toString());
    }

    private static String oneLine(String s) {
        return s == null ? "error" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /**
     * What a compiled rule base is about: the rule sources and the JVM whose classes it serialises
     * (the cache adds the build, so a rebuilt jar with changed fact classes never reuses one).
     */
    static String cacheKey(Map<String, String> sources) {
        Map<String, String> salted = new LinkedHashMap<>(sources);
        salted.put("\u0000jvm", Runtime.version().toString());
        return hash(salted);
    }

    static String hash(Map<String, String> sources) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        sources.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return Sha256.ofNamed(bytes);
    }
}
