package dev.lifelong.store;

import dev.lifelong.data.vocab.NumericId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BehavioursTest {

    @Test
    void eachStringHasOneSymbolUntilCleared() {
        Behaviours b = new Behaviours(1).add("x", "c", "pv", 1f, 1).add("y", "c", "pv", 2f, 2)
                .add("x", null, null, 3f, 3);
        assertThat(b.symbolCount()).isEqualTo(4);
        assertThat(b.itemSymbols()[0]).isEqualTo(b.itemSymbols()[2]);
        assertThat(b.categorySymbols()[2]).isEqualTo(Behaviours.NONE);
        assertThat(b.symbol(b.categorySymbols()[0])).isEqualTo("c");
        int[] arrays = b.itemSymbols();
        b.clear();
        assertThat(b.size()).isZero();
        assertThat(b.symbolCount()).isZero();
        b.add("z", null, null, 1f, 1);
        assertThat(b.itemSymbols()).isSameAs(arrays);
        assertThat(b.symbol(0)).isEqualTo("z");
    }

    @Test
    void onlyCanonicalDecimalsAreNumericIds() {
        assertThat(NumericId.parse("0")).isZero();
        assertThat(NumericId.parse("2268318")).isEqualTo(2268318L);
        assertThat(NumericId.parse("999999999999999999")).isEqualTo(NumericId.MAX);
        for (String text : new String[] {"", "007", "-5", "+5", "1e3", "1 ", "9999999999999999999", "١٢"}) {
            assertThat(NumericId.parse(text)).as(text).isEqualTo(-1);
        }
    }

    @Test
    void numericIdsAreLongsUntilAStringIsAskedFor() {
        Behaviours b = new Behaviours();
        int seven = b.internNumber(7);
        assertThat(b.intern("7")).isEqualTo(seven);
        assertThat(b.intern("007")).isNotEqualTo(seven);
        assertThat(b.number(seven)).isEqualTo(7);
        assertThat(b.number(b.intern("007"))).isEqualTo(-1);
        assertThat(b.symbol(seven)).isEqualTo("7");
        assertThat(b.intern("x")).isEqualTo(2);
        assertThatThrownBy(() -> b.internNumber(-1)).hasMessageContaining("out of");
    }

    @Test
    void sortedByTimeIsStableAndLeavesTheOriginal() {
        Behaviours b = new Behaviours().add("a", null, null, 1f, 5).add("b", null, null, 1f, 3)
                .add("c", null, null, 1f, 5)
                .add("d", null, null, 1f, 3);
        Behaviours s = b.sortedByTime();
        assertThat(Histories.rows(s)).containsExactly(b.row(1), b.row(3), b.row(0), b.row(2));
        assertThat(b.item(0)).isEqualTo("a");
        assertThat(s.sortedByTime()).isSameAs(s);
    }

    @Test
    void addAllMapsSymbolsBetweenHolders() {
        Behaviours src = new Behaviours().add("p", "q", "r", 1f, 1).add("s", "q", null, 2f, 2);
        Behaviours dst = new Behaviours().add("s", null, null, 0f, 0);
        dst.addAll(src, 0, 2);
        assertThat(Histories.rows(dst, 1, 3)).isEqualTo(Histories.rows(src));
        assertThat(dst.symbolCount()).isEqualTo(4);
        assertThatThrownBy(() -> dst.addAll(src, 1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> dst.item(3)).hasMessageContaining("behaviour 3 of 3");
    }

    /** Marks name where the parts begin; a holder joined on keeps both sides' symbols apart. */
    @Test
    void partsKeepTheirSymbolsApartAndAddForgetsThem() {
        Behaviours b = new Behaviours();
        assertThat(b.partNear(0)).isEqualTo(-1);
        b.markPart();                                   // at row 0: says nothing
        b.add("a", "c", "pv", 1f, 1);
        assertThat(b.partNear(0)).isEqualTo(-1);
        Behaviours tail = new Behaviours().add("a", "c", null, 2f, 2).add("z", null, "pv", 3f, 3);
        b.appendPart(tail);
        assertThat(Histories.rows(b)).containsExactly("a/c/pv/1.0@1", "a/c/null/2.0@2", "z/null/pv/3.0@3");
        assertThat(b.partNear(2)).isEqualTo(1L << 32 | 3);   // row 1, symbol 3: a, c and pv are the first part's
        assertThat(b.symbolCount()).isEqualTo(3 + 4);
        for (int r = 1; r < 3; r++) {
            assertThat(b.itemSymbols()[r]).isGreaterThanOrEqualTo(3);
            assertThat(b.behaviourSymbols()[r]).isIn(Behaviours.NONE, 3, 4, 5, 6);
        }
        b.truncate(2);
        assertThat(b.partNear(2)).isEqualTo(1L << 32 | 3);
        b.truncate(1);
        assertThat(b.partNear(2)).isEqualTo(-1);
        b.appendPart(tail);
        b.add("a", null, null, Float.NaN, 4);           // may reuse the first part's symbol: the marks go
        assertThat(b.partNear(2)).isEqualTo(-1);
        assertThatThrownBy(() -> b.appendPart(b)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A symbol added as bytes stays bytes until its string is asked for, and travels with its holder's rows. */
    @Test
    void utf8SymbolsBecomeStringsOnlyWhenAsked() {
        byte[] chunk = "..caf\u00e9|i7..".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Behaviours b = new Behaviours();
        int cafe = b.addUtf8Symbol(chunk, 2, 5);
        int i7 = b.addUtf8Symbol(chunk, 8, 2);
        int row = b.grow(2);
        b.itemSymbols()[row] = cafe;
        b.itemSymbols()[row + 1] = i7;
        b.categorySymbols()[row] = Behaviours.NONE;
        b.categorySymbols()[row + 1] = Behaviours.NONE;
        b.behaviourSymbols()[row] = Behaviours.NONE;
        b.behaviourSymbols()[row + 1] = Behaviours.NONE;
        assertThat(b.utf8(i7)).isSameAs(chunk);
        assertThat(b.utf8From(i7)).isEqualTo(8);
        assertThat(b.utf8Length(i7)).isEqualTo(2);
        assertThat(b.number(i7)).isEqualTo(-1);
        Behaviours joined = new Behaviours().add("first", null, null, 1f, 0).appendPart(b);
        assertThat(joined.utf8(joined.itemSymbols()[2])).isSameAs(chunk);
        assertThat(joined.item(1)).isEqualTo("caf\u00e9");
        assertThat(b.item(1)).isEqualTo("i7");
        assertThat(b.utf8(i7)).isNull();                 // a string now: asked for by text from here on
        Behaviours copy = new Behaviours().addAll(b, 0, 2);
        assertThat(Histories.rows(copy)).containsExactly(Histories.rows(b).toArray(new String[0]));
        assertThat(b.sortedByTime().item(0)).isEqualTo("caf\u00e9");
        b.clear();
        assertThat(b.symbolCount()).isZero();
    }

    /** A decoded holder may hold one id under several symbols (one per chunk); sorting keeps every row's ids. */
    @Test
    void sortingAHolderWithAnIdUnderTwoSymbolsKeepsItsRows() {
        Behaviours newer = new Behaviours();
        dev.lifelong.store.codec.ChunkCodec.decode(dev.lifelong.store.codec.ChunkCodec.encode(
                new Behaviours().add("a", "c", "pv", 1f, 10).add("b", "c", null, 2f, 11), 0, 2), newer);
        Behaviours older = new Behaviours();
        dev.lifelong.store.codec.ChunkCodec.decode(dev.lifelong.store.codec.ChunkCodec.encode(
                new Behaviours().add("b", "d", "pv", 3f, 1).add("a", null, "buy", 4f, 2), 0, 2), older);
        Behaviours joined = newer.appendPart(older);   // out of time order on purpose
        assertThat(joined.symbolCount()).isGreaterThan(4);
        assertThat(Histories.rows(joined.sortedByTime())).containsExactly("b/d/pv/3.0@1", "a/null/buy/4.0@2",
                "a/c/pv/1.0@10", "b/c/null/2.0@11");
    }
}
