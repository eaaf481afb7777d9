package io.cpuidmask.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.Architectures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The package arrows docs/ARCHITECTURE.md draws: data flows one way, inputs to facts to rules to
 * results to reports, and a package uses only the stages before it.
 */
class ArchitectureTest {

    /** The stages in data-flow order; a stage may use only those before it. */
    static final List<String> STAGES = List.of(
            "model", "files", "yaml", "facts", "catalog", "cache", "profile.dump", "profile",
            "engine", "result", "baseline", "explain", "report", "run", "plan", "verify", "bench", "cli");

    private static JavaClasses production;

    @BeforeAll
    static void importBuild() {
        // Only the built tool: the test classes (and their support) are not part of the layering.
        production = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void everyClassLivesInTheProjectsOwnPackages() {
        classes().should().resideInAPackage("io.cpuidmask..").check(production);
    }

    @Test
    void everyPackageIsAStage() throws Exception {
        TreeSet<String> packages = new TreeSet<>();
        Path root = Path.of("src", "main", "java", "io", "cpuidmask");
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> root.relativize(p.getParent()).toString().replace('/', '.'))
                    .forEach(packages::add);
        }
        assertEquals(new TreeSet<>(STAGES), packages,
                "a new package needs its place in STAGES and in docs/ARCHITECTURE.md; nothing in the root package");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.cpuidmask.(**)").should().beFreeOfCycles().check(production);
    }

    @Test
    void eachStageUsesOnlyTheStagesBeforeIt() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String stage : STAGES) {
            layers = layers.layer(stage).definedBy("io.cpuidmask." + stage);
        }
        for (int i = 0; i < STAGES.size() - 1; i++) {
            String[] later = STAGES.subList(i + 1, STAGES.size()).toArray(String[]::new);
            layers = layers.whereLayer(STAGES.get(i)).mayOnlyBeAccessedByLayers(later);
        }
        layers = layers.whereLayer("cli").mayNotBeAccessedByAnyLayer();
        layers.check(production);
    }

    @Test
    void onlyTheEngineKnowsDrools() {
        classes().that().resideOutsideOfPackages("io.cpuidmask.engine", "io.cpuidmask.facts")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("org.drools..", "org.kie..")
                .because("rules run in the engine; the facts may read rule metadata, nothing else sees Drools")
                .check(production);
    }

    @Test
    void theDocsListTheStagesInDataFlowOrder() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("docs", "ARCHITECTURE.md")).stream()
                .filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(3, l.indexOf('`', 3)))
                .toList();
        assertEquals(STAGES, rows, "docs/ARCHITECTURE.md's table, one row per package in STAGES order");
    }
}
