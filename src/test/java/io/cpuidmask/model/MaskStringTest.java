package io.cpuidmask.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskStringTest {

    private static final String SEED_DEFAULT = "RRRR RRRR RRRR RRR0 00XR R0H0 000H 0RRH";

    @Test
    void parsesBit31FirstAndPrintsCanonicalGroups() {
        MaskString m = MaskString.parse(SEED_DEFAULT);
        assertEquals(SEED_DEFAULT, m.format());
        assertEquals(MaskChar.H, m.at(0));
        assertEquals(MaskChar.R, m.at(1));
        assertEquals(MaskChar.ZERO, m.at(3));
        assertEquals(MaskChar.H, m.at(4));
        assertEquals(MaskChar.X, m.at(13));
        assertEquals(MaskChar.ZERO, m.at(16));
        assertEquals(MaskChar.R, m.at(31));
    }

    @Test
    void acceptsAnyCaseAndColonOrNoSeparators() {
        MaskString expected = MaskString.parse(SEED_DEFAULT);
        assertEquals(expected, MaskString.parse(SEED_DEFAULT.toLowerCase()));
        assertEquals(expected, MaskString.parse(SEED_DEFAULT.replace(' ', ':')));
        assertEquals(expected, MaskString.parse(SEED_DEFAULT.replace(" ", "")));
    }

    @Test
    void everyLegendCharacterIsUnderstood() {
        MaskString m = MaskString.parse("XRH0 1TF- xrh0 1tf- XXXX XXXX XXXX XXXX");
        assertEquals(MaskChar.X, m.at(31));
        assertEquals(MaskChar.R, m.at(30));
        assertEquals(MaskChar.H, m.at(29));
        assertEquals(MaskChar.ZERO, m.at(28));
        assertEquals(MaskChar.ONE, m.at(27));
        assertEquals(MaskChar.T, m.at(26));
        assertEquals(MaskChar.F, m.at(25));
        assertEquals(MaskChar.KEEP, m.at(24));
        assertEquals(MaskChar.KEEP, m.at(16));
        assertTrue(m.hasKeep());
    }

    @Test
    void rejectsUnknownCharacterNamingItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskString.parse("RRRR RRRR RRRR RRRQ 00XR R0H0 000H 0RRH"));
        assertTrue(e.getMessage().contains("'Q'"), e.getMessage());
        assertTrue(e.getMessage().contains("position 19"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RRRR", "RRRR RRRR RRRR RRRR RRRR RRRR RRRR RRR", "RRRR RRRR RRRR RRRR RRRR RRRR RRRR RRRRR", ""})
    void rejectsWrongLength(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskString.parse(text));
        assertTrue(e.getMessage().contains("32"), e.getMessage());
    }

    @Test
    void rejectsOtherSeparators() {
        assertThrows(IllegalArgumentException.class,
                () -> MaskString.parse("RRRR.RRRR RRRR RRRR RRRR RRRR RRRR RRRR"));
        assertThrows(IllegalArgumentException.class,
                () -> MaskString.parse("RRRR\tRRRR RRRR RRRR RRRR RRRR RRRR RRRR"));
    }

    @Test
    void effectiveMaskTakesCustomWhereNotDash() {
        MaskString custom = MaskString.parse("---- ---- ---- ---- ---- ---- ---0 -0-0");
        assertEquals("RRRR RRRR RRRR RRR0 00XR R0H0 0000 00R0", custom.over(MaskString.parse(SEED_DEFAULT)).format());
    }

    @Test
    void hidingBuildsCustomMask() {
        assertEquals("---- ---- ---- ---- ---- ---- ---0 -0-0", MaskString.hiding(0b10101).format());
        assertEquals(MaskString.allKeep(), MaskString.hiding(0));
        assertFalse(MaskString.parse(SEED_DEFAULT).hasKeep());
    }
}
