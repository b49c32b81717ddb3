package dev.lifelong.serve.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM itself did over a stretch of a benchmark: the JIT compilers' time and the collectors' count and
 * time. On a machine with two cores a compilation takes one of them from the server, so latencies timed while the
 * JIT is still compiling the request path are a warm-up's, not a running server's (docs/BENCHMARKS.md, session
 * 19: after 2,000 requests the compilers were still busy for a fifth to a third of a core).
 *
 * @param compileMs milliseconds the JIT compilers spent, or -1 when this JVM does not count them
 * @param collections garbage collections, all collectors
 * @param collectMs their accumulated time in milliseconds, as the collectors report it
 */
public record JvmActivity(long compileMs, long collections, long collectMs) {

    /** The totals since the JVM started. */
    public static JvmActivity now() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long compile = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        long count = 0;
        long time = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
        }
        return new JvmActivity(compile, count, time);
    }

    /** What happened between {@code before} and this snapshot. */
    public JvmActivity since(JvmActivity before) {
        return new JvmActivity(compileMs < 0 || before.compileMs < 0 ? -1 : compileMs - before.compileMs,
                collections - before.collections, collectMs - before.collectMs);
    }
}
