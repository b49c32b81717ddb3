package dev.lifelong.data.read;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a delimited line into fields, with optional RFC 4180 quoting (a quoted field may hold the delimiter,
 * and a doubled quote stands for one quote). Reuses its field list between lines.
 */
public final class FieldSplitter {

    private final char delimiter;
    private final char quote;
    private final boolean quoting;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder sb = new StringBuilder();

    /** @param quote the quote character, or {@code '\0'} for none */
    public FieldSplitter(char delimiter, char quote) {
        this.delimiter = delimiter;
        this.quote = quote;
        this.quoting = quote != '\0';
    }

    /** Splits {@code line}; returns false when a quoted field is not terminated. */
    public boolean split(String line) {
        fields.clear();
        int n = line.length();
        int i = 0;
        while (true) {
            if (quoting && i < n && line.charAt(i) == quote) {
                sb.setLength(0);
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == quote) {
                        if (i + 1 < n && line.charAt(i + 1) == quote) {
                            sb.append(quote);
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    sb.append(c);
                    i++;
                }
                if (!closed) {
                    return false;
                }
                fields.add(sb.toString());
                if (i < n && line.charAt(i) != delimiter) {
                    return false;
                }
            } else {
                int end = line.indexOf(delimiter, i);
                if (end < 0) {
                    end = n;
                }
                fields.add(line.substring(i, end));
                i = end;
            }
            if (i >= n) {
                return true;
            }
            i++;
            if (i == n) {
                fields.add("");
                return true;
            }
        }
    }

    public int count() {
        return fields.size();
    }

    public String get(int i) {
        return fields.get(i);
    }

    public List<String> fields() {
        return fields;
    }
}
