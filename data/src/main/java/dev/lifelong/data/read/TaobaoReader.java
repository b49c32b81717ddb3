package dev.lifelong.data.read;

import dev.lifelong.data.validate.RejectReason;
import java.nio.file.Path;
import java.util.Set;

/**
 * Alibaba's Taobao UserBehavior CSV (Tianchi dataset 649): {@code user,item,category,behavior,timestamp}, no
 * header, behaviour one of pv, cart, fav, buy, timestamp in seconds. The full file has 100,150,807 rows and is
 * streamed.
 */
public final class TaobaoReader extends DelimitedReader {

    static final Set<String> BEHAVIOURS = Set.of("pv", "cart", "fav", "buy");
    private static final String[] COLUMNS = {"user", "item", "category", "behavior", "timestamp"};

    private final TimeRange range;

    public TaobaoReader(Path file, TimeRange range) {
        super(file, ',', '\0');
        this.range = range;
    }

    @Override
    public String describe() {
        return "taobao " + file;
    }

    @Override
    protected int fieldCount() {
        return 5;
    }

    @Override
    protected boolean isHeader(FieldSplitter first) {
        return false;
    }

    @Override
    protected String columnName(int i) {
        return COLUMNS[i];
    }

    @Override
    protected void parse(FieldSplitter f, RowParser row, RawEvent e) {
        e.user = row.id(f.get(0), "user");
        e.item = row.id(f.get(1), "item");
        e.category = row.id(f.get(2), "category");
        String behaviour = f.get(3).trim();
        if (!row.failed() && !BEHAVIOURS.contains(behaviour)) {
            row.reject("behavior", RejectReason.UNKNOWN_BEHAVIOUR, "\"" + behaviour + "\", expected pv, cart, fav or buy");
        }
        e.behaviour = behaviour;
        e.timestamp = row.timestamp(f.get(4), "timestamp", TimestampUnit.SECONDS, range);
    }
}
