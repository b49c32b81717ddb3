package dev.lifelong.data.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.validate.RejectReason;
import dev.lifelong.data.validate.RejectionLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {

    private static List<String> read(EventReader reader, RejectionLog log) throws Exception {
        List<String> out = new ArrayList<>();
        reader.read(e -> out.add(e.user + " " + e.item + " " + e.category + " " + e.behaviour + " " + e.value + " "
                + e.timestamp), log, ProgressListener.NONE);
        return out;
    }

    @Test
    void movieLens100kLayoutTakesTheFirstFlaggedGenre() throws Exception {
        RejectionLog log = new RejectionLog(true, 5);
        List<String> events = read(new MovieLensReader(Path.of("src/test/resources/ml100k"), TimeRange.DEFAULT), log);
        assertThat(events).containsExactly(
                "1 10 Animation rating 5.0 874965758",
                "1 20 Action rating 3.0 876893171",
                "2 10 Animation rating 4.0 878542960",
                "2 30 Adventure rating 1.0 876893119",
                "2 20 Action rating 2.0 889751712");
        assertThat(log.accepted()).isEqualTo(5);
    }

    @Test
    void timestampsInMillisAndIso(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("e.csv");
        Files.writeString(csv, "u;i;t\na;x;2017-11-25T10:00:00Z\nb;y;2017-11-25T12:00:00+02:00\nc;z;2017-11-25\n"
                + "d;w;2017-11-25T10:00:00\ne;v;25/11/2017\nf;u;2017-11-25T05:00:00.250-05:00\n"
                + "g;s;2017-11-25T10:00:00.5Z\nh;r;2017-11-25T12:00:00.125+02:00\n");
        Path mapping = tmp.resolve("m.yaml");
        Files.writeString(mapping, "delimiter: \";\"\ntimestamp_unit: iso\ncolumns: {user: u, item: i, timestamp: t}\n");
        RejectionLog log = new RejectionLog(false, 5);
        List<String> events = read(new CsvEventReader(csv, CsvMapping.load(mapping), TimeRange.DEFAULT), log);
        assertThat(events).extracting(s -> s.substring(s.lastIndexOf(' ') + 1))
                .containsExactly("1511604000", "1511604000", "1511568000", "1511604000", "1511604000", "1511604000",
                        "1511604000");
        assertThat(log.count(RejectReason.UNPARSABLE_TIMESTAMP)).isEqualTo(1);
        assertThat(log.examples().get(0).message()).endsWith("column 't': not an ISO-8601 timestamp (\"25/11/2017\")");

        Path millis = tmp.resolve("ms.csv");
        Files.writeString(millis, "3,1511604000123,7\n");
        Path m2 = tmp.resolve("m2.yaml");
        Files.writeString(m2, "header: false\ntimestamp_unit: millis\ncolumns: {user: 1, item: 3, timestamp: 2}\n");
        assertThat(read(new CsvEventReader(millis, CsvMapping.load(m2), TimeRange.DEFAULT), new RejectionLog(true, 1)))
                .containsExactly("3 7 null null NaN 1511604000");
    }

    @Test
    void aNarrowerTimeRangeRejectsRowsOutsideIt(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("t.csv");
        Files.writeString(csv, "1,2,3,pv,1511544070\n1,2,3,pv,1512000000\n");
        RejectionLog log = new RejectionLog(false, 5);
        read(new TaobaoReader(csv, new TimeRange(1511481600L, 1511913600L)), log);
        assertThat(log.accepted()).isEqualTo(1);
        assertThat(log.examples().get(0).message()).contains("t.csv:2: column 'timestamp': timestamp out of range");
    }

    /** A byte-order mark before the first line is dropped: it would otherwise make user "1" another user. */
    @Test
    void aByteOrderMarkBeforeTheFirstLineIsNotPartOfItsFirstField(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("bom.csv");
        Files.write(csv, ("\uFEFF1,2,3,pv,1511544070\n1,4,3,pv,1511544080\n").getBytes(StandardCharsets.UTF_8));
        List<String> events = read(new TaobaoReader(csv, TimeRange.DEFAULT), new RejectionLog(true, 1));
        assertThat(events).containsExactly("1 2 3 pv NaN 1511544070", "1 4 3 pv NaN 1511544080");
        Path withHeader = tmp.resolve("bom-header.csv");
        Files.write(withHeader, "\uFEFFuser_id,item_id,ts\nu,i,1511544070\n".getBytes(StandardCharsets.UTF_8));
        Path mapping = tmp.resolve("m.yaml");
        Files.writeString(mapping, "timestamp_unit: seconds\ncolumns: {user: user_id, item: item_id, timestamp: ts}\n");
        assertThat(read(new CsvEventReader(withHeader, CsvMapping.load(mapping), TimeRange.DEFAULT),
                new RejectionLog(true, 1))).containsExactly("u i null null NaN 1511544070");
    }
}
