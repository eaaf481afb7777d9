package io.cpuidmask.cli;

import io.cpuidmask.Version;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.engine.PolicyLoader;
import io.cpuidmask.engine.RuleCompiler;
import io.cpuidmask.engine.RuleInfo;
import io.cpuidmask.model.InputError;
import io.cpuidmask.verify.PolicyTestCase;
import io.cpuidmask.verify.PolicyTestLoader;
import io.cpuidmask.verify.PolicyTestRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuidmask rules list|verify}: what the policy contains, and whether it does what its tests say. */
@Command(name = "rules", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List the policy rules, or verify them against their unit tests (tests/*.yaml beside the rules).",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.VerifyRules.class})
public final class RulesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("cpuidmask rules: a subcommand is required (list or verify)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }

    /** Options both subcommands take. */
    static class RuleFolders {
        @Option(names = "--rules", paramLabel = "DIR", description = "Folder of DRL rules; repeatable, merged (default: rules/).")
        List<Path> rules = new ArrayList<>();

        List<Path> folders() {
            return rules.isEmpty() ? List.of(Path.of("rules")) : rules;
        }
    }

    static RuleCompiler.Result compile(List<Path> folders, PrintWriter err) {
        RuleCompiler.Result compiled = new RuleCompiler().compile(folders);
        compiled.errors().forEach(e -> err.println(e.render()));
        return compiled;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Id, severity, description, file and line of every rule.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:usage error", "3:the rules do not compile"})
    static final class ListRules implements Callable<Integer> {

        enum Format { text, json }

        @CommandLine.Mixin
        RuleFolders folders = new RuleFolders();

        @Option(names = "--format", paramLabel = "F", description = "${COMPLETION-CANDIDATES} (default: text).")
        Format format = Format.text;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            RuleCompiler.Result compiled = compile(folders.folders(), spec.commandLine().getErr());
            if (!compiled.ok()) {
                return ExitCode.INPUT_ERROR.code();
            }
            List<RuleInfo> rules = compiled.ruleSet().rules();
            if (format == Format.json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (RuleInfo r : rules) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", r.id());
                    row.put("severity", r.severity());
                    row.put("description", r.description());
                    row.put("file", r.file());
                    row.put("line", r.line());
                    rows.add(row);
                }
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else {
                for (RuleInfo r : rules) {
                    out.printf("%-32s %-8s %s:%d%n    %s%n", r.id(), r.severity() == null ? "-" : r.severity(), r.file(),
                            r.line(), r.description() == null ? "" : r.description());
                }
                out.printf("%d rules%n", rules.size());
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Compile the rules and run the policy unit tests in each folder's tests/*.yaml.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every case passes", "1:a case fails", "2:usage error", "3:the rules or a test file cannot be used"})
    static final class VerifyRules implements Callable<Integer> {

        @CommandLine.Mixin
        RuleFolders folders = new RuleFolders();

        @Option(names = "--catalog", paramLabel = "DIR", description = "Folder of guest mask catalogues (default: rules/masks/).")
        Path catalog = Path.of("rules", "masks");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RuleCompiler.Result compiled = compile(folders.folders(), err);
            if (!compiled.ok()) {
                return ExitCode.INPUT_ERROR.code();
            }
            List<InputError> problems = new ArrayList<>();
            CatalogLoader.Loaded catalogs = new CatalogLoader().load(catalog);
            problems.addAll(catalogs.errors());
            PolicyLoader.Loaded policy = new PolicyLoader().load(folders.folders(), compiled.ruleSet(),
                    LocalDate.now(ZoneOffset.UTC));
            problems.addAll(policy.errors());
            List<PolicyTestCase> cases = new ArrayList<>();
            for (Path folder : folders.folders()) {
                PolicyTestLoader.Loaded loaded = new PolicyTestLoader().load(folder);
                cases.addAll(loaded.cases());
                problems.addAll(loaded.errors());
            }
            problems.forEach(p -> err.println(p.render()));
            PolicyTestRunner runner = new PolicyTestRunner(compiled.ruleSet(), FeatureCatalog.shipped(), policy.policy(),
                    catalogs.guests());
            int passed = 0;
            int failed = 0;
            List<InputError> unusable = new ArrayList<>();
            for (PolicyTestCase c : cases) {
                PolicyTestRunner.Outcome o = runner.run(c);
                if (!o.unusable().isEmpty()) {
                    // A test that names what does not exist is unusable (exit 3), not a policy failure (exit 1).
                    o.unusable().forEach(u -> unusable.add(new InputError(c.file(), c.line(), "case '" + c.name() + "': " + u)));
                    continue;
                }
                if (o.passed()) {
                    passed++;
                    out.println("PASS " + c.where() + " " + c.name());
                } else {
                    failed++;
                    out.println("FAIL " + c.where() + " " + c.name());
                    o.failures().forEach(f -> out.println("     " + f));
                }
            }
            out.println(passed + " passed, " + failed + " failed");
            out.flush();
            unusable.forEach(p -> err.println(p.render()));
            if (!problems.isEmpty() || !unusable.isEmpty()) {
                return ExitCode.INPUT_ERROR.code();
            }
            return failed > 0 ? ExitCode.POLICY_FAILURE.code() : ExitCode.OK.code();
        }
    }
}
