package dev.defl.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code defl ipfs stat}: facts about the embedded content store. */
@Command(name = "ipfs", mixinStandardHelpOptions = true, description = "The embedded content store.",
        subcommands = {IpfsCommand.Stat.class})
final class IpfsCommand {

    /** {@code defl ipfs stat}: block count, total block bytes and the store's directory. */
    @Command(name = "stat", mixinStandardHelpOptions = true,
            description = "Print the number of blocks, their total size in bytes and the store's directory.")
    static final class Stat implements Callable<Integer> {

        @Mixin
        ContentStoreOption store;

        @Override
        public Integer call() throws Exception {
            var content = store.openExisting();
            System.out.println("blocks " + content.blockCount());
            System.out.println("bytes " + content.sizeBytes());
            System.out.println("path " + content.root());
            return 0;
        }
    }
}
