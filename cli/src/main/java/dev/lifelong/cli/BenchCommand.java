package dev.lifelong.cli;

import picocli.CommandLine.Command;

/** {@code lifelong bench}: the project's own end-to-end benchmarks (kernels and layers are in JMH). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End-to-end benchmarks: 'bench train' times training steps, 'bench serve' measures the HTTP "
            + "server under load on loopback.",
        subcommands = {BenchTrainCommand.class, BenchServeCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
