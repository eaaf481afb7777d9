package io.cpuidmask.engine;

import io.cpuidmask.cache.Cache;
import io.cpuidmask.model.RuleInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
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
 * Keeps compiled rule bases in the {@link Cache}, under the SHA-256 of the rule sources and the
 * JVM (the cache adds the build), because compiling DRL is the slowest part of a small check
 * (seconds). An entry that cannot be read back for any reason is a miss, and rewritten.
 *
 * <p>Entries hold Java-serialised Drools packages; like the rules themselves they are code and
 * trusted, which is why the cache folder must be the user's own ({@link io.cpuidmask.cache.CacheFolder}).
 */
public final class RuleCache {

    static final String KIND = "rules";
    private final Cache cache;

    public RuleCache(Cache cache) {
        this.cache = cache;
    }

    /** The rule cache of the environment's {@link Cache}, or none. */
    public static Optional<RuleCache> fromEnvironment() {
        return Cache.fromEnvironment().map(RuleCache::new);
    }

    /** What a cache file holds besides the packages: the rule metadata. */
    private record Entry(List<RuleInfo> rules, List<String> files, String sha256) implements Serializable {
    }

    /** The cached rule set for {@code key}, or empty on a miss or any problem reading it. */
    public Optional<RuleSet> load(String key) {
        try {
            Optional<byte[]> stored = cache.read(KIND, key);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            byte[] body = stored.get();
            try (ObjectInputStream in = new DroolsObjectInputStream(new ByteArrayInputStream(body),
                    RuleCache.class.getClassLoader())) {
                Entry entry = (Entry) in.readObject();
                @SuppressWarnings("unchecked")
                Collection<KiePackage> packages = (Collection<KiePackage>) in.readObject();
                InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(RuleCompiler.baseConfiguration());
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
            cache.write(KIND, key, bytes.toByteArray());
            cache.prune();
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs time.
        }
    }

    private static Collection<KiePackage> packagesOf(KieBase kieBase) {
        return kieBase.getKiePackages();
    }
}
