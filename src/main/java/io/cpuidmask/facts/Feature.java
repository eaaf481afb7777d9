package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import java.util.List;
import java.util.Objects;

/**
 * One CPUID feature bit from the feature catalogue. Also a fact in the rule engine, so rules can
 * ask whether a hidden bit is usable from user mode, switchable by firmware, and so on.
 */
public final class Feature {

    public static final String INTEL = "GenuineIntel";
    public static final String AMD = "AuthenticAMD";

    private final String name;
    private final RegisterKey key;
    private final int bit;
    private final String vendor;
    private final String linuxName;
    private final String libvirtName;
    private final List<String> aliases;
    private final boolean userMode;
    private final boolean firmware;
    private final List<String> dependsOn;
    private List<String> dependents = List.of();
    private final int level;
    private final String kind;
    private final String description;

    public Feature(String name, RegisterKey key, int bit, String vendor, String linuxName, String libvirtName,
                   List<String> aliases, boolean userMode, boolean firmware, List<String> dependsOn, int level,
                   String kind, String description) {
        if (bit < 0 || bit > 31) {
            throw new IllegalArgumentException("bit " + bit + " is not in 0..31");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.key = Objects.requireNonNull(key, "key");
        this.bit = bit;
        this.vendor = vendor == null ? "common" : vendor;
        this.linuxName = linuxName;
        this.libvirtName = libvirtName;
        this.aliases = List.copyOf(aliases);
        this.userMode = userMode;
        this.firmware = firmware;
        this.dependsOn = List.copyOf(dependsOn);
        this.level = level;
        this.kind = kind == null ? "feature" : kind;
        this.description = description == null ? "" : description;
    }

    /** Whether this bit means this feature on a host of the given vendor (null: any). */
    public boolean appliesTo(String hostVendor) {
        return switch (vendor) {
            case "intel" -> hostVendor == null || INTEL.equals(hostVendor);
            case "amd" -> hostVendor == null || AMD.equals(hostVendor) || "HygonGenuine".equals(hostVendor);
            default -> true;
        };
    }

    public boolean isReserved() {
        return "reserved".equals(kind);
    }

    public String getName() { return name; }
    public RegisterKey getKey() { return key; }
    public int getBit() { return bit; }
    public String getVendor() { return vendor; }
    public String getLinuxName() { return linuxName; }
    public String getLibvirtName() { return libvirtName; }
    public List<String> getAliases() { return aliases; }
    public boolean isUserMode() { return userMode; }
    public boolean isFirmware() { return firmware; }
    public List<String> getDependsOn() { return dependsOn; }
    /** Names of the features that depend on this one directly (the reverse of dependsOn). */
    public List<String> getDependents() { return dependents; }

    /** Set once by the catalogue that holds this feature. */
    void setDependents(List<String> names) {
        this.dependents = List.copyOf(names);
    }
    /** x86-64 micro-architecture level that needs this feature (1-4), or 0. */
    public int getLevel() { return level; }
    /** feature, reserved, os, hypervisor or info. */
    public String getKind() { return kind; }
    public String getDescription() { return description; }

    @Override
    public String toString() {
        return name + " (" + key.label() + " bit " + bit + ")";
    }
}
