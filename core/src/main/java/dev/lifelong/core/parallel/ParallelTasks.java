package dev.lifelong.core.parallel;

import java.util.function.IntConsumer;

/** Runs independent tasks {@code 0 .. n-1}, on worker threads where there are any, and returns when all are done. */
@FunctionalInterface
public interface ParallelTasks {

    /** On the calling thread, in order. */
    ParallelTasks SEQUENTIAL = (n, task) -> {
        for (int i = 0; i < n; i++) {
            task.accept(i);
        }
    };

    void forEach(int n, IntConsumer task);
}
