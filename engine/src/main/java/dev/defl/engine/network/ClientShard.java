package dev.defl.engine.network;

import dev.defl.engine.learning.IidPartitioner;
import dev.defl.engine.learning.LabeledDataset;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Which of its training rows a client trains on, as {@code defl node --shard K/N --samples M} chooses them: shard
 * {@code index} of an IID split of the training set into {@code count} shards ({@link IidPartitioner}, seeded by the
 * task seed, so clients of the same task agree on the split), then at most {@code maxSamples} rows of it.
 *
 * @param index      0-based shard, {@code 0 <= index < count}
 * @param count      shards, &ge; 1 (1 = the whole training set)
 * @param maxSamples most rows kept, &ge; 1 ({@link Integer#MAX_VALUE} = no cap)
 * @throws IllegalArgumentException naming the bad value
 */
public record ClientShard(int index, int count, int maxSamples) {
    /** The whole training set. */
    public static final ClientShard ALL = new ClientShard(0, 1, Integer.MAX_VALUE);

    public ClientShard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard must be K/N with 0 <= K < N, not " + index + "/" + count);
        }
        if (maxSamples < 1) throw new IllegalArgumentException("sample cap must be >= 1, not " + maxSamples);
    }

    /**
     * Parses {@code K/N} (blank = the whole set) and a sample cap (blank = none).
     *
     * @throws IllegalArgumentException quoting the text that is not {@code K/N} or not a positive whole number
     */
    public static ClientShard parse(String shard, String samples) {
        int k = 0, n = 1;
        if (shard != null && !shard.isBlank()) {
            String[] parts = shard.split("/");
            try {
                if (parts.length != 2) throw new NumberFormatException();
                k = Integer.parseInt(parts[0].strip());
                n = Integer.parseInt(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shard must be K/N with 0 <= K < N, not '" + shard + "'");
            }
            if (n < 1 || k < 0 || k >= n) {
                throw new IllegalArgumentException("shard must be K/N with 0 <= K < N, not '" + shard + "'");
            }
        }
        int cap = Integer.MAX_VALUE;
        if (samples != null && !samples.isBlank()) {
            try {
                cap = Integer.parseInt(samples.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sample cap must be a whole number, not '" + samples + "'");
            }
            if (cap < 1) throw new IllegalArgumentException("sample cap must be >= 1, not " + cap);
        }
        return new ClientShard(k, n, cap);
    }

    /** The client's rows of {@code train}, named after the shard (e.g. {@code digits/shard-0-of-2}). */
    public LabeledDataset select(LabeledDataset train, long seed) {
        int[] rows = IntStream.range(0, train.size()).toArray();
        String name = train.name();
        if (count > 1) {
            rows = IidPartitioner.partition(train.size(), count, seed)[index];
            name += "/shard-" + index + "-of-" + count;
        }
        if (maxSamples < rows.length) rows = Arrays.copyOf(rows, maxSamples);
        return train.subset(rows, name);
    }

    /** Mixed into the client's training seed: its shard index, as {@code defl node}. */
    public long salt() {
        return index;
    }
}
