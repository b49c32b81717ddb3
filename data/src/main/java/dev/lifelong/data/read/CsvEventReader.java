package dev.lifelong.data.read;

import dev.lifelong.data.validate.RejectReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A delimited event log read through a {@link CsvMapping}. */
public final class CsvEventReader extends DelimitedReader {

    private final CsvMapping mapping;
    private final TimeRange range;
    private final Set<String> behaviours;
    private List<String> names = new ArrayList<>();
    private int fieldCount = -1;
    private int user = -1;
    private int item = -1;
    private int timestamp = -1;
    private int category = -1;
    private int behaviour = -1;
    private int value = -1;
    private int label = -1;

    public CsvEventReader(Path file, CsvMapping mapping, TimeRange range) {
        super(file, mapping.delimiterChar(), mapping.quoteChar());
        this.mapping = mapping;
        this.range = range;
        this.behaviours = mapping.behaviours() == null ? null : new HashSet<>(mapping.behaviours());
        if (!mapping.header()) {
            resolve(null);
        }
    }

    @Override
    public String describe() {
        return "csv " + file;
    }

    /** True when the mapping names a label column, making every row an impression with an explicit label. */
    public boolean hasLabels() {
        return mapping.columns().label() != null;
    }

    @Override
    protected int fieldCount() {
        return fieldCount;
    }

    @Override
    protected boolean isHeader(FieldSplitter first) {
        return mapping.header();
    }

    @Override
    protected void onHeader(FieldSplitter header) {
        names = new ArrayList<>();
        for (String f : header.fields()) {
            names.add(f.trim());
        }
        resolve(names);
    }

    @Override
    protected String columnName(int i) {
        return i < names.size() ? names.get(i) : String.valueOf(i + 1);
    }

    private void resolve(List<String> header) {
        CsvMapping.Columns c = mapping.columns();
        user = index(c.user(), "user", header);
        item = index(c.item(), "item", header);
        timestamp = index(c.timestamp(), "timestamp", header);
        category = index(c.category(), "category", header);
        behaviour = index(c.behaviour(), "behaviour", header);
        value = index(c.value(), "value", header);
        label = index(c.label(), "label", header);
        int max = Math.max(Math.max(Math.max(user, item), Math.max(timestamp, category)),
                Math.max(Math.max(behaviour, value), label));
        fieldCount = header != null ? header.size() : max + 1;
    }

    private int index(String ref, String field, List<String> header) {
        if (ref == null) {
            return -1;
        }
        if (ref.chars().allMatch(Character::isDigit) && !ref.isEmpty()) {
            int i = Integer.parseInt(ref) - 1;
            if (i < 0 || (header != null && i >= header.size())) {
                throw new IllegalArgumentException(file + ": columns." + field + " = " + ref + " is not a column");
            }
            return i;
        }
        if (header == null) {
            throw new IllegalArgumentException(file + ": columns." + field + " = \"" + ref
                    + "\" is a name, but the mapping says the file has no header: use a 1-based position");
        }
        int i = header.indexOf(ref);
        if (i < 0) {
            throw new IllegalArgumentException(file + ": columns." + field + " = \"" + ref + "\" is not in the header "
                    + header);
        }
        return i;
    }

    @Override
    protected void parse(FieldSplitter f, RowParser row, RawEvent e) {
        e.user = row.id(f.get(user), columnName(user));
        e.item = row.id(f.get(item), columnName(item));
        e.timestamp = row.timestamp(f.get(timestamp), columnName(timestamp), mapping.timestampUnit(), range);
        if (category >= 0) {
            e.category = row.id(f.get(category), columnName(category));
        }
        if (behaviour >= 0 && !row.failed()) {
            String b = f.get(behaviour).trim();
            if (b.isEmpty() || (behaviours != null && !behaviours.contains(b))) {
                row.reject(columnName(behaviour), RejectReason.UNKNOWN_BEHAVIOUR,
                        "\"" + b + "\"" + (behaviours == null ? "" : ", expected one of " + mapping.behaviours()));
            }
            e.behaviour = b;
        }
        if (value >= 0) {
            List<Float> r = mapping.valueRange();
            e.value = row.number(f.get(value), columnName(value), r == null ? -Float.MAX_VALUE : r.get(0),
                    r == null ? Float.MAX_VALUE : r.get(1));
        }
        if (label >= 0) {
            e.label = row.label(f.get(label), columnName(label));
        }
    }
}
