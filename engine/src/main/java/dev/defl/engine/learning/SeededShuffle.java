package dev.defl.engine.learning;

import java.util.Random;

/** Deterministic permutations: Fisher–Yates (Durstenfeld) shuffle driven by {@link java.util.Random}. */
final class SeededShuffle {
    private SeededShuffle() {
    }

    /** A permutation of {@code 0 .. n-1}: identity, then for {@code i = n-1 .. 1} swap {@code i} with {@code random.nextInt(i+1)}. */
    static int[] permutation(int n, Random random) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        shuffle(idx, random);
        return idx;
    }

    /** Shuffles {@code a} in place (Fisher–Yates, from the end). */
    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Splits {@code data} 80/20 after a seeded shuffle: the first {@code floor(0.8 n)} shuffled rows train, the rest test.
     */
    static DatasetSplit split8020(LabeledDataset data, long seed, String baseName) {
        int n = data.size();
        int[] perm = permutation(n, new Random(seed));
        int nTrain = (int) (n * 4L / 5);
        int[] train = java.util.Arrays.copyOfRange(perm, 0, nTrain);
        int[] test = java.util.Arrays.copyOfRange(perm, nTrain, n);
        return new DatasetSplit(data.subset(train, baseName + "/train"), data.subset(test, baseName + "/test"));
    }
}
