package io.cpuidmask.support;

/** Byte-string edits for the mutation tests. */
public final class Bytes {

    private Bytes() {
    }

    /** {@code in} with bytes {@code from} to {@code to} replaced by {@code insert}. */
    public static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[from + insert.length + (in.length - to)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }
}
