package dev.lifelong.bench.retrieval;

import dev.lifelong.models.frame.LongMaxHeap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A search unit's walk down one head's ranking: the keys a sampled bound kept are heapified, then the walk pops
 * them best first. {@link LongMaxHeap} (four children per node) against the binary heap it replaced, kept here
 * as the reference. Sizes as counted in {@code twin} serving at L = 10^3: about 145 kept, 62 popped per head.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class HeapWalkBenchmark {

    @Param({"145"})
    int kept;

    @Param({"62"})
    int popped;

    private long[][] keys;
    private long[] heap;
    private int next;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(5);
        keys = new long[256][kept];
        for (long[] k : keys) {
            for (int i = 0; i < kept; i++) {
                k[i] = (long) rnd.nextInt() << 32 | i;
            }
        }
        heap = new long[kept];
    }

    @Benchmark
    public long fourChildren() {
        System.arraycopy(keys[next++ & 255], 0, heap, 0, kept);
        LongMaxHeap.heapify(heap, kept);
        long sum = 0;
        for (int size = kept, p = 0; p < popped; p++) {
            sum += heap[0];
            long last = heap[--size];
            LongMaxHeap.siftDown(heap, size, 0, last);
        }
        return sum;
    }

    @Benchmark
    public long twoChildren() {
        System.arraycopy(keys[next++ & 255], 0, heap, 0, kept);
        for (int i = kept / 2 - 1; i >= 0; i--) {
            binarySiftDown(heap, kept, i, heap[i]);
        }
        long sum = 0;
        for (int size = kept, p = 0; p < popped; p++) {
            sum += heap[0];
            long last = heap[--size];
            binarySiftDown(heap, size, 0, last);
        }
        return sum;
    }

    private static void binarySiftDown(long[] h, int size, int i, long x) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && h[child + 1] > h[child]) {
                child++;
            }
            if (x >= h[child]) {
                break;
            }
            h[i] = h[child];
            i = child;
        }
        h[i] = x;
    }
}
