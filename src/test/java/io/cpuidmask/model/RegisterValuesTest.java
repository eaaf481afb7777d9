package io.cpuidmask.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegisterValuesTest {

    @Test
    void hexOfOneToEightDigits() {
        assertEquals(0x641d, RegisterValues.parseRegister("0x0000641d"));
        assertEquals(0x641d, RegisterValues.parseRegister("0X641D"));
        assertEquals(0, RegisterValues.parseRegister("0x0"));
        assertEquals(0xbfebfbff, RegisterValues.parseRegister("0xbfebfbff"));
    }

    @Test
    void binaryOf32DigitsWithSeparators() {
        assertEquals(0x4400, RegisterValues.parseRegister("0000 0000 0000 0000 0100 0100 0000 0000"));
        assertEquals(0x4400, RegisterValues.parseRegister("0000:0000:0000:0000:0100:0100:0000:0000"));
        assertEquals(0x80000001, RegisterValues.parseRegister("10000000000000000000000000000001"));
    }

    @Test
    void bareDigitsAreAmbiguousAndRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegisterValues.parseRegister("00004400"));
        assertTrue(e.getMessage().contains("bare digits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseRegister("17"));
    }

    @Test
    void outOfRangeOrMalformedIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseRegister("0x123456789"));
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseRegister("0x"));
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseRegister("0xG"));
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseRegister("-0x1"));
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseRegister("0000 0000"));
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseRegister(""));
    }

    @Test
    void leavesAreHex() {
        assertEquals(0x80000001L, RegisterValues.parseLeaf("0x80000001"));
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseLeaf("1"));
        assertThrows(IllegalArgumentException.class, () -> RegisterValues.parseLeaf("0x180000001"));
    }
}
