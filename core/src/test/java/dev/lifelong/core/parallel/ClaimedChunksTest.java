package dev.lifelong.core.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ClaimedChunksTest {

    /** Every candidate scored once, and what the helpers wrote to a plain array is seen by the caller. */
    @Test
    void everyCandidateIsScoredOnceAcrossThreadsAndItsResultIsVisible() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 200; round++) {
                for (int n : new int[] {1, 15, 64, 65, 1000, 1001}) {
                    AtomicIntegerArray seen = new AtomicIntegerArray(n);
                    float[] out = new float[n];
                    ClaimedChunks.run(n, 64, pool, 3, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            seen.incrementAndGet(i);
                            out[i] = i + 0.5f;
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, seen.get(i), "candidate " + i + " of " + n);
                        assertEquals(i + 0.5f, out[i], "result " + i + " of " + n);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A helper that the pool never starts in time must not hold the request: the caller takes its chunks. */
    @Test
    @Timeout(10)
    void theCallerTakesTheChunksOfAHelperThatHasNotStarted() {
        List<Runnable> held = new ArrayList<>();
        int[] ranBy = new int[10];
        ClaimedChunks.run(10 * 16, 16, held::add, 1, (from, to) -> ranBy[from / 16]++);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, ranBy);
        assertEquals(1, held.size());
        held.get(0).run(); // starting late, it finds nothing left
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, ranBy);
    }

    @Test
    void aPoolThatRefusesHelpersLeavesEveryChunkToTheCaller() {
        int[] ranBy = new int[5];
        ClaimedChunks.run(5 * 16, 16, r -> {
            throw new RejectedExecutionException("shutting down");
        }, 2, (from, to) -> ranBy[from / 16]++);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, ranBy);
    }

    @Test
    void aFailingChunkFailsTheCallWithItsOwnExceptionAndTheRestAreSkipped() {
        IllegalStateException boom = new IllegalStateException("chunk 3");
        int[] ranBy = new int[8];
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> ClaimedChunks.run(8 * 16, 16, r -> {
                    throw new AssertionError("no helper expected");
                }, 0, (from, to) -> {
                    ranBy[from / 16]++;
                    if (from == 3 * 16) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0, 0, 0}, ranBy, "chunks after the failure are not begun");
    }

    @Test
    void withHelpersAFailureStillComesBackAndNoChunkRunsTwice() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            IllegalStateException boom = new IllegalStateException("chunk 3");
            AtomicIntegerArray seen = new AtomicIntegerArray(8);
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> ClaimedChunks.run(8 * 16, 16, pool, 2, (from, to) -> {
                        seen.incrementAndGet(from / 16);
                        if (from == 3 * 16) {
                            throw boom;
                        }
                    }));
            assertSame(boom, thrown);
            assertEquals(1, seen.get(3));
            for (int c = 0; c < 8; c++) {
                assertTrue(seen.get(c) <= 1, "chunk " + c);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutHelpersTheCallerRunsEveryChunkInOrder() {
        List<Integer> starts = new ArrayList<>();
        ClaimedChunks.run(50, 16, r -> {
            throw new AssertionError("no helper expected");
        }, 0, (from, to) -> starts.add(from));
        assertEquals(List.of(0, 16, 32, 48), starts);
    }

    @Test
    void aHelperPoolHasAThreadForEveryClaimantButTheCaller() {
        for (int[] c : new int[][] {{1, 1}, {2, 1}, {4, 3}}) {
            ExecutorService pool = ClaimedChunks.helperPool(c[0], Executors.defaultThreadFactory());
            try {
                assertEquals(c[1], ((java.util.concurrent.ThreadPoolExecutor) pool).getMaximumPoolSize());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
