package dev.defl.engine.round;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.content.UnixFsImporter;
import dev.defl.engine.learning.AggregationStrategy;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.StreamingAggregation;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.ledger.UpdateEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Streaming aggregation from a real embedded store ({@link StreamedRound}) against the path it replaces (each update
 * fetched whole by {@link ModelFetcher}, then the strategy): the same bytes and CID, and for broken updates the same
 * exception for the same update. Updates are stored with 1 KiB chunks and 4 links per node, so each is a DAG of several
 * levels and every range crosses leaves; tensor sizes are multiples of nothing.
 */
class StreamedRoundTest {
    private static final Map<String, String> META = Map.of("format", "pt");
    private static final ImportProfile SMALL = new ImportProfile(1, true, 1024, 4);

    @TempDir
    Path dir;

    private static ModelWeights model(SplittableRandom rnd) {
        Map<String, Tensor> t = new TreeMap<>();
        t.put("0.weight", new Tensor(new long[] {23, 31}, gaussian(rnd, 23 * 31)));
        t.put("0.bias", new Tensor(new long[] {23}, gaussian(rnd, 23)));
        t.put("2.weight", new Tensor(new long[] {3, 1001}, gaussian(rnd, 3 * 1001)));
        return new ModelWeights(t);
    }

    private static float[] gaussian(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextInt(10) == 0 ? 0x1p60f : (float) rnd.nextGaussian();
        return v;
    }

    private record Round(EmbeddedContentStore store, ModelWeights global, List<UpdateEntry> entries, List<byte[]> files) {
    }

