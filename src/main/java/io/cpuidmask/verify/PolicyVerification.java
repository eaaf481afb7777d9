package io.cpuidmask.verify;

import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import java.util.List;

/**
 * What {@code rules verify} found: each case's outcome, and the files or cases that could not be
 * used. It owns the exit code: unusable input 3, a failing case 1, else 0.
 */
public record PolicyVerification(List<PolicyTestRunner.Outcome> outcomes, List<InputError> problems) {

    public PolicyVerification {
        outcomes = List.copyOf(outcomes);
        problems = List.copyOf(problems);
    }

    public long passed() {
        return outcomes.stream().filter(PolicyTestRunner.Outcome::passed).count();
    }

    /** Cases that ran and did not hold (unusable cases are problems, not failures). */
    public long failed() {
        return outcomes.stream().filter(o -> !o.passed() && o.unusable().isEmpty()).count();
    }

    public ExitCode exitCode() {
        if (!problems.isEmpty()) {
            return ExitCode.INPUT_ERROR;
        }
        return failed() > 0 ? ExitCode.POLICY_FAILURE : ExitCode.OK;
    }
}
