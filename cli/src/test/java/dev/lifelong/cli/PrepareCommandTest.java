package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path taobao() {
        return SharedFiles.taobao();
    }

    @Test
    void preparesThenInspects(@TempDir Path tmp) {
        Path out = tmp.resolve("tb");
        CliRun r = run("prepare", "--format", "taobao", "--input", taobao().toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("4,321 read, 4,321 accepted, 0 rejected", "users       43");
        CliRun again = run("prepare", "--format", "taobao", "--input", taobao().toString(), "--out", out.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("exists and is not empty; pass --force");
        CliRun inspect = run("inspect", out.toString());
        assertThat(inspect.code()).isZero();
        assertThat(inspect.out()).contains("events per user    mean 100.5", "max 466", "train ");
    }

    @Test
    void strictFailsWithTheFileAndLine(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "1,2,3,pv,1511544070\n1,2,3,click,1511544071\n1,4,3,buy,1511544072\n2,5,3,pv,1511544073\n");
        CliRun lenient = run("prepare", "--format", "taobao", "--input", bad.toString(), "--out",
                tmp.resolve("a").toString());
        assertThat(lenient.code()).as(lenient.err()).isZero();
        assertThat(lenient.out()).contains("1 rejected", "unknown_behaviour", "bad.csv:2: column 'behavior'");
        CliRun strict = run("prepare", "--strict", "--format", "taobao", "--input", bad.toString(), "--out",
                tmp.resolve("b").toString());
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.err()).contains("bad.csv:2: column 'behavior': unknown behaviour type");
    }

    @Test
    void userErrorsAreOneLineAndUsageErrorsExitTwo(@TempDir Path tmp) {
        CliRun missing = run("prepare", "--format", "taobao", "--input", tmp.resolve("nope.csv").toString(), "--out",
                tmp.resolve("o").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.csv").doesNotContain("Exception");
        CliRun csvWithoutMapping = run("prepare", "--format", "csv", "--input", taobao().toString(), "--out",
                tmp.resolve("o2").toString());
        assertThat(csvWithoutMapping.err()).contains("--format csv needs --mapping");
        assertThat(run("prepare", "--format", "parquet", "--input", "x", "--out", "y").code()).isEqualTo(2);
        assertThat(run("inspect", tmp.toString()).err()).contains("not a lifelong dataset");
    }
}
