package io.cpuidmask.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;

/**
 * Caches compiled rule bases on disk, keyed by the SHA-256 of the rule sources and the tool
 * version, because compiling DRL is the slowest part of a small check (seconds). A file that
 * cannot be read back for any reason is ignored and rewritten: the cache can only save time.
 *
 * <p>Cache files hold Java-serialised Drools packages; like the rules themselves they are code and
 * trusted. They live in the user's own cache folder ({@code $XDG_CACHE_HOME/cpuidmask} or
 * {@code ~/.cache/cpuidmask}); {@code CPUIDMASK_CACHE} overrides it and {@code CPUIDMASK_CACHE=off}
 * disables caching.
 */
public final class RuleCache {

    private static final byte[] MAGIC = {'C', 'M', 'R', 'C', 1};
    private final Path folder;

    public RuleCache(Path folder) {
        this.folder = folder;
    }

    /** The cache the environment asks for, or none. */
    public static Optional<RuleCache> fromEnvironment() {
        return io.cpuidmask.CacheFolder.fromEnvironment().map(RuleCache::new);
    }

    /** What a cache file holds besides the packages: the rule metadata. */
    private record Entry(List<RuleInfo> rules, List<String> files, String sha256) implements java.io.Serializable {
    }

    Path fileFor(String key) {
        return folder.resolve("rules-" + key + ".bin");
    }

    /** The cached rule set for {@code key}, or empty on a miss or any problem reading it. */
    public Optional<RuleSet> load(String key) {
        try {
            Optional<byte[]> stored = io.cpuidmask.CacheFolder.readEntry(fileFor(key), MAGIC);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            byte[] body = stored.get();
            try (ObjectInputStream in = new DroolsObjectInputStream(new ByteArrayInputStream(body),
                    RuleCache.class.getClassLoader())) {
                Entry entry = (Entry) in.readObject();
                @SuppressWarnings("unchecked")
                Collection<KiePackage> packages = (Collection<KiePackage>) in.readObject();
                InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase();
                kieBase.addPackages(packages);
                return Optional.of(new RuleSet(kieBase, entry.rules(), entry.files(), entry.sha256(), true));
            }
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Stores a freshly compiled rule set; failures are ignored (the next run compiles again). */
    public void store(String key, RuleSet rules) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
                out.writeObject(new Entry(new ArrayList<>(rules.rules()), new ArrayList<>(rules.files()), rules.sha256()));
                out.writeObject(new ArrayList<>(packagesOf(rules.kieBase())));
            }
            io.cpuidmask.CacheFolder.writeEntry(fileFor(key), MAGIC, bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs time.
        }
    }

    private static Collection<KiePackage> packagesOf(KieBase kieBase) {
        return kieBase.getKiePackages();
    }
}