    /** {@code n} updates with varying metadata (so their tensors start at different offsets), added to a store. */
    private Round round(long seed, int n) throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("store"), SMALL);
        SplittableRandom rnd = new SplittableRandom(seed);
        ModelWeights global = model(rnd);
        List<UpdateEntry> entries = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            byte[] file = SafetensorsCodec.encode(model(rnd), Map.of("client", "c".repeat(k)));
            files.add(file);
            entries.add(new UpdateEntry("0x" + String.format("%040x", k + 1), store.add(file), 1 + rnd.nextInt(100)));
        }
        return new Round(store, global, entries, files);
    }

    /** The store reopened, so that nothing is served from a block cache filled before a block was tampered with. */
    private EmbeddedContentStore reopen() throws IOException {
        return new EmbeddedContentStore(dir.resolve("store"), SMALL);
    }

    private static String what(int k, int n) {
        return "update " + k + " (of " + n + ") of round 1 from client 0x" + String.format("%040x", k + 1);
    }

    /** The path before streaming: every update fetched and decoded whole, then the strategy. */
    private static ModelWeights whole(EmbeddedContentStore store, Round r, AggregationStrategy s) throws IOException {
        ModelFetcher fetcher = ModelFetcher.forModel(store, r.global());
        List<WeightedUpdate> updates = new ArrayList<>();
        for (int k = 0; k < r.entries().size(); k++) {
            UpdateEntry e = r.entries().get(k);
            updates.add(new WeightedUpdate(fetcher.update(e.cid(), e.client(), what(k, r.entries().size()), UpdateOpener.PLAINTEXT)
                    .weights(), e.numSamples()));
        }
        return s.aggregate(r.global(), updates);
    }

    private static StreamedRound.Result streamed(EmbeddedContentStore store, Round r, AggregationStrategy s, long buffer)
            throws IOException {
        return new StreamedRound(store.rangeReader().orElseThrow(), ModelFetcher.forModel(store, r.global()),
                StreamingAggregation.of(s).orElseThrow(), buffer, 3).aggregate(1, r.entries(), r.global());
    }

    private static Cid cid(ModelWeights w) throws IOException {
        return UnixFsImporter.onlyHash(ImportProfile.CIDV1_RAW_LEAVES).add(SafetensorsCodec.encode(w, META));
    }

    @Test
    void everyStreamingStrategyGivesTheBytesAndCidOfTheWholeUpdatePath() throws IOException {
        Round r = round(17, 7);
        for (String name : List.of("fedavg", "fedprox", "fedmedian", "trimmed-mean")) {
            AggregationStrategy s = StrategySpec.of(name).create();
            ModelWeights expected = whole(r.store(), r, s);
            for (long buffer : new long[] {1, 50_000, StreamingAggregation.DEFAULT_BUFFER_BYTES}) {
                StreamedRound.Result got = streamed(r.store(), r, s, buffer);
                assertThat(SafetensorsCodec.encode(got.weights(), META)).as("%s, buffer %d", name, buffer)
                        .isEqualTo(SafetensorsCodec.encode(expected, META));
                assertThat(got.metadata().get(3)).containsEntry("client", "ccc");
            }
        }
        // a vector computed with the whole-update path before streaming existed (commit ecd1e7c): the CID must not move
        assertThat(cid(streamed(r.store(), r, StrategySpec.of("fedavg").create(), 50_000).weights()).toString())
                .isEqualTo(cid(whole(r.store(), r, StrategySpec.of("fedavg").create())).toString())
                .isEqualTo(FEDAVG_SEED_17_CID);
    }

    /** FedAvg of {@code round(17, 7)}, by the whole-update path. */
    static final String FEDAVG_SEED_17_CID = "bafkreighbyqmvulxi4npyl5onmcxqvjihhe32cl2cognftz2pyxmsjhqoq";

    /** Runs both paths on the store as it is now; they must fail alike (the streamed message may add client and CID). */
    private void bothFailAlike(Round r, String strategy, Class<? extends Throwable> type, String messageStart) throws IOException {
        EmbeddedContentStore store = reopen();
        Throwable old = catchThrowable(() -> whole(store, r, StrategySpec.of(strategy).create()));
        Throwable now = catchThrowable(() -> streamed(store, r, StrategySpec.of(strategy).create(), 50_000));
        assertThat(old).isInstanceOf(type).hasMessageStartingWith(messageStart);
        assertThat(now).isInstanceOf(type).hasMessageStartingWith(old.getMessage());
    }

    private void tamperLeaf(byte[] file, int offset) throws IOException {
        int from = offset / 1024 * 1024;
        Cid leaf = Cid.of(1, Cid.RAW, Arrays.copyOfRange(file, from, Math.min(file.length, from + 1024)));
        Path p = reopen().blockStore().blockPath(leaf);
        byte[] b = Files.readAllBytes(p);
        b[3] ^= 0x40;
        p.toFile().setWritable(true);
        Files.write(p, b);
    }

    @Test
    void aNanIsNamedWithTheUpdateItsClientAndItsCid() throws IOException {
        Round r = round(5, 4);
        ModelWeights bad = model(new SplittableRandom(99));
        bad.tensor("2.weight").values()[2002] = Float.NaN;
        byte[] file = SafetensorsCodec.encode(bad, Map.of());
        List<UpdateEntry> entries = new ArrayList<>(r.entries());
        Cid cid = r.store().add(file);
        entries.set(2, new UpdateEntry(entries.get(2).client(), cid, 5));
        Round broken = new Round(r.store(), r.global(), entries, r.files());
        for (String s : List.of("fedavg", "fedmedian", "trimmed-mean")) {
            bothFailAlike(broken, s, IllegalArgumentException.class, "update 2 tensor '2.weight' element 2002 is NaN");
            assertThatThrownBy(() -> streamed(reopen(), broken, StrategySpec.of(s).create(), 50_000))
                    .hasMessage("update 2 tensor '2.weight' element 2002 is NaN (client " + entries.get(2).client() + ", CID " + cid + ")");
        }
    }

    @Test
    void aTamperedBlockIsNamedAsTheWholeUpdatePathNamesIt() throws IOException {
        Round r = round(6, 4);
        tamperLeaf(r.files().get(1), r.files().get(1).length - 500); // in the last tensor's data
        bothFailAlike(r, "fedavg", ModelUnavailableException.class, what(1, 4) + ": CID " + r.entries().get(1).cid() + " failed hash verification");
    }

    @Test
    void aReadFailureOfAnEarlierUpdateComesBeforeABadHeaderOrANanOfALaterOne() throws IOException {
        Round r = round(8, 4);
        List<UpdateEntry> entries = new ArrayList<>(r.entries());
        Cid garbage = r.store().add("not a safetensors file at all".getBytes());
        entries.set(3, new UpdateEntry(entries.get(3).client(), garbage, 5));
        ModelWeights nan = model(new SplittableRandom(1));
        nan.tensor("0.bias").values()[0] = Float.POSITIVE_INFINITY;
        entries.set(0, new UpdateEntry(entries.get(0).client(), r.store().add(SafetensorsCodec.encode(nan, Map.of())), 5));
        Round broken = new Round(r.store(), r.global(), entries, r.files());
        bothFailAlike(broken, "fedavg", InvalidModelException.class, what(3, 4) + ": CID " + garbage + " is not a safetensors file");
        tamperLeaf(r.files().get(2), 5000);
        bothFailAlike(broken, "fedmedian", ModelUnavailableException.class, what(2, 4) + ": CID " + r.entries().get(2).cid());
    }

    @Test
    void anUpdateOfOtherShapesIsNamedWithTheShapes() throws IOException {
        Round r = round(9, 3);
        Map<String, Tensor> t = new TreeMap<>(model(new SplittableRandom(2)).tensors());
        t.put("0.bias", new Tensor(new long[] {24}, new float[24]));
        Cid wrong = r.store().add(SafetensorsCodec.encode(new ModelWeights(t), Map.of()));
        List<UpdateEntry> entries = new ArrayList<>(r.entries());
        entries.set(1, new UpdateEntry(entries.get(1).client(), wrong, 5));
        bothFailAlike(new Round(r.store(), r.global(), entries, r.files()), "trimmed-mean", InvalidModelException.class,
                what(1, 3) + ": CID " + wrong + " has tensors {0.bias[24], 0.weight[23, 31], 2.weight[3, 1001]}, the task's model");
    }

    @Test
    void aFileOverTheModelLimitIsRefusedWithoutReadingIt() throws IOException {
        Round r = round(10, 2);
        byte[] big = new byte[(int) SafetensorsCodec.maxModelFileBytes(23 * 31 + 23 + 3 * 1001) + 1];
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 2);
        Cid cid = r.store().add(big);
        List<UpdateEntry> entries = new ArrayList<>(r.entries());
        entries.set(0, new UpdateEntry(entries.get(0).client(), cid, 5));
        bothFailAlike(new Round(r.store(), r.global(), entries, r.files()), "fedavg", ModelUnavailableException.class,
                what(0, 2) + ": CID " + cid + " cannot be read");
    }
}
