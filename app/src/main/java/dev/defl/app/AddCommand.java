package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.content.UnixFsImporter;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.keys.SealingContentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code defl add FILE}: adds a file to the embedded store as a UnixFS DAG and prints its CID, the CID
 * {@code ipfs add} gives with the same options. With {@code --encrypt-for} it adds an envelope of the file
 * ({@link EncryptOption}) and prints the envelope's CID.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add FILE to the embedded content store as a UnixFS file and print its CID "
                + "(the CID of `ipfs add` with the same --cid-version). Progress goes to stderr on a terminal. "
                + "With --encrypt-for, the file is encrypted for those accounts and yours first, and the CID is the "
                + "envelope's (a line on stderr says for whom).")
final class AddCommand implements Callable<Integer> {

    @ParentCommand
    DeflCommand parent;

    @Mixin
    ContentStoreOption store;

    @Mixin
    EncryptOption encrypt;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "The file to add: a regular file, or a special file (character device, FIFO) read to its end, "
                    + "as `ipfs add` does (/dev/null adds the empty file).")
    Path file;

    @Option(names = "--cid-version", paramLabel = "0|1", defaultValue = "1",
            description = "1 (default): CIDv1 with raw leaves, as `ipfs add --cid-version=1`; 0: CIDv0, as plain `ipfs add`.")
    int cidVersion;

    @Option(names = "--only-hash", description = "Compute the CID only; store nothing.")
    boolean onlyHash;

    @Override
    public Integer call() throws Exception {
        ImportProfile profile = switch (cidVersion) {
            case 0 -> ImportProfile.CIDV0;
            case 1 -> ImportProfile.CIDV1_RAW_LEAVES;
            default -> throw new IllegalArgumentException("--cid-version must be 0 or 1, not " + cidVersion);
        };
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory; add takes one file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        // A special file (character device, FIFO) is read to its end as a stream, as `ipfs add` does:
        // /dev/null adds the empty file. Its size is not known beforehand (progress shows bytes read).
        long size = Files.isRegularFile(file) ? Files.size(file) : -1;
        if (encrypt.given() || encrypt.noSelf) return addEncrypted(profile, size);
        boolean progress = ProgressLine.stderrIsTerminal();
        Cid cid;
        try (ProgressLine line = new ProgressLine(System.err, System::nanoTime);
             InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            InputStream source = progress
                    ? ProgressLine.counting(in, read -> line.update(() -> "added "
                            + (size >= 0 ? ProgressLine.bytesOf(read, size) : ProgressLine.bytes(read))))
                    : in;
            if (onlyHash) {
                cid = UnixFsImporter.onlyHash(profile).add(source);
            } else {
                try (ContentStoreOption.Writable writable = store.openForWriting(profile)) {
                    cid = writable.store().add(source);
                }
            }
        }
        System.out.println(cid);
        return 0;
    }

    /** Seals the whole file (held in memory) for the recipients and adds the envelope. */
    private int addEncrypted(ImportProfile profile, long size) throws Exception {
        if (onlyHash) {
            throw new IllegalArgumentException("--only-hash with --encrypt-for: an envelope's CID differs with every "
                    + "encryption (fresh keys), so it cannot be computed beforehand");
        }
        if (size > Envelope.MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException(file + " has " + size + " bytes; encrypted files are held in memory, at most "
                    + Envelope.MAX_PLAINTEXT_BYTES);
        }
        EncryptOption.Plan plan = encrypt.plan(store.storeDirectory().getParent(), parent);
        Cid cid;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             ContentStoreOption.Writable writable = store.openForWriting(profile)) {
            cid = new SealingContentStore(writable.store(), plan.recipients()).add(in);
        }
        System.err.println(plan.line() + "; the CID is the envelope's");
        System.out.println(cid);
        return 0;
    }
}
