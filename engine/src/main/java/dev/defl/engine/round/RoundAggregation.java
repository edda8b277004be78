package dev.defl.engine.round;

import dev.defl.engine.learning.AggregationStrategy;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.engine.learning.StreamingAggregation;
import dev.defl.engine.learning.privacy.AdaptiveClipping;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.UpdateEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One round's aggregation, the same for every aggregator and for the auditor: the round's updates read from the
 * contract ({@link TaskContract#updates}: UpdateSubmitted events checked against the on-chain updates hash), put in
 * <b>canonical order</b>, each fetched by CID and checked against the task's model ({@link ModelFetcher}), aggregated
 * from the round's global model by the task's {@link AggregationStrategy} (bit-reproducible) and encoded as safetensors
 * with the task's metadata ({@link SafetensorsCodec#encode}). Equal inputs give equal bytes, hence one CID.
 *
 * <p>Canonical order: the clients' registration order ({@link TaskContract#registrationOrder}, the order of their
 * {@code ParticipantAdded} events), not the order in which their transactions happened to be mined, so the aggregate
 * does not depend on network timing; a one-process run, whose clients submit in registration order, gets the CIDs it
 * always had. A client that is not registered (impossible on the FederatedTasks contract) would come last, in
 * submission order.
 *
 * <p>Streaming: for plaintext updates in a store that reads ranges and a strategy with a streaming form (FedAvg,
 * FedProx, FedMedian, trimmed mean: {@link StreamingAggregation}), the updates are aggregated from the store range by
 * range ({@link StreamedRound}) instead of fetched whole: the same bytes, the same exceptions for the same update,
 * memory bounded by the range buffers ({@link #withStreamBuffer}) plus the output. Private tasks, stores without
 * ranged reads and the other strategies (Krum, the server optimizers) fetch every update whole.
 *
 * <p>Private task: each update is opened with the aggregator's {@link UpdateOpener} ({@link UpdateEnvelopes#opener})
 * before it is decoded; an update that cannot be opened (plaintext, not sealed for this aggregator, malformed or
 * tampered envelope) is left out of the aggregate and reported in {@link Aggregate#rejected()}, and the round goes on
 * with the others. A tampered or plaintext update fails for every aggregator, so honest aggregators still agree.
 */
public final class RoundAggregation {
    private final TaskContract contract;
    private final long taskId;
    private final ModelFetcher fetcher;
    private final Map<String, String> metadata;
    private Map<String, Integer> registration = Map.of();
    private UpdateOpener opener = UpdateOpener.PLAINTEXT;
    private AdaptiveClipping adaptive;
    private double initialClipNorm;
    private long streamBufferBytes = StreamingAggregation.DEFAULT_BUFFER_BYTES;

    /**
     * @param contract the task's contract (read only)
     * @param taskId   the task
     * @param fetcher  reads the updates, checking them against the task's model
     * @param metadata the {@code __metadata__} every model of the task carries (the initial model's)
     */
    public RoundAggregation(TaskContract contract, long taskId, ModelFetcher fetcher, Map<String, String> metadata) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.taskId = taskId;
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.metadata = Map.copyOf(metadata);
    }

    /**
     * Opens each update with {@code opener} before decoding it (a private task: {@link UpdateEnvelopes#opener}); updates
     * it cannot open are left out ({@link Aggregate#rejected()}).
     */
    public RoundAggregation withOpener(UpdateOpener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
        return this;
    }

    /** An update left out of a round because it could not be opened. */
    public record RejectedUpdate(String client, dev.defl.engine.content.Cid cid, String reason) {}

    /**
     * The aggregate of a round: the new global model, its safetensors file, how many updates went into it, the
     * updates left out (a private task's updates that could not be opened; updates that are not a model of the task or
     * hold NaN/±Inf values) and the screening report of the rest ({@link UpdateScreening}; empty for a round
     * aggregated from the store range by range).
     */
    public record Aggregate(ModelWeights weights, byte[] file, int updates, List<RejectedUpdate> rejected,
                            List<UpdateScreening.ScreenedUpdate> screened) {
        public Aggregate {
            rejected = List.copyOf(rejected);
            screened = List.copyOf(screened);
        }

        public Aggregate(ModelWeights weights, byte[] file, int updates, List<RejectedUpdate> rejected) {
            this(weights, file, updates, rejected, List.of());
        }
    }

    /**
     * This aggregation for a task with adaptive DP clipping ({@link AdaptiveClipping}): each aggregate's metadata also
     * carries the next round's clip norm, computed from the updates' noised bits, and {@code initialClipNorm} is the C
     * of a round whose global model carries none (round 1). Returns this.
     */
    public RoundAggregation withAdaptiveClipping(AdaptiveClipping adaptive, double initialClipNorm) {
        this.adaptive = Objects.requireNonNull(adaptive, "adaptive");
        this.initialClipNorm = initialClipNorm;
        return this;
    }

    /**
     * The round's updates in canonical order (see the class comment); in a Merkle-mode round the entries of the
     * committed manifest in manifest order, every signature, the clients and the root checked
     * ({@link CommittedManifest#read}).
     *
     * @throws IllegalStateException when the events do not match the on-chain commitment (a node that drops logs), or a
     *     Merkle round has no commitment yet
     * @throws IOException when a Merkle round's manifest cannot be read
     * @throws InvalidManifestException when a Merkle round's manifest is not one an honest aggregator commits (named)
     * @throws dev.defl.engine.ledger.ChainUnavailableException when the node does not answer
     */
    public List<UpdateEntry> updates(long round) throws IOException {
        if (contract.round(taskId, round).merkleMode()) {
            return CommittedManifest.read(contract, fetcher.content(), taskId, round).entries();
        }
        List<UpdateEntry> entries = contract.updates(taskId, round);
        if (entries.stream().anyMatch(e -> !registration.containsKey(key(e.client())))) {
            Map<String, Integer> order = new HashMap<>();
            List<String> clients = contract.registrationOrder(taskId, Role.CLIENT);
            for (int i = 0; i < clients.size(); i++) order.put(key(clients.get(i)), i);
            registration = order;
        }
        List<UpdateEntry> sorted = new ArrayList<>(entries); // stable: unregistered ones keep submission order
        sorted.sort(Comparator.comparingInt(e -> registration.getOrDefault(key(e.client()), Integer.MAX_VALUE)));
        return List.copyOf(sorted);
    }

    /**
     * Aggregates round {@code round}: {@link #updates}, fetched, then {@link #aggregate(long, List, ModelWeights,
     * AggregationStrategy)}.
     */
    public Aggregate aggregate(long round, ModelWeights global, AggregationStrategy working) throws IOException {
        return aggregate(round, updates(round), global, working);
    }

    /**
     * Fetches {@code entries} (in the order given), aggregates them from {@code global} with {@code working} (whose
     * server state advances; pass a {@link AggregationStrategy#copy()}) and encodes the result.
     *
     * @throws ModelUnavailableException when an update cannot be read (named: index, round, client, CID)
     * @throws InvalidModelException when an update is not a model of the task
     * @throws IllegalArgumentException when the strategy rejects the updates (none, too few for it, NaN/±Inf values;
     *     {@link dev.defl.engine.learning.InvalidUpdateException} names the update), also when every update was left out
     *     because none could be opened
     */
    public Aggregate aggregate(long round, List<UpdateEntry> entries, ModelWeights global, AggregationStrategy working)
            throws IOException {
        return aggregate(round, entries, global, null, working);
    }

    /**
     * As {@link #aggregate(long, ModelWeights, AggregationStrategy)}, with the global model's {@code __metadata__}
     * (with adaptive clipping it holds the round's clip norm; {@code null}: the initial one).
     */
    public Aggregate aggregate(long round, ModelWeights global, Map<String, String> globalMetadata,
                               AggregationStrategy working) throws IOException {
        return aggregate(round, updates(round), global, globalMetadata, working);
    }

    /**
     * As {@link #aggregate(long, List, ModelWeights, AggregationStrategy)}, with the global model's
     * {@code __metadata__} (with adaptive clipping it holds the round's clip norm; {@code null}: the initial one).
     *
     * @throws IllegalArgumentException also when the global model's clip norm metadata is malformed
     */
    public Aggregate aggregate(long round, List<UpdateEntry> entries, ModelWeights global,
                               Map<String, String> globalMetadata, AggregationStrategy working) throws IOException {
        var streamed = streamedRound(entries, global, working);
        if (streamed.isPresent()) {
            try {
                StreamedRound.Result r = streamed.get().aggregate(round, entries, global);
                return encode(r.weights(), r.metadata(), globalMetadata, entries.size(), List.of(), List.of());
            } catch (InvalidModelException | dev.defl.engine.learning.InvalidUpdateException e) {
                // an update that is not a model of the task or holds NaN/±Inf: the whole-update path below leaves it
                // out and goes on with the others, the same for every aggregator
            }
        }
        List<WeightedUpdate> updates = new ArrayList<>(entries.size());
        List<UpdateEntry> kept = new ArrayList<>(entries.size());
        List<Map<String, String>> updateMetadata = new ArrayList<>(entries.size());
        List<RejectedUpdate> rejected = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            UpdateEntry e = entries.get(k);
            String what = "update " + k + " (of " + entries.size() + ") of round " + round + " from client " + e.client();
            SafetensorsFile file;
            try {
                file = fetcher.update(e.cid(), e.client(), what, opener);
            } catch (UnreadableUpdateException | InvalidModelException x) {
                rejected.add(new RejectedUpdate(e.client(), e.cid(), x.getMessage()));
                continue;
            }
            updates.add(new WeightedUpdate(file.weights(), e.numSamples()));
            kept.add(e);
            updateMetadata.add(file.metadata());
        }
        while (true) {
            if (updates.isEmpty() && !rejected.isEmpty()) {
                throw new IllegalArgumentException("none of the " + entries.size() + " updates of round " + round
                        + " can be aggregated: " + rejected.getFirst().reason() + (rejected.size() > 1 ? " (and "
                        + (rejected.size() - 1) + " more)" : ""));
            }
            ModelWeights aggregate;
            try {
                aggregate = working.aggregate(global, updates);
            } catch (dev.defl.engine.learning.InvalidUpdateException x) {
                int k = x.updateIndex();
                if (k < 0 || k >= updates.size()) throw x;
                // NaN/±Inf values or a non-positive sample count: left out, as every honest aggregator leaves it out
                UpdateEntry e = kept.remove(k);
                updates.remove(k);
                updateMetadata.remove(k);
                rejected.add(new RejectedUpdate(e.client(), e.cid(), x.getMessage().replaceFirst("^update \\d+ ", "the update ")));
                continue;
            }
            List<UpdateScreening.ScreenedUpdate> screened = UpdateScreening.screen(working, global, kept, updates);
            return encode(aggregate, updateMetadata, globalMetadata, updates.size(), rejected, screened);
        }
    }

    private Aggregate encode(ModelWeights aggregate, List<Map<String, String>> updateMetadata,
                             Map<String, String> globalMetadata, int count, List<RejectedUpdate> rejected,
                             List<UpdateScreening.ScreenedUpdate> screened) {
        Map<String, String> out = metadata;
        if (adaptive != null) {
            double clip = AdaptiveClipping.clipNorm(globalMetadata, initialClipNorm);
            out = AdaptiveClipping.globalMetadata(metadata, adaptive.nextClipNorm(clip, updateMetadata));
        }
        return new Aggregate(aggregate, SafetensorsCodec.encode(aggregate, out), count, rejected, screened);
    }

    /**
     * Whether to aggregate from the store range by range ({@link StreamedRound}): when streaming is on, the updates
     * are plaintext (a private task's envelopes must be opened whole first), the store reads ranges
     * ({@link dev.defl.engine.content.ContentStore#rangeReader()}), the strategy has a streaming form
     * ({@link StreamingAggregation}) and the global model has the task's shapes.
     */
    private java.util.Optional<StreamedRound> streamedRound(List<UpdateEntry> entries, ModelWeights global,
                                                            AggregationStrategy working) {
        if (streamBufferBytes <= 0 || entries.isEmpty() || !opener.plaintext() || global == null) return java.util.Optional.empty();
        if (fetcher.reference() != null && !global.sameShapes(fetcher.reference())) return java.util.Optional.empty();
        var streaming = StreamingAggregation.of(working);
        var reader = fetcher.rangeReader();
        if (streaming.isEmpty() || reader.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(new StreamedRound(reader.get(), fetcher, streaming.get(), streamBufferBytes,
                StreamedRound.defaultParallelism()));
    }

    /**
     * Sets the range buffers of streaming aggregation, in bytes for all threads together
     * ({@link StreamingAggregation#DEFAULT_BUFFER_BYTES} by default); {@code 0} turns streaming off, so every update
     * is fetched and decoded whole (the path before streaming; same results). Returns this.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public RoundAggregation withStreamBuffer(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("stream buffer must be >= 0 bytes, got " + bytes);
        this.streamBufferBytes = bytes;
        return this;
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
