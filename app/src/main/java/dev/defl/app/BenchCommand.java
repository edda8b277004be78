package dev.defl.app;

import picocli.CommandLine.Command;

/** {@code defl bench}: groups the benchmarks; {@code defl bench content} measures the content layer,
 * {@code defl bench startup} the window's start-up,
 * {@code defl bench central} federated learning against centralized training,
 * {@code defl bench aggregate} the aggregation strategies against numpy,
 * {@code defl bench ui} the window's frame times with a large history. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput; figures are ratios to a baseline measured in the same run.",
        subcommands = {ContentBenchCommand.class, CentralBenchCommand.class, RobustnessBenchCommand.class, HistoryBenchCommand.class,
                StartupBenchCommand.class, AggregateBenchCommand.class, ChainBenchCommand.class,
                UiBenchCommand.class, RoundBenchCommand.class})
final class BenchCommand {
}
