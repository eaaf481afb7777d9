package io.cpuidmask.report;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Severity;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One bit on which the hosts of a cluster differ, with what the result did about it: the
 * evidence behind a verdict, and the columns of the HTML picture.
 *
 * @param feature     the feature's name, or the bit's position when undefined
 * @param defaultChar the default mask's character at this bit
 * @param treatment   hidden, risky (hidden, with a WARNING), ignored (not compared), blocking (ERROR)
 * @param values      each host's value of the bit, in the cluster's host order
 */
public record BitDifference(RegisterKey key, int bit, String feature, MaskChar defaultChar, String treatment,
                            List<Boolean> values) {

    /** The differing bits of one result, register by register, bit 31 first. */
    public static List<BitDifference> of(ClusterResult result, BiFunction<RegisterKey, Integer, String> namer) {
        List<BitDifference> out = new ArrayList<>();
        List<HostProfile> hosts = result.hosts();
        for (MaskResult m : result.masks()) {
            if (m.differing() == 0) {
                continue;
            }
            // each host's register once, not once per differing bit: clusters have hundreds of hosts
            int[] registers = new int[hosts.size()];
            for (int i = 0; i < registers.length; i++) {
                registers[i] = hosts.get(i).value(m.key()).orElse(0);
            }
            for (int bit = 31; bit >= 0; bit--) {
                if ((m.differing() >>> bit & 1) == 0) {
                    continue;
                }
                List<Boolean> values = new ArrayList<>(registers.length);
                for (int r : registers) {
                    values.add((r >>> bit & 1) != 0);
                }
                MaskChar def = m.defaultMask().at(bit);
                out.add(new BitDifference(m.key(), bit, namer.apply(m.key(), bit), def,
                        treatment(result, m, bit, def), values));
            }
        }
        return out;
    }

    private static String treatment(ClusterResult result, MaskResult m, int bit, MaskChar def) {
        Severity worst = null;
        for (Finding f : result.findings()) {
            if (f.isAbout(m.key(), bit) && (worst == null || f.getSeverity().compareTo(worst) < 0)) {
                worst = f.getSeverity();
            }
        }
        if (worst == Severity.ERROR) {
            return "blocking";
        }
        if (m.hiddenBits().contains(bit)) {
            return worst == Severity.WARNING ? "risky" : "hidden";
        }
        return def.comparedOnMigration() ? "blocking" : "ignored";
    }
}
