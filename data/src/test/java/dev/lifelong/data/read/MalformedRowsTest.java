package dev.lifelong.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.validate.BadRowException;
import dev.lifelong.data.validate.RejectReason;
import dev.lifelong.data.validate.Rejection;
import dev.lifelong.data.validate.RejectionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Thirty malformed rows of twenty-odd kinds: each is counted under the right reason at the right line. */
class MalformedRowsTest {

    private static final Path DIR = Path.of("src/test/resources/malformed");
    private static final Path EVENTS = DIR.resolve("events.csv");

    private static CsvEventReader reader() throws Exception {
        return new CsvEventReader(EVENTS, CsvMapping.load(DIR.resolve("mapping.yaml")), TimeRange.DEFAULT);
    }

    @Test
    void everyBadRowIsCountedByReasonWithItsLine() throws Exception {
        RejectionLog log = new RejectionLog(false, 100);
        List<String> accepted = new ArrayList<>();
        reader().read(e -> accepted.add(e.user + "|" + e.item + "|" + e.behaviour + "|" + e.value + "|" + e.label),
                log, ProgressListener.NONE);

        Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
        expected.put(RejectReason.BLANK_LINE, 2L);
        expected.put(RejectReason.WRONG_FIELD_COUNT, 2L);
        expected.put(RejectReason.UNTERMINATED_QUOTE, 2L);
        expected.put(RejectReason.INVALID_ENCODING, 1L);
        expected.put(RejectReason.EMPTY_ID, 3L);
        expected.put(RejectReason.INVALID_ID, 2L);
        expected.put(RejectReason.UNPARSABLE_NUMBER, 8L);
        expected.put(RejectReason.TIMESTAMP_OUT_OF_RANGE, 3L);
        expected.put(RejectReason.UNKNOWN_BEHAVIOUR, 2L);
        expected.put(RejectReason.VALUE_OUT_OF_RANGE, 2L);
        expected.put(RejectReason.INVALID_LABEL, 3L);
        assertThat(log.counts()).isEqualTo(expected);
        assertThat(log.rejected()).isEqualTo(30);
        assertThat(log.accepted()).isEqualTo(6);
        assertThat(log.read()).isEqualTo(36);

        List<String> lines = Files.readAllLines(DIR.resolve("expected.tsv"));
        assertThat(log.examples()).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            Rejection r = log.examples().get(i);
            assertThat(r.line()).isEqualTo(Long.parseLong(f[0]));
            assertThat(r.reason()).as(r.message()).isEqualTo(RejectReason.valueOf(f[1]));
            assertThat(r.message()).startsWith(EVENTS + ":" + f[0] + ": ");
        }
        assertThat(accepted).containsExactly(
                "u1|i1|click|12.5|1.0",
                "u1|i2,with comma|view|0.0|0.0",
                "u2|i1|click|3600.0|1.0",
                "u2|i3|view|7.0|0.0",
                "u3|i4|click|1.0|1.0",
                "u3|i5|view|2.0|0.0");
    }

    @Test
    void messagesNameTheColumnAndTheValue() throws Exception {
        RejectionLog log = new RejectionLog(false, 100);
        reader().read(e -> { }, log, ProgressListener.NONE);
        assertThat(log.examples()).extracting(Rejection::message)
                .anyMatch(m -> m.endsWith("column 'ts': not a number (\"abc\")"))
                .anyMatch(m -> m.contains("column 'action': unknown behaviour type (\"purchase\", expected one of [click, view])"))
                .anyMatch(m -> m.contains("column 'dwell': value out of range (-1 is outside [0.0, 3600.0])"))
                .anyMatch(m -> m.contains("wrong number of fields (6 fields, expected 7)"))
                .anyMatch(m -> m.contains("column 'clicked': label is not 0 or 1 (\"yes\")"));
    }

    @Test
    void strictStopsAtTheFirstBadRow() throws Exception {
        RejectionLog strict = new RejectionLog(true, 10);
        String firstBad = Files.readAllLines(DIR.resolve("expected.tsv")).get(0).split("\t")[0];
        assertThatThrownBy(() -> reader().read(e -> { }, strict, ProgressListener.NONE))
                .isInstanceOf(BadRowException.class)
                .hasMessageStartingWith(EVENTS + ":" + firstBad + ": blank line")
                .hasMessageContaining("--strict");
    }

    @Test
    void badMappingsAreRejectedNamingTheProblem(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path typo = tmp.resolve("typo.yaml");
        Files.writeString(typo, "delimiter: \",\"\ncolumns: {user: a, item: b, timestamp: c}\ntimestamp_units: iso\n");
        assertThatThrownBy(() -> CsvMapping.load(typo)).hasMessageContaining("typo.yaml")
                .hasMessageContaining("timestamp_units");
        Path missing = tmp.resolve("missing.yaml");
        Files.writeString(missing, "columns: {user: a, item: b}\n");
        assertThatThrownBy(() -> CsvMapping.load(missing)).hasMessageContaining("columns.timestamp are required");
        Path wrongColumn = tmp.resolve("wrong.yaml");
        Files.writeString(wrongColumn, "columns: {user: user, item: item, timestamp: time}\n");
        CsvMapping m = CsvMapping.load(wrongColumn);
        assertThatThrownBy(() -> new CsvEventReader(EVENTS, m, TimeRange.DEFAULT)
                .read(e -> { }, new RejectionLog(false, 1), ProgressListener.NONE))
                .hasMessageContaining("columns.timestamp = \"time\" is not in the header");
    }

    @Test
    void gzipInputIsReadTheSame(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path gz = tmp.resolve("events.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(EVENTS));
        }
        RejectionLog log = new RejectionLog(false, 100);
        new CsvEventReader(gz, CsvMapping.load(DIR.resolve("mapping.yaml")), TimeRange.DEFAULT)
                .read(e -> { }, log, ProgressListener.NONE);
        assertThat(log.accepted()).isEqualTo(6);
        assertThat(log.rejected()).isEqualTo(30);
    }
}
