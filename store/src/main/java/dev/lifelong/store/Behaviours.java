package dev.lifelong.store;

import dev.lifelong.data.vocab.NumericId;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A run of one user's behaviours, columnar: parallel arrays of item, category and behaviour-type symbols, value
 * and time, plus a length. Ids live once per chunk in a symbol table, so a history of 10^5 behaviours decodes
 * into a symbol per chunk dictionary entry, not 10^5 objects, and a server maps each symbol to its model id once
 * per read ({@link #symbol(int)}, {@link #number(int)} or {@link #utf8(int)}, then the symbol columns).
 *
 * <p>Meant to be reused: {@link #clear()} keeps the arrays, so a thread reading request after request stops
 * allocating once its holder has grown to the longest history. Not thread-safe.
 *
 * <p>A symbol index is stable until {@link #clear()}. {@link #add} and {@link #intern} give a string one symbol;
 * a decoder appends each stored chunk's dictionary as it is ({@link #addNumber}, {@link #addUtf8Symbol}), so
 * after a read one id may have a symbol per chunk it occurs in. That saves a hash lookup per distinct id and chunk, which the server
 * pays anyway when it maps symbols to model ids (map symbols, not rows: there are several times fewer).
 *
 * <p>Numeric ids ({@link NumericId}) are kept as longs, and a decoder's text ids as their UTF-8 bytes in the
 * chunk, and become strings only when {@link #symbol(int)} asks: a server that maps them through
 * {@link #number(int)} and {@link #utf8(int)} reads a history without making a string.
 *
 * <p>Parts. A decoder marks where each stored chunk begins ({@link #markPart}); a chunk's rows use only the
 * symbols made while it was decoded, so at every mark (row r, symbol s) the rows before r use only symbols
 * below s and the rows from r only symbols from s. A server maps a long history's parts on two threads at once
 * ({@link #partNear}), and a store decodes two runs of chunks into two holders at once and joins them
 * ({@link #appendPart}). Anything that may reuse an earlier symbol ({@link #add}, {@link #addAll},
 * {@link #intern}) forgets the marks.
 */
public final class Behaviours {

    /** The symbol of an absent category or behaviour type. */
    public static final int NONE = -1;

    private int size;
    private int[] item;
    private int[] category;
    private int[] behaviour;
    private float[] value;
    private long[] time;
    private String[] symbols = new String[16];
    private long[] numbers = new long[16];
    /** A decoded text symbol's UTF-8 bytes where they lie (a chunk), until a string is asked for; else null. */
    private byte[][] utf8 = new byte[16][];
    private int[] utf8From = new int[16];
    private int[] utf8Length = new int[16];
    private int symbolCount;
    private final Object2IntOpenHashMap<String> textIds = new Object2IntOpenHashMap<>();
    private final Long2IntOpenHashMap numberIds = new Long2IntOpenHashMap();
    /** Where each marked part begins: its first row and first symbol. */
    private int[] partRow = new int[8];
    private int[] partSymbol = new int[8];
    private int parts;

    public Behaviours() {
        this(16);
    }

    public Behaviours(int capacity) {
        int c = Math.max(1, capacity);
        item = new int[c];
        category = new int[c];
        behaviour = new int[c];
        value = new float[c];
        time = new long[c];
        textIds.defaultReturnValue(NONE);
        numberIds.defaultReturnValue(NONE);
    }

    /** Empties the holder, keeping its arrays. */
    public Behaviours clear() {
        size = 0;
        parts = 0;
        if (symbolCount > 0) {
            Arrays.fill(symbols, 0, symbolCount, null);
            Arrays.fill(utf8, 0, symbolCount, null);
            symbolCount = 0;
            textIds.clear();
            numberIds.clear();
        }
        return this;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Appends one behaviour.
     *
     * @param itemId    raw item id, not null (empty marks an item a dataset dropped as unknown)
     * @param category  raw category or null
     * @param type      behaviour type ({@code pv}, {@code rating}, ...) or null
     * @param v         rating, dwell time or similar; NaN when there is none
     * @param epochSecs time in seconds since the epoch
     */
    public Behaviours add(String itemId, String category, String type, float v, long epochSecs) {
        if (itemId == null) {
            throw new IllegalArgumentException("behaviour " + size + ": item id must not be null");
        }
        parts = 0;
        int row = grow(1);
        item[row] = intern(itemId);
        this.category[row] = category == null ? NONE : intern(category);
        behaviour[row] = type == null ? NONE : intern(type);
        value[row] = v;
        time[row] = epochSecs;
        return this;
    }

    /** Appends rows {@code [from, to)} of {@code src}. */
    public Behaviours addAll(Behaviours src, int from, int to) {
        if (from < 0 || to > src.size || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + src.size);
        }
        parts = 0;
        int[] map = new int[src.symbolCount];
        Arrays.fill(map, Integer.MIN_VALUE);
        int row = grow(to - from);
        for (int i = from; i < to; i++, row++) {
            item[row] = remap(src, src.item[i], map);
            category[row] = remap(src, src.category[i], map);
            behaviour[row] = remap(src, src.behaviour[i], map);
            value[row] = src.value[i];
            time[row] = src.time[i];
        }
        return this;
    }

    private int remap(Behaviours src, int symbol, int[] map) {
        if (symbol == NONE) {
            return NONE;
        }
        if (map[symbol] == Integer.MIN_VALUE) {
            long n = src.numbers[symbol];
            map[symbol] = n >= 0 ? internNumber(n) : intern(src.symbol(symbol));
        }
        return map[symbol];
    }

    public String item(int i) {
        return symbol(item[check(i)]);
    }

    /** Null when the behaviour has none. */
    public String category(int i) {
        int s = category[check(i)];
        return s == NONE ? null : symbol(s);
    }

    /** The behaviour type; null when the behaviour has none. */
    public String behaviour(int i) {
        int s = behaviour[check(i)];
        return s == NONE ? null : symbol(s);
    }

    /** NaN when the behaviour has none. */
    public float value(int i) {
        return value[check(i)];
    }

    /** Seconds since the epoch. */
    public long time(int i) {
        return time[check(i)];
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("behaviour " + i + " of " + size);
        }
        return i;
    }

    /** Number of distinct strings in the symbol table. */
    public int symbolCount() {
        return symbolCount;
    }

    public String symbol(int s) {
        if (s < 0 || s >= symbolCount) {
            throw new IndexOutOfBoundsException("symbol " + s + " of " + symbolCount);
        }
        String text = symbols[s];
        if (text == null) {
            text = numbers[s] >= 0 ? Long.toString(numbers[s])
                    : new String(utf8[s], utf8From[s], utf8Length[s], StandardCharsets.UTF_8);
            symbols[s] = text;
        }
        return text;
    }

    /**
     * The UTF-8 bytes of text symbol {@code s} when it was added as bytes ({@link #addUtf8Symbol}) and no string
     * has been made of it yet, else null: {@code utf8(s)[utf8From(s) .. + utf8Length(s))}. A server looks a
     * decoded id up in its vocabulary by these bytes, and makes no string.
     */
    public byte[] utf8(int s) {
        return symbols[s] == null ? utf8[s] : null;
    }

    public int utf8From(int s) {
        return utf8From[s];
    }

    public int utf8Length(int s) {
        return utf8Length[s];
    }

    /** The value of symbol {@code s} when it is a numeric id ({@link NumericId}), else -1. */
    public long number(int s) {
        if (s < 0 || s >= symbolCount) {
            throw new IndexOutOfBoundsException("symbol " + s + " of " + symbolCount);
        }
        return numbers[s];
    }

    /** The symbol of {@code s}, adding it when new. */
    public int intern(String s) {
        parts = 0;   // it may answer with an earlier part's symbol
        long n = NumericId.parse(s);
        if (n >= 0) {
            int id = internNumber(n);
            if (symbols[id] == null) {
                symbols[id] = s;
            }
            return id;
        }
        int id = textIds.putIfAbsent(s, symbolCount);
        if (id == NONE) {
            id = newSymbol(s, -1);
        }
        return id;
    }

    /** The symbol of the numeric id {@code n} ({@code 0 <= n <= NumericId.MAX}), adding it when new. */
    public int internNumber(long n) {
        checkNumber(n);
        parts = 0;
        int id = numberIds.putIfAbsent(n, symbolCount);
        if (id == NONE) {
            id = newSymbol(null, n);
        }
        return id;
    }

    /**
     * Appends the text whose UTF-8 bytes are {@code bytes[from .. from + length)} as a symbol, without looking
     * for an equal one and without making its string until {@link #symbol} asks (see {@link #utf8}). The bytes
     * are kept by reference until {@link #clear}, so they must not change; they must not be a canonical decimal
     * (a decoder stores those as numbers).
     */
    public int addUtf8Symbol(byte[] bytes, int from, int length) {
        int s = newSymbol(null, -1);
        utf8[s] = bytes;
        utf8From[s] = from;
        utf8Length[s] = length;
        return s;
    }

    /**
     * Appends the numeric id {@code n} as a symbol without looking for an equal one, for decoders whose
     * dictionaries hold distinct entries; {@link #intern} does not find it later.
     */
    public int addNumber(long n) {
        checkNumber(n);
        return newSymbol(null, n);
    }

    private static void checkNumber(long n) {
        if (n < 0 || n > NumericId.MAX) {
            throw new IllegalArgumentException("numeric id " + n + " out of [0, " + NumericId.MAX + "]");
        }
    }

    private int newSymbol(String text, long number) {
        if (symbolCount == symbols.length) {
            symbols = Arrays.copyOf(symbols, symbolCount * 2);
            numbers = Arrays.copyOf(numbers, symbolCount * 2);
            utf8 = Arrays.copyOf(utf8, symbolCount * 2);
            utf8From = Arrays.copyOf(utf8From, symbolCount * 2);
            utf8Length = Arrays.copyOf(utf8Length, symbolCount * 2);
        }
        symbols[symbolCount] = text;
        numbers[symbolCount] = number;
        utf8[symbolCount] = null;
        return symbolCount++;
    }

    /**
     * The item-symbol column, live: rows {@code [0, size())} are valid. For hot loops and decoders; the array is
     * replaced when the holder grows.
     */
    public int[] itemSymbols() {
        return item;
    }

    /** The category-symbol column, {@link #NONE} where absent; live as {@link #itemSymbols()}. */
    public int[] categorySymbols() {
        return category;
    }

    /** The behaviour-type-symbol column, {@link #NONE} where absent; live as {@link #itemSymbols()}. */
    public int[] behaviourSymbols() {
        return behaviour;
    }

    /** The value column; live as {@link #itemSymbols()}. */
    public float[] values() {
        return value;
    }

    /** The time column (epoch seconds); live as {@link #itemSymbols()}. */
    public long[] times() {
        return time;
    }

    /**
     * Appends {@code n} rows whose columns the caller then fills through the column arrays (decoders), and
     * returns the index of the first. Symbols written must come from this holder ({@link #intern},
     * {@link #addNumber}, {@link #addUtf8Symbol}); after a {@link #markPart}, only symbols
     * added since it.
     */
    public int grow(int n) {
        if (n < 0 || (long) size + n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot grow " + size + " behaviours by " + n);
        }
        int need = size + n;
        if (need > item.length) {
            int c = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * item.length));
            item = Arrays.copyOf(item, c);
            category = Arrays.copyOf(category, c);
            behaviour = Arrays.copyOf(behaviour, c);
            value = Arrays.copyOf(value, c);
            time = Arrays.copyOf(time, c);
        }
        int first = size;
        size = need;
        return first;
    }

    /** Drops the rows from {@code newSize} on (a decoder undoing a partial chunk); symbols stay. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("truncate to " + newSize + " of " + size);
        }
        size = newSize;
        while (parts > 0 && partRow[parts - 1] >= newSize) {
            parts--;
        }
    }

    /**
     * Marks that a part begins here: the rows appended from now on will use only symbols made from now on (a
     * decoder about to decode a chunk). A mark at row 0, or where the last one is, says nothing and is not kept.
     */
    public void markPart() {
        if (size == 0 || (parts > 0 && partRow[parts - 1] == size)) {
            return;
        }
        mark(size, symbolCount);
    }

    private void mark(int row, int symbol) {
        if (parts == partRow.length) {
            partRow = Arrays.copyOf(partRow, 2 * parts);
            partSymbol = Arrays.copyOf(partSymbol, 2 * parts);
        }
        partRow[parts] = row;
        partSymbol[parts] = symbol;
        parts++;
    }

    /**
     * Of the marked part boundaries, the one whose row is nearest {@code row}, as {@code (long) row << 32 |
     * symbol}: the rows before it use only the symbols before it, and the rows after only those after. -1 when
     * there is no mark.
     */
    public long partNear(int row) {
        long best = -1;
        int bestGap = Integer.MAX_VALUE;
        for (int i = 0; i < parts; i++) {
            int gap = Math.abs(partRow[i] - row);
            if (gap < bestGap) {
                bestGap = gap;
                best = (long) partRow[i] << 32 | partSymbol[i];
            }
        }
        return best;
    }

    /**
     * Appends every row of {@code part} with its own symbols (copied after this holder's, not looked up, as a
     * decoder appends a chunk's dictionary) and marks where it begins; its marks come along. One pass over its
     * rows: how a store joins two runs of chunks it decoded at once.
     */
    public Behaviours appendPart(Behaviours part) {
        if (part == this) {
            throw new IllegalArgumentException("a holder cannot be appended to itself");
        }
        if (part.size == 0) {
            return this;
        }
        markPart();
        int shift = symbolCount;
        for (int s = 0; s < part.symbolCount; s++) {
            int t = newSymbol(part.symbols[s], part.numbers[s]);
            utf8[t] = part.utf8[s];
            utf8From[t] = part.utf8From[s];
            utf8Length[t] = part.utf8Length[s];
        }
        int row = grow(part.size);
        shifted(part.item, item, row, part.size, shift);
        shifted(part.category, category, row, part.size, shift);
        shifted(part.behaviour, behaviour, row, part.size, shift);
        System.arraycopy(part.value, 0, value, row, part.size);
        System.arraycopy(part.time, 0, time, row, part.size);
        for (int i = 0; i < part.parts; i++) {
            mark(row + part.partRow[i], shift + part.partSymbol[i]);
        }
        return this;
    }

    private static void shifted(int[] from, int[] to, int at, int n, int shift) {
        for (int i = 0; i < n; i++) {
            int s = from[i];
            to[at + i] = s == NONE ? NONE : s + shift;
        }
    }

    /** True when times never decrease. */
    public boolean isTimeSorted() {
        for (int i = 1; i < size; i++) {
            if (time[i] < time[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** This holder when already time-sorted; otherwise a copy sorted by time, ties in their order here. */
    public Behaviours sortedByTime() {
        if (isTimeSorted()) {
            return this;
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        long[] t = time;
        IntArrays.mergeSort(order, (a, b) -> Long.compare(t[a], t[b]));
        // Symbols mapped as addAll maps them: a decoded holder may hold one id under several symbols.
        Behaviours out = new Behaviours(size);
        int[] map = new int[symbolCount];
        Arrays.fill(map, Integer.MIN_VALUE);
        int row = out.grow(size);
        for (int i : order) {
            out.item[row] = out.remap(this, item[i], map);
            out.category[row] = out.remap(this, category[i], map);
            out.behaviour[row] = out.remap(this, behaviour[i], map);
            out.value[row] = value[i];
            out.time[row] = time[i];
            row++;
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Behaviours[").append(size).append(']');
        for (int i = 0; i < Math.min(size, 5); i++) {
            b.append(i == 0 ? " " : ", ").append(row(i));
        }
        return size > 5 ? b.append(", ...").toString() : b.toString();
    }

    /** One row as text ({@code item/category/type/value@time}), for messages and tests. */
    public String row(int i) {
        return item(i) + "/" + category(i) + "/" + behaviour(i) + "/" + value(i) + "@" + time(i);
    }
}
