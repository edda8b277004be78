package dev.defl.engine.content;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Run in a child JVM by {@link FileBlockStoreCrashTest}: puts 256 KiB random blocks into the store in
 * {@code args[0]} forever, printing "put CID" after each, until it is killed.
 */
final class BlockWriterProcess {
    private BlockWriterProcess() {
    }

    public static void main(String[] args) throws IOException {
        FileBlockStore store = new FileBlockStore(Path.of(args[0]));
        Random random = new Random(42);
        while (true) {
            byte[] block = new byte[262_144];
            random.nextBytes(block);
            Cid cid = Cid.of(1, Cid.RAW, block);
            store.put(cid, block);
            System.out.println("put " + cid);
            System.out.flush();
        }
    }
}
