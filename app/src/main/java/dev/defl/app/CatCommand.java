package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code defl cat CID}: writes the content of a UnixFS file from the embedded store to stdout, verifying every block. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = "Write the content of CID from the embedded content store to stdout (every block hash-verified).")
final class CatCommand implements Callable<Integer> {

    @ParentCommand
    DeflCommand parent;

    @Parameters(index = "0", paramLabel = "CID", description = "CIDv0 (Qm…) or CIDv1 (b…).")
    String cid;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Content store and chain state.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Cid parsed = Cid.parse(cid);
        Path dir = dataDir != null ? dataDir : parent.dataDir != null ? parent.dataDir : DataDirectory.defaultPath();
        Path storeDir = dir.resolve("ipfs");
        if (!Files.isDirectory(storeDir)) {
            throw new IllegalArgumentException("no content store at " + storeDir + " (wrong --data-dir?)");
        }
        var store = new EmbeddedContentStore(storeDir);
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        store.cat(parsed, out);
        out.flush();
        return 0;
    }
}
