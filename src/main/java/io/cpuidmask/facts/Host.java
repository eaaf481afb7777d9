package io.cpuidmask.facts;

/** A host, with its decoded identity. */
public final class Host {

    private final String name;
    private final String cluster;
    private final String vendor;
    private final Integer family;
    private final Integer model;
    private final Integer stepping;
    private final String file;
    private final Long microcode;
    private final String firmware;
    /** Built once: rules join on it and every RegisterValue collects it. */
    private final String signature;

    public Host(String name, String cluster, String vendor, Integer family, Integer model, Integer stepping, String file,
                Long microcode, String firmware) {
        this.name = name;
        this.cluster = cluster;
        this.vendor = vendor;
        this.family = family;
        this.model = model;
        this.stepping = stepping;
        this.file = file;
        this.microcode = microcode;
        this.firmware = firmware;
        this.signature = family == null ? null : family + "/" + model;
    }

    public String getName() { return name; }
    public String getCluster() { return cluster; }
    /** Vendor string, or null when the profile does not say. */
    public String getVendor() { return vendor; }
    /** Display family (docs/DOMAIN.md (CPUID in brief)), or null when leaf 1 EAX is unknown. */
    public Integer getFamily() { return family; }
    public Integer getModel() { return model; }
    public Integer getStepping() { return stepping; }
    public String getFile() { return file; }
    /** The microcode revision the profile records, or null when it does not say. */
    public Long getMicrocode() { return microcode; }
    /** The BIOS/UEFI version the profile records, or null when it does not say. */
    public String getFirmware() { return firmware; }
    /** {@code family/model} (display values), or null when leaf 1 EAX is unknown: hosts with one signature are one CPU model. */
    public String getSignature() { return signature; }

    @Override
    public String toString() {
        return name;
    }
}
