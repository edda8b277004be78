package dev.defl.app;

import dev.defl.engine.content.CarReader;
import dev.defl.engine.content.CarSummary;
import dev.defl.engine.content.CarWriter;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.content.PinMode;
import dev.defl.engine.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code defl car export|import}: moves DAGs between embedded stores (or to and from kubo) as CARv1
 * files (<a href="https://ipld.io/specs/transport/car/carv1/">spec</a>).
 */
@Command(name = "car", mixinStandardHelpOptions = true,
        description = "Export and import content as CARv1 files (as `ipfs dag export` / `ipfs dag import`).",
        subcommands = {CarCommand.Export.class, CarCommand.Import.class})
final class CarCommand {

    /** {@code defl car export CID -o FILE}: the DAG of CID, depth-first in link order, each block once. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the DAG rooted at CID to FILE as a CARv1 (blocks in `ipfs dag export` order; "
                    + "FILE appears only when complete). Progress goes to stderr on a terminal.")
    static final class Export implements java.util.concurrent.Callable<Integer> {

        @Mixin
        ContentStoreOption store;

        @Parameters(index = "0", paramLabel = "CID", description = "The root: CIDv0 (Qm…) or CIDv1 (b…).")
        String cid;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The CAR file to write.")
        Path output;

        @Override
        public Integer call() throws Exception {
            Cid root = Cid.parse(cid);
            var content = store.openExisting();
            Path target = output.toAbsolutePath();
            if (!Files.isDirectory(target.getParent())) {
                throw new IllegalArgumentException("output directory " + target.getParent() + " does not exist");
            }
            CarSummary[] summary = {null};
            AtomicFiles.write(target, file -> {
                try (ProgressLine line = new ProgressLine(System.err, System::nanoTime)) {
                    boolean progress = ProgressLine.stderrIsTerminal();
                    var blocks = new CountingBlockStore(content.blockStore(), c -> { });
                    OutputStream out = progress
                            ? ProgressLine.counting(file, n -> line.update(() -> "exported " + blocks.blocks() + " blocks, " + ProgressLine.bytes(n)))
                            : file;
                    summary[0] = new CarWriter(blocks).export(root, out);
                }
            });
            System.out.println("exported " + summary[0].blockCount() + " blocks (" + summary[0].carBytes() + " bytes) to " + output);
            return 0;
        }
    }

    /** {@code defl car import FILE}: verifies every block, then stores them all (nothing on a bad file). */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import the blocks of the CARv1 FILE into the embedded content store, every block hash-verified, and pin each root whose DAG is complete (as `ipfs dag import`); "
                    + "a bad file imports nothing. Prints the roots and the block count. Progress goes to stderr on a terminal.")
    static final class Import implements java.util.concurrent.Callable<Integer> {

        @Mixin
        ContentStoreOption store;

        @Parameters(index = "0", paramLabel = "FILE", description = "The CAR file.")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(Files.isDirectory(file) ? file + " is a directory, not a CAR file" : "no such file: " + file);
            }
            try (ContentStoreOption.Writable writable = store.openForWriting(ImportProfile.CIDV1_RAW_LEAVES)) {
                var content = writable.store();
                CarSummary summary;
                try (ProgressLine line = new ProgressLine(System.err, System::nanoTime)) {
                    var target = content.blockStore();
                    long size = Files.size(file);
                    // The reader verifies the whole file before storing anything; progress shows the storing pass.
                    var counted = new CountingBlockStore(target, c -> line.update(() -> "imported " + c.blocks() + " blocks ("
                            + ProgressLine.bytes(c.bytes()) + ") from a " + ProgressLine.bytes(size) + " CAR"));
                    summary = new CarReader(ProgressLine.stderrIsTerminal() ? counted : target).importFile(file);
                }
                for (Cid root : summary.roots()) System.out.println("root " + root);
                System.out.println("blocks " + summary.blockCount());
                // as `ipfs dag import` (pin-roots on by default): each root whose DAG is complete is pinned recursively,
                // so the next gc keeps what was imported; an incomplete one is named and left unpinned
                int pinned = 0;
                for (Cid root : summary.roots()) {
                    try {
                        content.pin(root, PinMode.RECURSIVE);
                        System.out.println("pinned " + root + " recursive");
                        pinned++;
                    } catch (ContentNotFoundException e) {
                        System.err.println("car import: warning: root " + root + " not pinned: its DAG is incomplete in "
                                + file + " and the store (" + e.getMessage() + "); the next gc removes its blocks");
                    }
                }
                System.out.println("pinned roots " + pinned + " of " + summary.roots().size());
            }
            return 0;
        }
    }
}
