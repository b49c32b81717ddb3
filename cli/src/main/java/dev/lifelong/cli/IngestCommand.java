package dev.lifelong.cli;

import dev.lifelong.data.dataset.Dataset;
import dev.lifelong.data.read.EventReader;
import dev.lifelong.data.read.TimeRange;
import dev.lifelong.data.validate.RejectionLog;
import dev.lifelong.store.BehaviourStore;
import dev.lifelong.store.BulkLoader;
import dev.lifelong.store.LoadMode;
import dev.lifelong.store.OutOfOrderAppendException;
import dev.lifelong.store.ingest.StoreIngest;
import dev.lifelong.store.open.StoreSpec;
import dev.lifelong.store.redis.RedisConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifelong ingest}: bulk-loads behaviour histories into a store for serving. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bulk-loads users' behaviour histories into a behaviour store for serving: a prepared "
            + "dataset's timelines (--data), or a raw event log (--input, --format) validated row by row as by "
            + "prepare.",
            "A user already in the store gets the new behaviours appended (refused if they are older than what is "
            + "stored), or with --replace the loaded history instead."})
final class IngestCommand implements Callable<Integer> {

    /** Bulk writes are large (a 10^5-behaviour user is one command of about 1 MB): a serving timeout is too short. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--store", required = true, paramLabel = "STORE", description = "where to load: rocksdb:PATH "
            + "(embedded; created when missing), redis://HOST:PORT or redis-cluster://HOST:PORT[,HOST:PORT...] "
            + "(append ?timeout=10s to change the 30 s per-command timeout)")
    String store;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "a dataset folder from prepare or "
                + "generate: its timelines, exactly as the models were trained on them")
        Path data;

        @ArgGroup(exclusive = false)
        Log log;
    }

    static final class Log {
        @Option(names = "--input", required = true, description = "a raw log: a file (.gz accepted) or, for "
                + "movielens, its folder")
        Path input;

        @Option(names = "--format", required = true, description = "taobao, movielens or csv (with --mapping)")
        LogFormat format;

        @Option(names = "--mapping", description = "YAML column mapping for --format csv (as for prepare)")
        Path mapping;
    }

    @Option(names = "--replace", description = "replace the stored history of every user loaded (default: append)")
    boolean replace;

    @picocli.CommandLine.Mixin
    RejectionOptions rejections;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StoreSpec target = StoreSpec.parse(store);
        if (target.scheme().equals("timeline")) {
            throw new IllegalArgumentException(store + " is a dataset, which is read-only: ingest into rocksdb:PATH, "
                    + "redis://HOST:PORT or redis-cluster://HOST:PORT");
        }
        PrintWriter out = spec.commandLine().getOut();
        ConsoleProgress progress = new ConsoleProgress(System.err);
        long start = System.nanoTime();
        try (BehaviourStore s = target.open(RedisConfig.DEFAULTS.withTimeout(TIMEOUT))) {
            out.printf(Locale.ROOT, "store       %s%n", s.describe());
            BulkLoader loader;
            try (BulkLoader l = s.bulkLoader(replace ? LoadMode.REPLACE : LoadMode.APPEND)) {
                loader = l;
                load(l, out, progress);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "loaded      %,d users, %,d behaviours, %,d bytes (%.1f a behaviour), %.1f s, "
                    + "%s%n", loader.users(), loader.behaviours(), loader.bytes(),
                    loader.behaviours() == 0 ? 0.0 : (double) loader.bytes() / loader.behaviours(), secs,
                    replace ? "stored histories replaced" : "appended after any stored history");
            out.flush();
            return 0;
        } catch (OutOfOrderAppendException e) {
            throw new IllegalArgumentException(e.getMessage() + "; pass --replace to replace stored histories", e);
        }
    }

    private void load(BulkLoader loader, PrintWriter out, ConsoleProgress progress) throws java.io.IOException {
        if (source.data != null) {
            Dataset d = Dataset.open(source.data);
            out.printf(Locale.ROOT, "source      dataset %s%n", d.dir());
            StoreIngest.fromDataset(d, loader, progress);
        } else {
            RejectionLog log = new RejectionLog(rejections.strict, rejections.examples);
            EventReader reader = source.log.format.reader(source.log.input, source.log.mapping, TimeRange.DEFAULT);
            out.printf(Locale.ROOT, "source      %s%n", reader.describe());
            StoreIngest.fromLog(reader, log, loader, progress);
            DatasetReport.printRows(log.summary(), out);
        }
    }
}
