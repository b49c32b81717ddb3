package dev.lifelong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.rocksdb.RocksDbBehaviourStore;
import dev.lifelong.store.timeline.TimelineBehaviourStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {

    private static Path taobao() {
        return SharedFiles.taobao();
    }

    private static List<String> rows(BehaviourStore s, String user) {
        Behaviours b = new Behaviours();
        s.read(user, Integer.MAX_VALUE, b);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            out.add(b.row(i));
        }
        return out;
    }

    /** Every user's history in {@code store} equals its timeline in the prepared dataset. */
    private static void assertSameAsDataset(Path store, Path dataset) throws Exception {
        try (TimelineBehaviourStore expected = TimelineBehaviourStore.open(dataset);
             RocksDbBehaviourStore got = RocksDbBehaviourStore.open(store)) {
            assertThat(expected.userCount()).isEqualTo(43);
            for (int u = 1; u <= expected.userCount(); u++) {
                String user = expected.rawUser(u);
                assertThat(rows(got, user)).as(user).isEqualTo(rows(expected, user)).isNotEmpty();
            }
        }
    }

    @Test
    void aLogAndItsPreparedDatasetLoadTheSameHistories(@TempDir Path tmp) throws Exception {
        Path dataset = tmp.resolve("tb");
        assertThat(CliRun.of("prepare", "--format", "taobao", "--input", taobao().toString(), "--out",
                dataset.toString()).code()).isZero();

        Path fromLog = tmp.resolve("from-log");
        CliRun log = CliRun.of("ingest", "--store", "rocksdb:" + fromLog, "--input", taobao().toString(),
                "--format", "taobao");
        assertThat(log.code()).as(log.err()).isZero();
        assertThat(log.out()).contains("store       rocksdb:" + fromLog, "4,321 read, 4,321 accepted, 0 rejected",
                "loaded      43 users, 4,321 behaviours, ", "appended after any stored history");
        assertSameAsDataset(fromLog, dataset);

        CliRun again = CliRun.of("ingest", "--store", "rocksdb:" + fromLog, "--input", taobao().toString(),
                "--format", "taobao");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("is older than the newest stored one", "pass --replace");
        CliRun replaced = CliRun.of("ingest", "--replace", "--store", "rocksdb:" + fromLog, "--input",
                taobao().toString(), "--format", "taobao");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(replaced.out()).contains("43 users, 4,321 behaviours", "stored histories replaced");
        assertSameAsDataset(fromLog, dataset);

        Path fromData = tmp.resolve("from-data");
        CliRun data = CliRun.of("ingest", "--store", "rocksdb:" + fromData, "--data", dataset.toString());
        assertThat(data.code()).as(data.err()).isZero();
        assertThat(data.out()).contains("source      dataset ", "loaded      43 users, 4,321 behaviours");
        assertSameAsDataset(fromData, dataset);
    }

    @Test
    void badRowsStoresAndUsageFailClearly(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "1,2,3,pv,1511544070\n1,2,3,click,1511544071\n2,5,3,pv,1511544073\n");
        CliRun lenient = CliRun.of("ingest", "--store", "rocksdb:" + tmp.resolve("a"), "--input", bad.toString(),
                "--format", "taobao");
        assertThat(lenient.code()).as(lenient.err()).isZero();
        assertThat(lenient.out()).contains("1 rejected", "bad.csv:2: column 'behavior'", "2 users, 2 behaviours");
        CliRun strict = CliRun.of("ingest", "--strict", "--store", "rocksdb:" + tmp.resolve("b"), "--input",
                bad.toString(), "--format", "taobao");
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.err()).contains("bad.csv:2: column 'behavior': unknown behaviour type");

        CliRun unknown = CliRun.of("ingest", "--store", "mysql://x", "--input", bad.toString(), "--format", "taobao");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown store 'mysql://x'", "rocksdb:PATH", "redis-cluster://");
        CliRun readOnly = CliRun.of("ingest", "--store", "timeline:" + tmp, "--input", bad.toString(), "--format",
                "taobao");
        assertThat(readOnly.err()).contains("is a dataset, which is read-only");
        CliRun noRedis = CliRun.of("ingest", "--store", "redis://127.0.0.1:1", "--input", bad.toString(), "--format",
                "taobao");
        assertThat(noRedis.code()).isEqualTo(1);
        assertThat(noRedis.err()).contains("redis://127.0.0.1:1: cannot connect").doesNotContain("Exception");

        assertThat(CliRun.of("ingest", "--store", "rocksdb:x").code()).isEqualTo(2);
        assertThat(CliRun.of("ingest", "--store", "rocksdb:x", "--data", "d", "--input", "i", "--format", "taobao")
                .code()).isEqualTo(2);
        assertThat(CliRun.of("ingest", "--store", "rocksdb:x", "--input", "i").code()).isEqualTo(2);
    }
}
