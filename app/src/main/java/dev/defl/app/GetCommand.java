package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.io.AtomicFiles;
import dev.defl.engine.keys.EnvelopeSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code defl get CID -o FILE}: writes a UnixFS file from the embedded store to FILE. The content goes
 * to a temporary file beside FILE that is forced to disk and renamed over FILE only when every block has
 * been read and verified ({@link AtomicFiles}), so a failed get leaves no partial FILE (and an existing
 * FILE untouched). With {@code --ipfs},
 * blocks the store lacks are fetched from the endpoints and stored (the store is created if missing). Encrypted content
 * (an envelope) is decrypted with the user's keystore ({@link AccountOption}); FILE gets the plaintext, and nothing
 * when it cannot be opened.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Write the content of CID from the embedded content store to FILE (every block hash-verified; "
                + "FILE appears only when complete); with --ipfs, blocks missing there are fetched from the endpoints "
                + "and kept in the store (like `ipfs get`; unpinned, so `defl gc` removes them). "
                + "Progress (bytes written, blocks fetched) goes to stderr on a terminal. Encrypted content is decrypted "
                + "with your keystore account (a recipient); FILE is not written if that fails.")
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    DeflCommand parent;

    @Mixin
    ContentStoreOption store;

    @Mixin
    AccountOption account;

    @Mixin
    EndpointsOption network;

    @Parameters(index = "0", paramLabel = "CID", description = "CIDv0 (Qm…) or CIDv1 (b…).")
    String cid;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write the content.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Cid parsed = Cid.parse(cid);
        // keeping fetched blocks writes the store: under the data directory's lock, so no GC races it
        ContentStoreOption.Writable writable = network.given() ? store.openForWriting(ImportProfile.CIDV1_RAW_LEAVES) : null;
        try (writable) {
            var content = writable != null ? writable.store() : store.openExisting();
            Path target = output.toAbsolutePath();
            Path directory = target.getParent();
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("output directory " + directory + " does not exist");
            }
            if (Files.isDirectory(target)) {
                throw new IllegalArgumentException("output " + target + " is a directory");
            }
            var opener = account.opener(store.storeDirectory().getParent(), parent);
            AtomicFiles.write(target, file -> {
                try (ProgressLine line = new ProgressLine(System.err, System::nanoTime)) {
                    boolean progress = ProgressLine.stderrIsTerminal();
                    long[] written = {0};
                    CountingBlockStore[] fetched = {null};
                    Runnable show = () -> line.update(() -> "wrote " + ProgressLine.bytes(written[0])
                            + (fetched[0] == null ? "" : ", fetched " + fetched[0].blocks() + " blocks ("
                            + ProgressLine.bytes(fetched[0].bytes()) + ") from the network"));
                    OutputStream counted = progress ? ProgressLine.counting(file, n -> {
                        written[0] = n;
                        show.run();
                    }) : file;
                    EnvelopeSink out = new EnvelopeSink(counted, parsed, opener);
                    if (network.given()) {
                        try (var remote = network.open()) {
                            fetched[0] = progress ? new CountingBlockStore(remote, c -> show.run()) : null;
                            content.cat(parsed, out, progress ? fetched[0] : remote, true);
                        }
                    } else {
                        content.cat(parsed, out);
                    }
                    out.finish();
                }
            });
        }
        return 0;
    }
}
