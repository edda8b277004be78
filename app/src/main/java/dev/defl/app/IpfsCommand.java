package dev.defl.app;

import dev.defl.engine.content.net.EndpointHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code defl ipfs stat}: facts about the embedded content store. */
@Command(name = "ipfs", mixinStandardHelpOptions = true, description = "The embedded content store.",
        subcommands = {IpfsCommand.Stat.class})
final class IpfsCommand {

    /** {@code defl ipfs stat}: block count, total block bytes and the store's directory. */
    @Command(name = "stat", mixinStandardHelpOptions = true,
            description = {"Print the number of blocks, their total size in bytes and the store's directory.",
                    "With --ipfs, also probe each endpoint once and print its health: a node is asked /api/v0/id, "
                            + "a gateway GET /ipfs/bafkqaaa?format=raw (the empty identity CID, answerable offline; "
                            + "404 counts as an answer)."})
    static final class Stat implements Callable<Integer> {

        @Mixin
        ContentStoreOption store;

        @Mixin
        EndpointsOption network;

        @Override
        public Integer call() throws Exception {
            var content = store.openExisting();
            System.out.println("blocks " + content.blockCount());
            System.out.println("bytes " + content.sizeBytes());
            System.out.println("path " + content.root());
            if (network.given()) {
                try (var endpoints = network.open()) {
                    for (EndpointHealth health : endpoints.probe()) {
                        System.out.println(EndpointsOption.describe(health));
                    }
                }
            }
            return 0;
        }
    }
}
