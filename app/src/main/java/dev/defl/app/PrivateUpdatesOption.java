package dev.defl.app;

import picocli.CommandLine.Option;

/**
 * {@code --private-updates}: the task is private. Clients seal each update for the task's aggregators (AES-256-GCM
 * envelope, the data key wrapped for each aggregator's published key; {@code docs/envelope.md}); the CIDs, sizes and
 * timing of updates and the aggregate stay public. Written in the task document ({@code private_updates}) and in the
 * task's on-chain parameters.
 */
final class PrivateUpdatesOption {
    @Option(names = "--private-updates",
            description = "Seal each client update for the task's aggregators (they publish their public keys); "
                    + "only the aggregators can read an update. CIDs, sizes, timing and the aggregate stay public.")
    boolean privateUpdates;
}
