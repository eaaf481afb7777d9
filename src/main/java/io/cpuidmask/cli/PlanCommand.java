package io.cpuidmask.cli;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Version;
import io.cpuidmask.plan.Plan;
import io.cpuidmask.plan.PlanJsonWriter;
import io.cpuidmask.plan.PlanRequest;
import io.cpuidmask.plan.PlanRun;
import io.cpuidmask.plan.PlanTextWriter;
import io.cpuidmask.report.SafeText;
import io.cpuidmask.run.CheckRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cpuidmask plan}: what adding or removing hosts, or splitting clusters into pools, would do. */
@Command(name = "plan",
        description = "What a change would do: per cluster, the common features, x86-64 level, libvirt/QEMU model, "
                + "EVC mode and each guest's verdict (by the same rules as check) before and after adding hosts "
                + "(--add) or removing them (--remove); and the best split of each cluster into at most N migration "
                + "pools (--split).")
public final class PlanCommand extends AbstractCommand {

    /** The estate as it is. */
    @CommandLine.Mixin
    HostPaths.OrProfiles paths = new HostPaths.OrProfiles();

    @Option(names = "--add", paramLabel = "FILE",
            description = "A candidate host: a profile or any dump import reads; it joins the cluster its profile names, "
                    + "or --cluster; repeatable.")
    List<Path> adds = new ArrayList<>();

    @Option(names = "--cluster", paramLabel = "NAME", description = "The cluster every --add host joins (default: the one its profile names).")
    String cluster;

    @Option(names = "--remove", paramLabel = "HOST", description = "A host to take out of its cluster; repeatable.")
    List<String> removes = new ArrayList<>();

    @Option(names = "--split", paramLabel = "N",
            description = "Also split each cluster (after the changes) into at most N migration pools, keeping the most "
                    + "features per host; vendors never share a pool.")
    Integer split;

    @Option(names = "--guest", paramLabel = "ID",
            description = "Guest catalogue whose verdicts to compare; repeatable (default: every catalogue).")
    List<String> guests = new ArrayList<>();

    /** The same policy folders as check's: the verdicts are the ones check would give. */
    @CommandLine.Mixin
    RulesCommand.PolicyFolders folders = new RulesCommand.PolicyFolders();

    @CommandLine.Mixin
    StdoutFormat format = new StdoutFormat();

    @Override
    protected ExitCode execute() throws IOException {
        if (adds.isEmpty() && removes.isEmpty() && split == null) {
            throw usage("nothing to plan: give --add FILE, --remove HOST or --split N");
        }
        if (split != null && split < 1) {
            throw usage("--split needs at least 1 pool, not " + split);
        }
        if (cluster != null && adds.isEmpty()) {
            throw usage("--cluster names the cluster --add hosts join: give --add FILE too");
        }
        Plan plan;
        try {
            CheckRequest estate = new CheckRequest(paths.get(), guests,
                    folders.rules, folders.catalog, folders.sites);
            plan = new PlanRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new PlanRequest(estate, adds, cluster,
                    removes, split));
        } catch (PlanRun.UsageProblem e) {
            throw usage(e.getMessage());
        }
        for (InputError e : plan.errors()) {
            err().println(SafeText.cleanLine(e.render()));
        }
        for (InputError w : plan.warnings()) {
            err().println("warning: " + SafeText.cleanLine(w.render()));
        }
        if (format.json()) {
            new PlanJsonWriter().write(Version.get(), plan, out());
        } else {
            new PlanTextWriter().write(plan, out());
        }
        if (!plan.errors().isEmpty()) {
            return ExitCode.INPUT_ERROR;
        }
        return plan.failsAfter() ? ExitCode.POLICY_FAILURE : ExitCode.OK;
    }
}
