package dev.lifelong.models.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The heap gives its keys largest first, whatever their number and however they are replaced. */
class LongMaxHeapTest {

    @Test
    void heapifiedKeysComeOutLargestFirst() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int size = 0; size <= 70; size++) {
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) {
                // Few distinct scores, as ranked relevance has: the position in the low bits breaks the ties.
                keys[i] = (long) rnd.nextInt(5) << 32 | i;
            }
            long[] heap = keys.clone();
            LongMaxHeap.heapify(heap, size);
            long[] popped = new long[size];
            for (int n = size, j = 0; n > 0; j++) {
                popped[j] = heap[0];
                long last = heap[--n];
                if (n > 0) {
                    LongMaxHeap.siftDown(heap, n, 0, last);
                }
            }
            long[] expected = keys.clone();
            Arrays.sort(expected);
            for (int i = 0; i < size / 2; i++) {
                long t = expected[i];
                expected[i] = expected[size - 1 - i];
                expected[size - 1 - i] = t;
            }
            assertThat(popped).as("size %d", size).containsExactly(expected);
        }
    }

    @Test
    void replacingTheTopKeepsTheHeap() {
        SplittableRandom rnd = new SplittableRandom(12);
        long[] heap = new long[33];
        for (int i = 0; i < heap.length; i++) {
            heap[i] = rnd.nextLong(1_000);
        }
        LongMaxHeap.heapify(heap, heap.length);
        for (int step = 0; step < 500; step++) {
            LongMaxHeap.siftDown(heap, heap.length, 0, rnd.nextLong(1_000));
            for (int i = 1; i < heap.length; i++) {
                assertThat(heap[(i - 1) / 4]).as("parent of %d", i).isGreaterThanOrEqualTo(heap[i]);
            }
        }
    }

    @Test
    void pushedKeysAmongPopsComeOutLargestFirst() {
        SplittableRandom rnd = new SplittableRandom(13);
        long[] heap = new long[200];
        long[] mirror = new long[200];
        int size = 0;
        for (int step = 0; step < 2_000; step++) {
            if (size < heap.length && (size == 0 || rnd.nextInt(3) > 0)) {
                long key = (long) rnd.nextInt(7) << 32 | step;
                size = LongMaxHeap.push(heap, size, key);
                mirror[size - 1] = key;
            } else {
                long largest = Arrays.stream(mirror, 0, size).max().getAsLong();
                assertThat(heap[0]).as("step %d", step).isEqualTo(largest);
                for (int i = 0; i < size; i++) {
                    if (mirror[i] == largest) {
                        mirror[i] = mirror[size - 1];
                        break;
                    }
                }
                long last = heap[--size];
                if (size > 0) {
                    LongMaxHeap.siftDown(heap, size, 0, last);
                }
            }
        }
    }

    @Test
    void anEmptyOrSingleHeapIsLeftAlone() {
        LongMaxHeap.heapify(new long[0], 0);
        long[] one = {7};
        LongMaxHeap.heapify(one, 1);
        assertThat(one).containsExactly(7);
    }
}
