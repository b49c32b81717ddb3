package dev.lifelong.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body read value after value through windows of the file: the same values whatever the window, including
 * windows of a few bytes that split ints, floats and strings, as a 1 GiB window splits a multi-gigabyte model.
 */
class SequentialReaderTest {

    private static final FormatSpec SPEC = new FormatSpec("lifelong.test", 1, 1);

    @Test
    void valuesReadBackAlikeWhateverTheWindow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.llf");
        float[] floats = new float[1_001];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = i * 0.5f - 3f;
        }
        try (ChecksummedWriter w = new ChecksummedWriter(file, SPEC)) {
            w.writeString("caf\u00e9 header");
            w.writeInt(floats.length);
            for (float v : floats) {
                w.writeFloat(v);
            }
            w.writeString("end");
            w.writeInt(-7);
            w.commit();
        }
        ChecksummedFile f = ChecksummedFile.open(file, SPEC);
        for (long window : new long[] {1, 3, 5, 64, 1000, 1L << 30}) {
            SequentialReader r = new SequentialReader(f, window);
            assertThat(r.readString()).as("window %d", window).isEqualTo("caf\u00e9 header");
            float[] back = new float[r.readInt()];
            r.readFloats(back);
            assertThat(back).as("window %d", window).containsExactly(floats);
            assertThat(r.readString()).isEqualTo("end");
            assertThat(r.readInt()).isEqualTo(-7);
            assertThatThrownBy(r::readInt).isInstanceOf(CorruptFileException.class)
                    .hasMessageContaining("runs past the body's end");
        }
    }

    @Test
    void aLengthBeyondTheBodyIsCorruptNotAnAllocation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("g.llf");
        try (ChecksummedWriter w = new ChecksummedWriter(file, SPEC)) {
            w.writeInt(1_000_000_000);   // a string length with no string behind it
            w.commit();
        }
        SequentialReader r = new SequentialReader(ChecksummedFile.open(file, SPEC));
        assertThatThrownBy(r::readString).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("a value of 1000000000 bytes");
        SequentialReader floats = new SequentialReader(ChecksummedFile.open(file, SPEC));
        floats.readInt();
        assertThatThrownBy(() -> floats.readFloats(new float[10])).isInstanceOf(CorruptFileException.class);
    }
}
