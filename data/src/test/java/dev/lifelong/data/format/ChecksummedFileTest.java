package dev.lifelong.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {

    private static final FormatSpec SPEC = new FormatSpec("lifelong.test", 1, 2);

    private static Path write(Path dir, FormatSpec spec) throws IOException {
        Path file = dir.resolve("f.llf");
        try (ChecksummedWriter w = new ChecksummedWriter(file, spec)) {
            w.writeLong(7L);
            w.writeInt(3);
            w.align(8);
            for (int i = 0; i < 3; i++) {
                w.writeInt(10 + i);
            }
            w.commit();
        }
        return file;
    }

    @Test
    void roundTripsAlignedBlocks(@TempDir Path dir) throws IOException {
        ChecksummedFile f = ChecksummedFile.open(write(dir, SPEC), SPEC);
        assertThat(f.version()).isEqualTo(2);
        BlockReader r = new BlockReader(f);
        assertThat(r.readLong()).isEqualTo(7L);
        int n = r.readInt();
        var ints = r.ints(n);
        assertThat(ints.get(0)).isEqualTo(10);
        assertThat(ints.get(2)).isEqualTo(12);
    }

    @Test
    void aFlippedByteIsCorrupt(@TempDir Path dir) throws IOException {
        Path file = write(dir, SPEC);
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x10;
        Files.write(file, b);
        assertThatThrownBy(() -> ChecksummedFile.open(file, SPEC)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("f.llf").hasMessageContaining("checksum mismatch");
    }

    @Test
    void aTruncatedFileIsCorrupt(@TempDir Path dir) throws IOException {
        Path file = write(dir, SPEC);
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, b.length - 5));
        assertThatThrownBy(() -> ChecksummedFile.open(file, SPEC)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void anotherFormatOrNoFormatIsCorrupt(@TempDir Path dir) throws IOException {
        Path file = write(dir, new FormatSpec("lifelong.other", 1, 1));
        assertThatThrownBy(() -> ChecksummedFile.open(file, SPEC)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("holds lifelong.other, expected lifelong.test");
        Path text = dir.resolve("text.llf");
        Files.writeString(text, "user,item,category,behavior,timestamp\n1,2,3,pv,4\n");
        assertThatThrownBy(() -> ChecksummedFile.open(text, SPEC)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("not a lifelong data file");
    }

    @Test
    void versionsOutsideTheReadRangeSayWhichWay(@TempDir Path dir) throws IOException {
        Path newer = write(dir, new FormatSpec("lifelong.test", 1, 3));
        assertThatThrownBy(() -> ChecksummedFile.open(newer, SPEC)).isInstanceOf(FormatTooNewException.class)
                .hasMessageContaining("version 3 is too new");
        Path older = write(dir, new FormatSpec("lifelong.test", 1, 1));
        assertThatThrownBy(() -> ChecksummedFile.open(older, new FormatSpec("lifelong.test", 2, 2)))
                .isInstanceOf(FormatTooOldException.class).hasMessageContaining("version 1 is too old");
    }

    @Test
    void anUncommittedWriteLeavesNothingBehind(@TempDir Path dir) throws IOException {
        try (ChecksummedWriter w = new ChecksummedWriter(dir.resolve("half.llf"), SPEC)) {
            w.writeLong(1L);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
