package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.Pin;
import dev.defl.engine.content.PinMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code defl pin add|rm|ls}: pins of the embedded content store, as {@code ipfs pin add|rm|ls}. */
@Command(name = "pin", mixinStandardHelpOptions = true, description = "Pins of the embedded content store.",
        subcommands = {PinCommand.Add.class, PinCommand.Rm.class, PinCommand.Ls.class, PinRemoteCommand.class})
final class PinCommand {

    /** {@code defl pin add CID [--direct]}: pins a DAG (or one block) so that {@code gc} keeps it. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Pin CID recursively (the whole DAG, which must be in the store), or with --direct the block alone.")
    static final class Add implements Callable<Integer> {

        @Mixin
        ContentStoreOption store;

        @Parameters(index = "0", paramLabel = "CID", description = "CIDv0 (Qm…) or CIDv1 (b…).")
        String cid;

        @Option(names = "--direct", description = "Pin only this block, not the blocks it links to.")
        boolean direct;

        @Override
        public Integer call() throws Exception {
            Cid parsed = Cid.parse(cid);
            PinMode mode = direct ? PinMode.DIRECT : PinMode.RECURSIVE;
            try (ContentStoreOption.Writable writable = store.openExistingForWriting()) {
                writable.store().pin(parsed, mode);
            }
            System.out.println("pinned " + parsed + " " + mode.kuboName());
            return 0;
        }
    }

    /** {@code defl pin rm CID}: removes a pin; the blocks stay until {@code defl gc}. */
    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove the pin of CID; its blocks stay until `defl gc`.")
    static final class Rm implements Callable<Integer> {

        @Mixin
        ContentStoreOption store;

        @Parameters(index = "0", paramLabel = "CID", description = "CIDv0 (Qm…) or CIDv1 (b…).")
        String cid;

        @Override
        public Integer call() throws Exception {
            Cid parsed = Cid.parse(cid);
            try (ContentStoreOption.Writable writable = store.openExistingForWriting()) {
                writable.store().unpin(parsed);
            }
            System.out.println("unpinned " + parsed);
            return 0;
        }
    }

    /** {@code defl pin ls}: one line per pin, {@code <CID> <recursive|direct>}, ordered by CID. */
    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the pins, one line each: CID and mode (recursive or direct).")
    static final class Ls implements Callable<Integer> {

        @Mixin
        ContentStoreOption store;

        @Override
        public Integer call() throws Exception {
            StringBuilder out = new StringBuilder();
            for (Pin pin : store.openExisting().pins()) {
                out.append(pin.cid()).append(' ').append(pin.mode().kuboName()).append(System.lineSeparator());
            }
            System.out.print(out);
            System.out.flush();
            return 0;
        }
    }
}
