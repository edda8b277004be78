package dev.defl.engine.round;

import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentException;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.MalformedDagException;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.engine.learning.Tensor;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Fetches a model by CID from a content store (every block hash-verified by the store), decodes it (safetensors,
 * {@link SafetensorsCodec}) and checks its tensor names and shapes against the task's model: the one way every role
 * (client, aggregator, evaluator, auditor) reads a global model or an update.
 *
 * <p>The last model fetched is kept, so a role that reads the same global model twice in a round fetches it once.
 * Not thread-safe.
 */
public final class ModelFetcher {
    private final ContentStore content;
    private final ModelWeights reference;
    private final long maxFileBytes;
    private final boolean cache;
    private Cid cachedCid;
    private SafetensorsFile cached;

    /**
     * @param content      where models are read
     * @param reference    the task's model (its initial weights): every model must have its tensor names and shapes;
     *                     {@code null} to check nothing (reading the initial model itself)
     * @param maxFileBytes largest model file read, in bytes ({@link SafetensorsCodec#maxModelFileBytes}): a peer's CID
     *                     must not make this process read without bound
     */
    public ModelFetcher(ContentStore content, ModelWeights reference, long maxFileBytes) {
        this(content, reference, maxFileBytes, true);
    }

    private ModelFetcher(ContentStore content, ModelWeights reference, long maxFileBytes, boolean cache) {
        this.cache = cache;
        this.content = Objects.requireNonNull(content, "content");
        this.reference = reference;
        if (maxFileBytes < 1) throw new IllegalArgumentException("model file limit must be >= 1 byte, not " + maxFileBytes);
        this.maxFileBytes = maxFileBytes;
    }

    /** A fetcher for the task whose initial model is {@code reference}, its file limit sized from it. */
    public static ModelFetcher forModel(ContentStore content, ModelWeights reference) {
        long parameters = 0;
        for (Tensor t : reference.tensors().values()) parameters += t.values().length;
        return new ModelFetcher(content, reference, SafetensorsCodec.maxModelFileBytes(parameters));
    }

    /**
     * This fetcher without its one-model cache: for a role that reads each model once (a client reads the round's
     * global model once), so that many roles in one process ({@code defl run}) do not each keep a copy.
     */
    public ModelFetcher uncached() {
        return new ModelFetcher(content, reference, maxFileBytes, false);
    }

    /** The content store models are read from. */
    public ContentStore content() {
        return content;
    }

    /**
     * This fetcher with its one-model cache: for the clients of one process that train from the same global model
     * (the one-process {@code defl run} shares one among all its clients, which may fetch on several threads; the
     * cache is thread-safe, and the model is read and decoded once per round instead of once per client).
     */
    public ModelFetcher cached() {
        return new ModelFetcher(content, reference, maxFileBytes, true);
    }

    /** The task's model every fetched model is checked against, or {@code null}. */
    public ModelWeights reference() {
        return reference;
    }

    /**
     * Fetches, decodes and checks the model at {@code cid}.
     *
     * @param what what the model is, for messages (e.g. {@code "global model of round 2"})
     * @return the file: weights and {@code __metadata__}
     * @throws ModelUnavailableException when it cannot be read: missing, a block failing hash verification, not a
     *     UnixFS file, too large, or an I/O failure (the cause tells which; the message names {@code what} and the CID)
     * @throws InvalidModelException when it is not a safetensors file or has other tensor names or shapes than the
     *     reference
     */
    public SafetensorsFile fetch(Cid cid, String what) throws IOException {
        if (!cache) return decode(read(cid, what, maxFileBytes), cid, what);
        synchronized (this) { // threads sharing a caching fetcher read each model once
            if (cid.equals(cachedCid)) return cached;
            SafetensorsFile file = decode(read(cid, what, maxFileBytes), cid, what);
            cachedCid = cid;
            cached = file;
            return file;
        }
    }

    /**
     * Fetches a client's update, opens it with {@code opener} (a private task's envelope: {@link UpdateEnvelopes}),
     * then decodes and checks it as {@link #fetch}. Not cached. The size limit allows for an envelope's header.
     *
     * @return the opened file: weights and {@code __metadata__} (with adaptive clipping, the client's noised bit)
     * @param client the submitting client, 0x-hex, for messages
     * @throws UnreadableUpdateException when {@code opener} cannot open it (named: CID, client, cause)
     * @throws ModelUnavailableException as {@link #fetch}
     * @throws InvalidModelException as {@link #fetch}, for the opened file
     */
    public SafetensorsFile update(Cid cid, String client, String what, UpdateOpener opener) throws IOException {
        if (opener.plaintext()) return fetch(cid, what);
        long limit = Math.min(Integer.MAX_VALUE - 8L,
                maxFileBytes + dev.defl.engine.envelope.Envelope.overheadBytes(dev.defl.engine.envelope.Envelope.MAX_RECIPIENTS));
        return decode(opener.open(cid, client, read(cid, what, limit)), cid, what);
    }

