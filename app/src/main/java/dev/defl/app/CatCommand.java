package dev.defl.app;

import dev.defl.engine.content.Cid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;

/** {@code defl cat CID}: writes the content of a UnixFS file from the embedded store to stdout, verifying every block. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = "Write the content of CID from the embedded content store to stdout (every block hash-verified).")
final class CatCommand implements Callable<Integer> {

    @Mixin
    ContentStoreOption store;

    @Parameters(index = "0", paramLabel = "CID", description = "CIDv0 (Qm…) or CIDv1 (b…).")
    String cid;

    @Override
    public Integer call() throws Exception {
        Cid parsed = Cid.parse(cid);
        var content = store.openExisting();
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        content.cat(parsed, out);
        out.flush();
        return 0;
    }
}
