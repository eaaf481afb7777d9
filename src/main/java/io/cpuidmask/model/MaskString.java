package io.cpuidmask.model;

import java.util.Arrays;

/**
 * A 32-character CPUID mask, bit 31 first, as VMware prints it. Parsing accepts any case and
 * space or ':' separators between characters; printing always gives upper case in groups of
 * four separated by one space.
 */
public final class MaskString {

    public static final int BITS = 32;
    private static final MaskString ALL_KEEP = new MaskString(filled(MaskChar.KEEP));

    /** chars[bit]: index is the bit number, so chars[0] is the last printed character. */
    private final MaskChar[] chars;
    /**
     * {@link #format()}, made on first use: reports print each mask of millions of results, and
     * the catalogues' masks and the common custom ones are shared instances. (A racy cache, as
     * String's hash is: every thread computes the same string.)
     */
    private String formatted;

    private MaskString(MaskChar[] chars) {
        this.chars = chars;
    }

    /**
     * Parses a mask string. Throws {@link IllegalArgumentException} with a message that says
     * exactly what is wrong and where.
     */
    public static MaskString parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("mask is missing");
        }
        MaskChar[] parsed = new MaskChar[BITS];
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == ':') {
                continue;
            }
            MaskChar mc = MaskChar.fromSymbol(c);
            if (mc == null) {
                throw new IllegalArgumentException("invalid mask character '" + printable(c) + "' at position "
                        + (i + 1) + " of \"" + text + "\" (allowed: X R H 0 1 T F -, separators space or ':')");
            }
            if (count == BITS) {
                throw new IllegalArgumentException("mask \"" + text + "\" has more than 32 characters");
            }
            parsed[BITS - 1 - count] = mc;
            count++;
        }
        if (count != BITS) {
            throw new IllegalArgumentException("mask \"" + text + "\" has " + count
                    + " characters, needs 32 (bit 31 first)");
        }
        return new MaskString(parsed);
    }

    /** A custom mask that keeps every default character. */
    public static MaskString allKeep() {
        return ALL_KEEP;
    }

    /** A mask with the given character at every bit. */
    public static MaskString uniform(MaskChar c) {
        return new MaskString(filled(c));
    }

    /** A custom mask: '0' at every bit of {@code hiddenBits}, '-' elsewhere. */
    public static MaskString hiding(int hiddenBits) {
        if (hiddenBits == 0) {
            return ALL_KEEP;
        }
        MaskChar[] c = filled(MaskChar.KEEP);
        for (int bit = 0; bit < BITS; bit++) {
            if ((hiddenBits >>> bit & 1) != 0) {
                c[bit] = MaskChar.ZERO;
            }
        }
        return new MaskString(c);
    }

    public MaskChar at(int bit) {
        if (bit < 0 || bit >= BITS) {
            throw new IndexOutOfBoundsException("bit " + bit + " is not in 0..31");
        }
        return chars[bit];
    }

    /** This mask with {@code c} at {@code bit}. */
    public MaskString with(int bit, MaskChar c) {
        MaskChar[] copy = chars.clone();
        copy[bit] = c;
        return new MaskString(copy);
    }

    /** True when a default mask contains '-', which only custom masks may use. */
    public boolean hasKeep() {
        return Arrays.asList(chars).contains(MaskChar.KEEP);
    }

    /** The effective mask: this (custom) mask's character where it is not '-', else the default's. */
    public MaskString over(MaskString defaultMask) {
        if (this == ALL_KEEP) {
            return defaultMask;
        }
        MaskChar[] out = new MaskChar[BITS];
        for (int bit = 0; bit < BITS; bit++) {
            out[bit] = chars[bit] == MaskChar.KEEP ? defaultMask.chars[bit] : chars[bit];
        }
        return new MaskString(out);
    }

    /** Bitmap of the bits that carry character {@code c}. */
    public int bitsWith(MaskChar c) {
        int bits = 0;
        for (int bit = 0; bit < BITS; bit++) {
            if (chars[bit] == c) {
                bits |= 1 << bit;
            }
        }
        return bits;
    }

    /** Canonical form: upper case, groups of four, bit 31 first. */
    public String format() {
        String f = formatted;
        if (f == null) {
            f = format(' ');
            formatted = f;
        }
        return f;
    }

    /** Bit 31 first, groups of four between {@code separator}s: ':' is VMware's .vmx form. */
    public String format(char separator) {
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < BITS; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append(separator);
            }
            sb.append(chars[BITS - 1 - i].symbol());
        }
        return sb.toString();
    }


    @Override
    public boolean equals(Object o) {
        return o instanceof MaskString other && Arrays.equals(chars, other.chars);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chars);
    }

    @Override
    public String toString() {
        return format();
    }

    private static MaskChar[] filled(MaskChar c) {
        MaskChar[] a = new MaskChar[BITS];
        Arrays.fill(a, c);
        return a;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
