package dev.lifelong.data.read;

import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.validate.RejectReason;
import dev.lifelong.data.validate.RejectionLog;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The loop shared by every delimited-text reader: stream lines, reject blank lines, invalid UTF-8, unterminated
 * quotes and wrong field counts with their line numbers, skip a header, and hand well-formed rows to
 * {@link #parse}. Progress is reported in bytes of the file.
 */
public abstract class DelimitedReader implements EventReader {

    private static final int PROGRESS_EVERY = 1 << 16;

    protected final Path file;
    private final char delimiter;
    private final char quote;

    protected DelimitedReader(Path file, char delimiter, char quote) {
        this.file = file;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** Fields a row must have. */
    protected abstract int fieldCount();

    /** True when {@code line} (the first of the file) is a header to skip rather than a row. */
    protected abstract boolean isHeader(FieldSplitter first);

    /** Called with the header's fields before the first row, when there is one. */
    protected void onHeader(FieldSplitter header) {
    }

    /** Parses a row with the right number of fields into {@code event}, checking through {@code row}. */
    protected abstract void parse(FieldSplitter fields, RowParser row, RawEvent event);

    /** The column name of field {@code i} (0-based) for messages. */
    protected abstract String columnName(int i);

    @Override
    public void read(EventSink sink, RejectionLog log, ProgressListener progress) throws IOException {
        String name = file.toString();
        RowParser row = new RowParser(name, log);
        FieldSplitter fields = new FieldSplitter(delimiter, quote);
        RawEvent event = new RawEvent();
        try (LineSource lines = new LineSource(file)) {
            progress.start("reading " + file.getFileName(), lines.size(), "B");
            while (lines.next()) {
                long n = lines.number();
                row.begin(n);
                if (n % PROGRESS_EVERY == 0) {
                    progress.advanceTo(lines.bytesRead());
                }
                String text = lines.text();
                if (!lines.validUtf8()) {
                    row.reject("", RejectReason.INVALID_ENCODING, text);
                    continue;
                }
                if (text.isBlank()) {
                    row.reject("", RejectReason.BLANK_LINE, "");
                    continue;
                }
                if (!fields.split(text)) {
                    row.reject("", RejectReason.UNTERMINATED_QUOTE, text);
                    continue;
                }
                if (n == 1 && isHeader(fields)) {
                    onHeader(fields);
                    continue;
                }
                if (fields.count() != fieldCount()) {
                    row.reject("", RejectReason.WRONG_FIELD_COUNT,
                            fields.count() + " fields, expected " + fieldCount());
                    continue;
                }
                event.clear();
                parse(fields, row, event);
                if (!row.failed()) {
                    row.accept();
                    sink.accept(event);
                }
            }
            progress.advanceTo(lines.bytesRead());
            progress.finish();
        }
    }
}
