package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;

/**
 * A multi-bit field that identifies the CPU rather than a feature (family, model, stepping in
 * leaf 1 EAX). Hiding such bits never makes hosts compatible; rules report a difference instead.
 */
public final class IdentityField {

    private final String name;
    private final RegisterKey key;
    private final int lowBit;
    private final int highBit;

    public IdentityField(String name, RegisterKey key, int lowBit, int highBit) {
        if (lowBit < 0 || highBit > 31 || lowBit > highBit) {
            throw new IllegalArgumentException("bit range " + highBit + ":" + lowBit + " is not within 31:0");
        }
        this.name = name;
        this.key = key;
        this.lowBit = lowBit;
        this.highBit = highBit;
    }

    public boolean covers(int bit) {
        return bit >= lowBit && bit <= highBit;
    }

    /** The field's value in a register value. */
    public int valueIn(int register) {
        int width = highBit - lowBit + 1;
        return (register >>> lowBit) & (width == 32 ? -1 : (1 << width) - 1);
    }

    public String getName() { return name; }
    public RegisterKey getKey() { return key; }
    public int getLowBit() { return lowBit; }
    public int getHighBit() { return highBit; }
}
