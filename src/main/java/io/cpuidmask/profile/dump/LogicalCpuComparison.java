package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Warns when the logical CPUs of one dump differ in a feature register: the profile is made from
 * the first CPU, so such a host is not what its profile says. Registers that carry APIC ids or
 * topology (1.EBX, 0xB, 0x8000001E, ...) differ between CPUs by design and are not compared.
 */
final class LogicalCpuComparison {

    static final List<RegisterKey> FEATURE_REGISTERS = List.of(
            RegisterKey.of(1, Register.EAX),
            RegisterKey.of(1, Register.ECX),
            RegisterKey.of(1, Register.EDX),
            RegisterKey.of(7, 0, Register.EBX),
            RegisterKey.of(7, 0, Register.ECX),
            RegisterKey.of(7, 0, Register.EDX),
            RegisterKey.of(7, 1, Register.EAX),
            RegisterKey.of(0xD, 1, Register.EAX),
            RegisterKey.of(0x8000_0001L, Register.ECX),
            RegisterKey.of(0x8000_0001L, Register.EDX),
            RegisterKey.of(0x8000_0007L, Register.EDX),
            RegisterKey.of(0x8000_0008L, Register.EBX));

    private LogicalCpuComparison() {
    }

    static List<InputError> compare(String file, List<CpuBlocks.Block> blocks) {
        List<InputError> warnings = new ArrayList<>();
        if (blocks.size() < 2) {
            return warnings;
        }
        CpuBlocks.Block first = blocks.get(0);
        for (RegisterKey key : FEATURE_REGISTERS) {
            OptionalInt reference = first.cpu().value(key.leaf(), key.subleaf(), key.register());
            if (reference.isEmpty()) {
                continue;
            }
            List<CpuBlocks.Block> differing = new ArrayList<>();
            OptionalInt otherValue = OptionalInt.empty();
            for (CpuBlocks.Block b : blocks.subList(1, blocks.size())) {
                OptionalInt v = b.cpu().value(key.leaf(), key.subleaf(), key.register());
                if (v.isPresent() && v.getAsInt() != reference.getAsInt()) {
                    if (differing.isEmpty()) {
                        otherValue = v;
                    }
                    differing.add(b);
                }
            }
            if (!differing.isEmpty()) {
                CpuBlocks.Block d = differing.get(0);
                int line = d.cpu().lineOf(key) > 0 ? d.cpu().lineOf(key) : d.line();
                String more = differing.size() > 1 ? " (and " + (differing.size() - 1) + " more CPUs)" : "";
                warnings.add(new InputError(file, line, "logical CPUs differ in " + key.label() + ": "
                        + first.label() + " has " + hex(reference.getAsInt()) + ", " + d.label() + " has "
                        + hex(otherValue.getAsInt()) + more + "; the profile uses " + first.label()));
            }
        }
        return warnings;
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
