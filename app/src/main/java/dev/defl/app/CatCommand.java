package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.keys.EnvelopeSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;

/**
 * {@code defl cat CID [--ipfs URL,…]}: writes the content of a UnixFS file from the embedded store to stdout,
 * verifying every block; blocks the store lacks come from the {@code --ipfs} endpoints, without being kept.
 * When the reader of stdout goes away ({@code defl cat CID | head -c 100}), cat stops reading blocks and exits
 * with 141 (128 + SIGPIPE), printing nothing. Encrypted content (an envelope) is decrypted with the user's keystore
 * ({@link AccountOption}) and written only once it verifies.
 */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = "Write the content of CID from the embedded content store to stdout (every block hash-verified); "
                + "with --ipfs, blocks missing there are fetched from the endpoints (and not kept). "
                + "Progress goes to stderr only when stderr is a terminal and stdout is not (e.g. `defl cat CID > FILE`). "
                + "Encrypted content is decrypted with your keystore account (a recipient) and written only if it verifies.")
final class CatCommand implements Callable<Integer> {

    @ParentCommand
    DeflCommand parent;

    @Mixin
    ContentStoreOption store;

    @Mixin
    EndpointsOption network;

    @Mixin
    AccountOption account;

    @Parameters(index = "0", paramLabel = "CID", description = "CIDv0 (Qm…) or CIDv1 (b…).")
    String cid;

    @Override
    public Integer call() throws Exception {
        Cid parsed = Cid.parse(cid);
        var content = network.given() ? store.openOrCreate(ImportProfile.CIDV1_RAW_LEAVES) : store.openExisting();
        // Progress only when stderr is a terminal and stdout is not: never into piped content, never
        // interleaved with the content on the screen.
        boolean progress = ProgressLine.stderrOnlyIsTerminal();
        try (ProgressLine line = new ProgressLine(System.err, System::nanoTime)) {
            // not System.out, which swallows write errors: a closed pipe must stop the walk at once
            OutputStream buffered = new BufferedOutputStream(parent.contentStdout(), 1 << 16);
            OutputStream out = progress
                    ? ProgressLine.counting(buffered, n -> line.update(() -> "wrote " + ProgressLine.bytes(n) + " to stdout"))
                    : buffered;
            EnvelopeSink sink = new EnvelopeSink(out, parsed, account.opener(store.storeDirectory().getParent(), parent));
            if (network.given()) {
                try (var endpoints = network.open()) {
                    content.cat(parsed, sink, endpoints, false);
                }
            } else {
                content.cat(parsed, sink);
            }
            sink.finish();
            out.flush();
        }
        return 0;
    }
}
