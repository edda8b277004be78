package dev.defl.engine.round;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentTooLargeException;
import dev.defl.engine.content.UnixFsRangeReader;
import dev.defl.engine.learning.CoordinateRanges;
import dev.defl.engine.learning.InvalidUpdateException;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFormatException;
import dev.defl.engine.learning.SafetensorsHeader;
import dev.defl.engine.learning.StreamingAggregation;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.ledger.UpdateEntry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One round's plaintext updates aggregated straight from the content store, range by range
 * ({@link StreamingAggregation} over {@link UnixFsRangeReader}): no update is ever held whole, so memory is the range
 * buffers ({@link StreamingAggregation#DEFAULT_BUFFER_BYTES} by default) plus the output, whatever N. Bit-identical to
 * fetching every update ({@link ModelFetcher}) and calling the strategy on them, and the same failures:
 *
 * <ol>
 *   <li>First each update's root block and safetensors header are read and checked, in canonical order: size within
 *       the model file limit, a valid header ({@link SafetensorsCodec#header}, as strict as a full decode), the task's
 *       tensor names and shapes.</li>
 *   <li>Then the ranges are aggregated in parallel; every block is read, so hash-verified, on the way.</li>
 *   <li>When anything fails (an unreadable or invalid update, a non-positive sample count, a NaN or infinity), the
 *       updates are checked again one at a time, in canonical order, as the in-memory path meets them: first every
 *       update read whole (each failure of reading or decoding, for the first update that has one), then each
 *       update's sample count and values. So the exception is the one the in-memory path throws, for the same
 *       update: {@link ModelUnavailableException}, {@link InvalidModelException}, or {@link InvalidUpdateException}
 *       (whose message here also names the client and the CID).</li>
 * </ol>
 */
public final class StreamedRound {
    /** Bytes read at a time when an update is checked whole after a failure. */
    private static final int CHECK_CHUNK_BYTES = 1 << 20;

    private final UnixFsRangeReader reader;
    private final ModelFetcher fetcher;
    private final StreamingAggregation streaming;
    private final long bufferBytes;
    private final int parallelism;

    /**
     * @param reader      the store's ranged reader ({@link dev.defl.engine.content.ContentStore#rangeReader()})
     * @param fetcher     the task's fetcher over the same store: its reference model (names, shapes) and file limit
     * @param streaming   the strategy's streaming form
     * @param bufferBytes range buffers of all threads together, bytes ({@link StreamingAggregation#rangeElements})
     * @param parallelism threads, the caller's included ({@link #defaultParallelism()})
     * @throws IllegalArgumentException if {@code bufferBytes} or {@code parallelism} is below 1
     */
    public StreamedRound(UnixFsRangeReader reader, ModelFetcher fetcher, StreamingAggregation streaming, long bufferBytes,
                         int parallelism) {
        if (bufferBytes < 1 || parallelism < 1) {
            throw new IllegalArgumentException("buffer bytes and parallelism must be >= 1, got " + bufferBytes + ", " + parallelism);
        }
        this.reader = Objects.requireNonNull(reader, "reader");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.streaming = Objects.requireNonNull(streaming, "streaming");
        this.bufferBytes = bufferBytes;
        this.parallelism = parallelism;
    }

    /** The aggregate and each update's {@code __metadata__}, in canonical order. */
    public record Result(ModelWeights weights, List<Map<String, String>> metadata) {
    }

    /** One update: its entry, what to call it, and (once read) its file and header. */
    private static final class Update {
        final UpdateEntry entry;
        final String what;
        UnixFsRangeReader.OpenFile file;
        SafetensorsHeader header;
        /** Data offset in the file of each tensor, in name order. */
        long[] tensorStart;

        Update(UpdateEntry entry, String what) {
            this.entry = entry;
            this.what = what;
        }

        Cid cid() {
            return entry.cid();
        }
    }

    /**
     * Aggregates {@code entries} (canonical order, at least one) of round {@code round} with {@code global}'s names and
     * shapes.
     *
     * @throws ModelUnavailableException as {@link ModelFetcher#fetch}, for the first update in order that has one
     * @throws InvalidModelException     as {@link ModelFetcher#fetch}
     * @throws InvalidUpdateException    for a non-positive sample count or a NaN/±Inf value (names index, client, CID,
     *                                   tensor, element)
     * @throws ArithmeticException       for FedAvg when the sample counts add up beyond {@code Long.MAX_VALUE}
     * @throws IllegalArgumentException  if {@code entries} is empty
     */
    public Result aggregate(long round, List<UpdateEntry> entries, ModelWeights global) throws IOException {
        if (entries.isEmpty()) throw new IllegalArgumentException(streaming.strategy().name() + " needs at least one update, got none");
        List<Update> updates = new ArrayList<>(entries.size());
        for (int k = 0; k < entries.size(); k++) {
            UpdateEntry e = entries.get(k);
            updates.add(new Update(e, "update " + k + " (of " + entries.size() + ") of round " + round + " from client " + e.client()));
        }
        SortedMap<String, long[]> shapes = new TreeMap<>();
        global.tensors().forEach((name, t) -> shapes.put(name, t.shape()));
        ModelWeights reference = fetcher.reference() != null ? fetcher.reference() : global;
        for (int k = 0; k < updates.size(); k++) {
            Update u = updates.get(k);
            try {
                open(u, reference);
            } catch (IOException first) {
                checkWhole(updates.subList(0, k));
                if (first instanceof InvalidModelException && u.file != null) checkWhole(List.of(u)); // read, then decoded
                throw first;
            }
        }
        long[] samples = new long[updates.size()];
        for (int k = 0; k < samples.length; k++) samples[k] = updates.get(k).entry.numSamples();
        ModelWeights result;
        try {
            result = streaming.aggregate(shapes, samples, (k, t, offset, dst, length) -> {
                Update u = updates.get(k);
                try {
                    u.file.read(u.tensorStart[t] + offset, dst, 0, length);
                } catch (IOException e) {
                    throw ModelFetcher.unavailable(u.what, u.cid(), e);
                }
            }, streaming.rangeElements(updates.size(), parallelism, bufferBytes), parallelism);
        } catch (IOException failed) {
            diagnose(updates, global);
            throw failed;
        }
        if (result == null) {
            diagnose(updates, global);
            throw new IllegalStateException(streaming.strategy().name() + " found an invalid update in round " + round
                    + " that validation did not name");
        }
        List<Map<String, String>> metadata = new ArrayList<>(updates.size());
        for (Update u : updates) metadata.add(u.header.metadata());
        return new Result(result, metadata);
    }

    /** Reads and checks {@code u}'s root and header against {@code reference}. */
    private void open(Update u, ModelWeights reference) throws IOException {
        long size;
        byte[] prefix;
        try {
            u.file = reader.open(u.cid());
            size = u.file.size();
            if (size > fetcher.maxFileBytes()) throw new ContentTooLargeException(u.cid(), "", fetcher.maxFileBytes());
            prefix = new byte[(int) Math.min(8, size)];
            u.file.read(0, prefix, 0, prefix.length);
        } catch (IOException e) {
            throw ModelFetcher.unavailable(u.what, u.cid(), e);
        }
        long n;
        try {
            n = SafetensorsCodec.headerLength(prefix, size);
        } catch (SafetensorsFormatException e) {
            throw ModelFetcher.notSafetensors(u.what, u.cid(), e);
        }
        byte[] head = Arrays.copyOf(prefix, (int) (8 + n));
        try {
            u.file.read(8, head, 8, (int) n);
        } catch (IOException e) {
            throw ModelFetcher.unavailable(u.what, u.cid(), e);
        }
        try {
            u.header = SafetensorsCodec.header(head, size);
        } catch (SafetensorsFormatException e) {
            throw ModelFetcher.notSafetensors(u.what, u.cid(), e);
        }
        SortedMap<String, SafetensorsHeader.Entry> byName = u.header.byName();
        boolean same = byName.keySet().equals(reference.tensors().keySet());
        for (Map.Entry<String, Tensor> e : reference.tensors().entrySet()) {
            SafetensorsHeader.Entry h = byName.get(e.getKey());
            same &= h != null && Arrays.equals(h.shape(), e.getValue().shape());
        }
        if (!same) {
            StringBuilder sb = new StringBuilder("{");
            byName.forEach((name, h) -> sb.append(sb.length() > 1 ? ", " : "").append(name).append(Arrays.toString(h.shape())));
            throw new InvalidModelException(u.what + ": CID " + u.cid() + " has tensors " + sb.append('}')
                    + ", the task's model " + ModelFetcher.shapes(reference), null);
        }
        u.tensorStart = new long[byName.size()];
        int t = 0;
        for (SafetensorsHeader.Entry h : byName.values()) u.tensorStart[t++] = u.header.dataStart() + h.begin();
    }

    /** Reads each of {@code updates} whole (every block verified), in order; throws the first failure, named. */
    private static void checkWhole(List<Update> updates) throws IOException {
        byte[] chunk = new byte[CHECK_CHUNK_BYTES];
        for (Update u : updates) {
            try {
                for (long at = 0; at < u.file.size(); at += chunk.length) {
                    u.file.read(at, chunk, 0, (int) Math.min(chunk.length, u.file.size() - at));
                }
            } catch (IOException e) {
                throw ModelFetcher.unavailable(u.what, u.cid(), e);
            }
        }
    }

    /**
     * After a failed streaming pass: the in-memory path's checks in its order (every update read whole, then each
     * update's sample count and values, then FedAvg's sample total); throws the first failure. Returns if all pass.
     */
    private void diagnose(List<Update> updates, ModelWeights global) throws IOException {
        checkWhole(updates);
        byte[] chunk = new byte[CHECK_CHUNK_BYTES];
        float[] values = new float[CHECK_CHUNK_BYTES / 4];
        for (int k = 0; k < updates.size(); k++) {
            Update u = updates.get(k);
            if (u.entry.numSamples() <= 0) {
                throw new InvalidUpdateException(k, "update " + k + " has numSamples " + u.entry.numSamples() + ", must be > 0");
            }
            int t = 0;
            for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
                long bytes = 4L * e.getValue().size();
                for (long at = 0; at < bytes; at += chunk.length) {
                    int len = (int) Math.min(chunk.length, bytes - at);
                    try {
                        u.file.read(u.tensorStart[t] + at, chunk, 0, len);
                    } catch (IOException x) {
                        throw ModelFetcher.unavailable(u.what, u.cid(), x);
                    }
                    ByteBuffer.wrap(chunk, 0, len).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, 0, len / 4);
                    for (int i = 0; i < len / 4; i++) {
                        if (!Float.isFinite(values[i])) {
                            throw new InvalidUpdateException(k, "update " + k + " tensor '" + e.getKey() + "' element "
                                    + (at / 4 + i) + " is " + values[i] + " (client " + u.entry.client() + ", CID " + u.cid() + ")");
                        }
                    }
                }
                t++;
            }
        }
        if (streaming.strategy() instanceof dev.defl.engine.learning.FedAvgStrategy) {
            long total = 0;
            for (Update u : updates) total = Math.addExact(total, u.entry.numSamples());
        }
    }

    /** Threads for a round: one per available processor, as the in-memory strategies use. */
    public static int defaultParallelism() {
        return CoordinateRanges.defaults().parallelism();
    }
}
