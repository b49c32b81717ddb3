package dev.lifelong.cli;

import picocli.CommandLine.Option;

/** How a command reading a raw log treats bad rows: shared by {@code prepare} and {@code ingest}. */
final class RejectionOptions {

    @Option(names = "--strict", description = "stop at the first bad row with its file:line and exit 1")
    boolean strict;

    @Option(names = "--examples", description = "rejected rows to show (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int examples;
}
