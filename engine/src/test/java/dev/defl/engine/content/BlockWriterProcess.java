package dev.defl.engine.content;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Run in a child JVM by {@link FileBlockStoreCrashTest}: puts 256 KiB random blocks into the store in
 * {@code args[0]} forever, printing "put CID" after each, until it is killed. With {@code args[1] = batch},
 * puts them through one {@link BlockStore.Batch}, committing after every 5 blocks and printing "put CID"
 * for those 5 only after the commit.
 */
final class BlockWriterProcess {
    private BlockWriterProcess() {
    }

    public static void main(String[] args) throws IOException {
        FileBlockStore store = new FileBlockStore(Path.of(args[0]));
        Random random = new Random(42);
        if (args.length > 1 && args[1].equals("batch")) {
            try (BlockStore.Batch batch = store.batch()) {
                java.util.List<Cid> uncommitted = new java.util.ArrayList<>();
                while (true) {
                    byte[] block = new byte[262_144];
                    random.nextBytes(block);
                    uncommitted.add(batch.put(1, Cid.RAW, block));
                    if (uncommitted.size() == 5) {
                        batch.commit();
                        for (Cid cid : uncommitted) {
                            System.out.println("put " + cid);
                        }
                        System.out.flush();
                        uncommitted.clear();
                    }
                }
            }
        }
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
