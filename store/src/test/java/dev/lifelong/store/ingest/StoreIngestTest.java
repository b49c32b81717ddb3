package dev.lifelong.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.read.CsvEventReader;
import dev.lifelong.data.read.CsvMapping;
import dev.lifelong.data.read.TimeRange;
import dev.lifelong.data.validate.RejectionLog;
import dev.lifelong.store.Behaviours;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.Histories;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.rocksdb.RocksDbBehaviourStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreIngestTest {

    private static CsvEventReader reader(Path dir, String rows) throws Exception {
        Path mapping = Files.writeString(dir.resolve("mapping.yaml"), """
                delimiter: ","
                header: true
                columns:
                  user: u
                  item: i
                  timestamp: t
                  category: c
                  label: y
                """);
        Path log = Files.writeString(dir.resolve("log.csv"), "u,i,t,c,y\n" + rows);
        return new CsvEventReader(log, CsvMapping.load(mapping), TimeRange.DEFAULT);
    }

    @Test
    void aLabelledLogLoadsItsClicksTimeSortedPerUser(@TempDir Path tmp) throws Exception {
        CsvEventReader r = reader(tmp, """
                a,x1,1600000100,k,1
                b,x1,1600000100,k,0
                a,x2,1600000090,k,0
                a,x3,1600000095,m,1
                c,x9,1600000001,k,1
                a,x4,1600000095,k,1
                """);
        RejectionLog log = new RejectionLog(false, 5);
        try (RocksDbBehaviourStore s = RocksDbBehaviourStore.open(tmp.resolve("db"))) {
            try (BulkLoader loader = s.bulkLoader(LoadMode.APPEND)) {
                StoreIngest.fromLog(r, log, loader, ProgressListener.NONE);
                assertThat(loader.users()).isEqualTo(2);
                assertThat(loader.behaviours()).isEqualTo(4);
            }
            Behaviours a = new Behaviours();
            s.read("a", 10, a);
            assertThat(Histories.rows(a)).containsExactly("x3/m/null/NaN@1600000095", "x4/k/null/NaN@1600000095",
                    "x1/k/null/NaN@1600000100");
            s.read("b", 10, a);
            assertThat(a.size()).isZero();
        }
        assertThat(log.accepted()).isEqualTo(6);
    }

    @Test
    void aLogWithoutAValidRowIsAnError(@TempDir Path tmp) throws Exception {
        CsvEventReader r = reader(tmp, "a,x1,soon,k,1\n");
        try (RocksDbBehaviourStore s = RocksDbBehaviourStore.open(tmp.resolve("db"));
             BulkLoader loader = s.bulkLoader(LoadMode.APPEND)) {
            assertThatThrownBy(() -> StoreIngest.fromLog(r, new RejectionLog(false, 5), loader, ProgressListener.NONE))
                    .hasMessageContaining("log.csv: no valid event (1 row rejected: ")
                    .hasMessageContaining("; first: ").hasMessageContaining("log.csv:2: column 't'");
        }
    }
}
