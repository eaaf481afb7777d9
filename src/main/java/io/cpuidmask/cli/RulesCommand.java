package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.engine.PolicySources;
import io.cpuidmask.engine.RuleCompiler;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.verify.PolicyTestRunner;
import io.cpuidmask.verify.PolicyVerification;
import io.cpuidmask.verify.PolicyVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cpuidmask rules list|verify}: what the policy contains, and whether it does what its tests say. */
@Command(name = "rules",
        description = "List the policy rules, verify them against their unit tests (tests/*.yaml beside the rules), "
                + "or export the shipped policy for editing.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.VerifyRules.class, ExportRules.class})
public final class RulesCommand extends AbstractCommand {

    @Override
    protected ExitCode execute() {
        err().println(name() + ": a subcommand is required (" + String.join(", ", spec.subcommands().keySet()) + ")");
        spec.commandLine().usage(err());
        return ExitCode.USAGE;
    }

    /** Options list and verify take: which folders make the policy. */
    static class RuleFolders {
        @Option(names = "--rules", paramLabel = "DIR",
                description = "Rules folder to use instead of the shipped policy; repeatable, merged (default: the shipped policy).")
        List<Path> rules = new ArrayList<>();

        @Option(names = "--site", paramLabel = "DIR",
                description = "Site folder layered on top of the policy (DRL, policy.yaml, waivers.yaml, tests/, masks/; no DRL needed); repeatable.")
        List<Path> sites = new ArrayList<>();

        PolicySources sources(Path catalog) {
            return PolicySources.of(rules, sites, catalog);
        }
    }

    /** The rule and site folders and the guest catalogues, as check takes them. */
    static class PolicyFolders extends RuleFolders {
        @Option(names = "--catalog", paramLabel = "DIR",
                description = "Folder of guest mask catalogues (default: masks/ of the shipped policy, or of the first --rules folder that has one).")
        Path catalog;

        PolicySources sources() {
            return sources(catalog);
        }
    }

    static RuleCompiler.Result compile(PolicySources sources, PrintWriter err) {
        sources.errors().forEach(e -> err.println(e.render()));
        RuleCompiler.Result compiled = new RuleCompiler().compile(sources);
        compiled.errors().forEach(e -> err.println(e.render()));
        return compiled;
    }

    /** Which folders the policy comes from, and their SHA-256. */
    static List<Map<String, Object>> folderRows(PolicySources sources) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PolicySources.Folder f : sources.folders()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("folder", f.label());
            row.put("kind", f.kindName());
            row.put("sha256", f.sha256());
            rows.add(row);
        }
        return rows;
    }

    @Command(name = "list", description = "Id, severity, description, file and line of every rule.")
    static final class ListRules extends AbstractCommand {

        @CommandLine.Mixin
        RuleFolders folders = new RuleFolders();

        @CommandLine.Mixin
        StdoutFormat format = new StdoutFormat();

        @Override
        protected ExitCode execute() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PolicySources sources = folders.sources(null);
            RuleCompiler.Result compiled = compile(sources, spec.commandLine().getErr());
            if (!compiled.ok()) {
                return ExitCode.INPUT_ERROR;
            }
            List<RuleInfo> rules = compiled.ruleSet().rules();
            List<Map<String, Object>> folderRows = folderRows(sources);
            if (format.json()) {
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
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("folders", folderRows);
                doc.put("rules", rows);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } else {
                for (RuleInfo r : rules) {
                    out.printf("%-32s %-8s %s:%d%n    %s%n", r.id(), r.severity() == null ? "-" : r.severity(), r.file(),
                            r.line(), r.description() == null ? "" : r.description());
                }
                out.printf("%d rules%n", rules.size());
                for (Map<String, Object> f : folderRows) {
                    out.printf("from %s (%s) sha256 %s%n", f.get("folder"), f.get("kind"), f.get("sha256"));
                }
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "verify", description = "Compile the rules and run the policy unit tests in each folder's tests/*.yaml.")
    static final class VerifyRules extends AbstractCommand {

        @CommandLine.Mixin
        PolicyFolders folders = new PolicyFolders();

        @Override
        protected ExitCode execute() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PolicySources sources = folders.sources();
            RuleCompiler.Result compiled = compile(sources, err);
            if (!compiled.ok() || !sources.errors().isEmpty()) {
                return ExitCode.INPUT_ERROR;
            }
            PolicyVerification v = new PolicyVerifier(FeatureCatalogs.shipped())
                    .verify(sources, compiled.ruleSet(), LocalDate.now(ZoneOffset.UTC));
            for (PolicyTestRunner.Outcome o : v.outcomes()) {
                if (o.unusable().isEmpty()) {
                    out.println((o.passed() ? "PASS " : "FAIL ") + o.testCase().where() + " " + o.testCase().name());
                    o.failures().forEach(f -> out.println("     " + f));
                }
            }
            out.println(v.passed() + " passed, " + v.failed() + " failed");
            out.flush();
            v.problems().forEach(p -> err.println(p.render()));
            return v.exitCode();
        }
    }
}
