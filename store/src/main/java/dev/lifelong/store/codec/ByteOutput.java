package dev.lifelong.store.codec;

import java.util.Arrays;

/** A growable byte array written front to back: the encoder's sink, reused across chunks by {@link #reset()}. */
public final class ByteOutput {

    private byte[] buf;
    private int size;

    public ByteOutput() {
        this(256);
    }

    public ByteOutput(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The bytes written since the last {@link #reset()}, as a new array. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    /** Unsigned LEB128: 7 bits a byte, low bits first, high bit set on every byte but the last. */
    public void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Zigzag first, so small negative numbers stay short. */
    public void writeZigZagLong(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    /** IEEE bits, little-endian, NaN payloads kept. */
    public void writeFloat(float f) {
        ensure(4);
        int bits = Float.floatToRawIntBits(f);
        buf[size++] = (byte) bits;
        buf[size++] = (byte) (bits >>> 8);
        buf[size++] = (byte) (bits >>> 16);
        buf[size++] = (byte) (bits >>> 24);
    }
}
