package dev.defl.app;

import dev.defl.engine.learning.privacy.NoiseCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code defl dp}: differential privacy arithmetic without a run. */
@Command(name = "dp", mixinStandardHelpOptions = true,
        description = "Differential privacy arithmetic (RDP accountant of the sampled Gaussian mechanism).",
        subcommands = {DpCommand.Noise.class})
final class DpCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dp: name a subcommand: noise");
        return 2;
    }

    /** {@code defl dp noise}: the smallest z for a target ε. */
    @Command(name = "noise", mixinStandardHelpOptions = true,
            description = "Print the smallest noise multiplier z (for --dp-noise) whose ε after the given rounds at the "
                    + "given client sampling rate stays within the target at δ, then the ε it spends.")
    static final class Noise implements Callable<Integer> {
        @Option(names = "--epsilon", required = true, paramLabel = "EPS", description = "Target ε > 0.")
        double epsilon;

        @Option(names = "--delta", paramLabel = "D", description = "δ in (0, 1) (default: " + DpOptions.DEFAULT_DELTA + ").")
        double delta = DpOptions.DEFAULT_DELTA;

        @Option(names = "--rate", required = true, paramLabel = "Q",
                description = "Client sampling rate q = clients per round / clients, in (0, 1] (e.g. 0.1 for 10 of 100).")
        double rate;

        @Option(names = "--rounds", required = true, paramLabel = "R", description = "Rounds R >= 1.")
        long rounds;

        @Override
        public Integer call() {
            // rounded up to 4 decimals, so that the z printed keeps ε within the target
            double z = Math.ceil(NoiseCalibration.noiseMultiplier(epsilon, delta, rate, rounds) * 1e4) / 1e4;
            System.out.printf(Locale.ROOT, "z %.4f%n", z);
            System.out.printf(Locale.ROOT, "epsilon %.4f (delta %s, q %s, %d rounds)%n",
                    NoiseCalibration.epsilon(rate, z, rounds, delta), delta, rate, rounds);
            return 0;
        }
    }
}
