package io.cpuidmask.cli;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.explain.ExplainJsonRenderer;
import io.cpuidmask.explain.ExplainTextRenderer;
import io.cpuidmask.explain.Explainer;
import io.cpuidmask.explain.Explanation;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.profile.ProfileLoader;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code cpuidmask explain}: names every feature of each host, its level, and where hosts differ. */
@Command(name = "explain",
        description = {
            "Explain host CPUID profiles: per host the vendor, family/model/stepping, x86-64 level and the "
                + "features present; then the features some hosts have and others lack.",
            "Levels: none (no long mode), x86-64-v1..x86-64-v4; a trailing + (x86-64-v2+) is a lower bound "
                + "when registers a higher level needs are not in the profile; unknown when not even v1 is proven. "
                + "LM implies SYSCALL (Intel reports SYSCALL only to 64-bit code)."})
public final class ExplainCommand extends AbstractCommand {

    @CommandLine.Mixin
    HostPaths.Required paths = new HostPaths.Required();

    @CommandLine.Mixin
    StdoutFormat format = new StdoutFormat();

    @Override
    protected ExitCode execute() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ProfileLoader.Loaded loaded = new ProfileLoader().load(paths.paths);
        for (InputError e : loaded.errors()) {
            stderr.println(e.render());
        }
        stderr.flush();
        Explanation explanation = new Explainer(FeatureCatalogs.shipped()).explain(loaded.hosts());
        if (format.json()) {
            new ExplainJsonRenderer().render(explanation, stdout);
        } else {
            new ExplainTextRenderer().render(explanation, stdout);
        }
        stdout.flush();
        return loaded.errors().isEmpty() ? ExitCode.OK : ExitCode.INPUT_ERROR;
    }
}
