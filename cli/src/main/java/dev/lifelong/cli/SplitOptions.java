package dev.lifelong.cli;

import dev.lifelong.data.split.SplitSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/** The split options shared by {@code prepare} and {@code generate}. */
final class SplitOptions {

    enum Kind { time, last_n }

    @Option(names = "--split", description = "time (a global time cut) or last_n (per user) "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "time")
    Kind split;

    @Option(names = "--valid", description = "time split: fraction of samples for validation (default: "
            + "${DEFAULT-VALUE})", defaultValue = "0.1")
    double validFraction;

    @Option(names = "--test", description = "time split: fraction of samples for test (default: ${DEFAULT-VALUE})",
            defaultValue = "0.1")
    double testFraction;

    @Option(names = "--valid-from", description = "time split by date instead of fractions: validation from this "
            + "date (YYYY-MM-DD, UTC)")
    LocalDate validFrom;

    @Option(names = "--test-from", description = "time split by date: test from this date (YYYY-MM-DD, UTC)")
    LocalDate testFrom;

    @Option(names = "--last-valid", description = "last_n split: events per user for validation (default: "
            + "${DEFAULT-VALUE})", defaultValue = "1")
    int lastValid;

    @Option(names = "--last-test", description = "last_n split: events per user for test (default: "
            + "${DEFAULT-VALUE})", defaultValue = "1")
    int lastTest;

    SplitSpec toSpec() {
        if (split == Kind.last_n) {
            return new SplitSpec.LastN(lastValid, lastTest);
        }
        if (validFrom != null || testFrom != null) {
            return SplitSpec.TimeCut.dates(instant(validFrom, "--valid-from"), instant(testFrom, "--test-from"));
        }
        return SplitSpec.TimeCut.fractions(validFraction, testFraction);
    }

    static long epoch(LocalDate d) {
        return d.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    private static Instant instant(LocalDate d, String option) {
        if (d == null) {
            throw new IllegalArgumentException("a time split by date needs both --valid-from and --test-from ("
                    + option + " is missing)");
        }
        return Instant.ofEpochSecond(epoch(d));
    }
}