    /**
     * Reads a private task's update as it is stored, without opening it: its envelope's bytes, every block
     * hash-verified, at most the task's model file limit plus the header of an envelope with the most recipients. For an
     * auditor without a committee key, who can check the envelope's header but not its content.
     *
     * @throws ModelUnavailableException as {@link #fetch}: missing, failing hash verification, not a UnixFS file, too
     *     large or unreadable (the message names {@code what} and the CID)
     */
    public byte[] sealedUpdate(Cid cid, String what) throws IOException {
        return read(cid, what, Math.min(Integer.MAX_VALUE - 8L,
                maxFileBytes + dev.defl.engine.envelope.Envelope.overheadBytes(dev.defl.engine.envelope.Envelope.MAX_RECIPIENTS)));
    }

    private byte[] read(Cid cid, String what, long maxFileBytes) throws IOException {
        try {
            return content.catBytes(cid, maxFileBytes);
        } catch (IOException e) {
            throw unavailable(what, cid, e);
        }
    }

    /** {@code e}, a failure to read {@code cid}, as the {@link ModelUnavailableException} that names it. */
    static ModelUnavailableException unavailable(String what, Cid cid, IOException e) {
        return switch (e) {
            case ModelUnavailableException already -> already;
            case ContentNotFoundException x -> new ModelUnavailableException(what + ": CID " + cid
                    + " is not in the content store (" + x.getMessage() + ")", x);
            case BlockVerificationException x -> new ModelUnavailableException(what + ": CID " + cid
                    + " failed hash verification (" + x.getMessage() + ")", x);
            case MalformedDagException x -> new ModelUnavailableException(what + ": CID " + cid
                    + " is not a UnixFS file (" + x.getMessage() + ")", x);
            default -> new ModelUnavailableException(what + ": CID " + cid + " cannot be read (" + e.getMessage() + ")", e);
        };
    }

    /** A file that is not safetensors ({@code e} says why), as the {@link InvalidModelException} that names it. */
    static InvalidModelException notSafetensors(String what, Cid cid, Exception e) {
        return new InvalidModelException(what + ": CID " + cid + " is not a safetensors file (" + e.getMessage() + ")", e);
    }

    private SafetensorsFile decode(byte[] bytes, Cid cid, String what) throws InvalidModelException {
        SafetensorsFile file;
        try {
            file = SafetensorsCodec.decode(bytes);
        } catch (IOException | IllegalArgumentException e) {
            throw notSafetensors(what, cid, e);
        }
        if (reference != null && !file.weights().sameShapes(reference)) {
            throw new InvalidModelException(what + ": CID " + cid + " has tensors " + shapes(file.weights())
                    + ", the task's model " + shapes(reference), null);
        }
        return file;
    }

    /** The largest model file this fetcher reads, in bytes. */
    long maxFileBytes() {
        return maxFileBytes;
    }

    /** The store's ranged reader, if it has one ({@link ContentStore#rangeReader()}). */
    java.util.Optional<dev.defl.engine.content.UnixFsRangeReader> rangeReader() {
        return content.rangeReader();
    }

    /** The weights of {@link #fetch}. */
    public ModelWeights weights(Cid cid, String what) throws IOException {
        return fetch(cid, what).weights();
    }

    /** Whether {@code e} is a model that is missing or unreadable, rather than damaged or invalid. */
    public static boolean missing(ContentException e) {
        Throwable cause = e instanceof ModelUnavailableException ? e.getCause() : e;
        return !(cause instanceof BlockVerificationException) && !(cause instanceof MalformedDagException);
    }

    /** {@code {name[shape], …}} in name order. */
    public static String shapes(ModelWeights w) {
        StringBuilder sb = new StringBuilder("{");
        for (var e : w.tensors().entrySet()) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(e.getKey()).append(Arrays.toString(e.getValue().shape()));
        }
        return sb.append('}').toString();
    }
}
