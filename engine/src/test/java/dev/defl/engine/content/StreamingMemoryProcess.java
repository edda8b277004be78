package dev.defl.engine.content;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a child JVM with a small heap by {@link StreamingMemoryTest}. Arguments: the bytes to hash only,
 * the bytes to add to and cat from a store, the store directory, the store's cache capacity in bytes.
 * Prints {@code only-hash-cid CID}, {@code only-hash-peak-heap BYTES}, {@code store-cid CID},
 * {@code store-sha256-match true|false}, {@code store-peak-heap BYTES} and {@code store-retained-heap BYTES},
 * one a line (also {@code only-hash-retained-heap BYTES}). Peak heap: the largest heap use seen just before
 * a GC (or at the end); retained heap: heap use after a full GC at the end of the case, store still open.
 */
final class StreamingMemoryProcess {
    private StreamingMemoryProcess() {
    }

    static final long SEED = 0x5EED_0003L;

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        long onlyHashBytes = Long.parseLong(args[0]);
        long storeBytes = Long.parseLong(args[1]);
        Path dir = Path.of(args[2]);
        long cacheBytes = Long.parseLong(args[3]);

        resetPeaks();
        Cid onlyHash = UnixFsImporter.onlyHash(ImportProfile.CIDV1_RAW_LEAVES).add(new GeneratedStream(onlyHashBytes, SEED));
        System.out.println("only-hash-cid " + onlyHash);
        System.out.println("only-hash-peak-heap " + peakHeap());
        System.out.println("only-hash-retained-heap " + retainedHeap());

        resetPeaks();
        var store = new EmbeddedContentStore(dir, ImportProfile.CIDV1_RAW_LEAVES, cacheBytes);
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        Cid added;
        try (InputStream in = new DigestInputStream(new GeneratedStream(storeBytes, SEED), written)) {
            added = store.add(in);
        }
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), read)) {
            store.cat(added, out);
        }
        String expected = HexFormat.of().formatHex(written.digest());
        String actual = HexFormat.of().formatHex(read.digest());
        System.out.println("store-cid " + added);
        System.out.println("store-sha256-match " + expected.equals(actual));
        System.out.println("store-peak-heap " + peakHeap());
        System.out.println("store-retained-heap " + retainedHeap() + " (cache " + store.cacheStats() + ")");
    }

    private static void resetPeaks() {
        System.gc();
        GC_WATCH.reset();
    }

    private static long peakHeap() {
        return GC_WATCH.peakBeforeGc();
    }

    /** Heap in use after a full GC, in bytes: what the work still retains. */
    private static long retainedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static final GcWatch GC_WATCH = GcWatch.install();

    /**
     * Listens to the JVM's GC notifications and keeps the largest total of the heap pools' use just before
     * a GC (the peak heap use), in bytes.
     */
    private static final class GcWatch implements NotificationListener {
        private final Set<String> heapPools = new HashSet<>();
        private final AtomicLong peakBefore = new AtomicLong();

        static GcWatch install() {
            GcWatch watch = new GcWatch();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) watch.heapPools.add(pool.getName());
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(watch, null, null);
            }
            return watch;
        }

        void reset() {
            peakBefore.set(0);
        }

        long peakBeforeGc() {
            return Math.max(peakBefore.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            peakBefore.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc()), Math::max);
        }

        private long heapUsed(Map<String, MemoryUsage> usage) {
            long sum = 0;
            for (var entry : usage.entrySet()) {
                if (heapPools.contains(entry.getKey())) sum += entry.getValue().getUsed();
            }
            return sum;
        }
    }
}
