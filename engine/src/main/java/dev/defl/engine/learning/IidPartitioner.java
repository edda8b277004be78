package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Random;

/**
 * IID partition of a training set over clients, as in the IID setting of McMahan et al. 2017
 * ("Communication-Efficient Learning of Deep Networks from Decentralized Data"): shuffle, then deal out equal shares.
 */
public final class IidPartitioner {
    private IidPartitioner() {
    }

    /**
     * Shuffles the row indices {@code 0 .. n-1} with {@code new java.util.Random(seed)} (Fisher–Yates from the end)
     * and cuts the result into {@code clients} contiguous slices; the first {@code n % clients} slices get one row more,
     * so sizes differ by at most 1. The slices are disjoint and together cover every row exactly once.
     *
     * @param n       number of rows
     * @param clients number of clients
     * @param seed    shuffle seed: same arguments give the same partition
     * @return {@code clients} arrays of row indices, shape {@code [clients][≈ n / clients]}
     * @throws IllegalArgumentException if {@code clients < 1} or {@code clients > n}
     */
    public static int[][] partition(int n, int clients, long seed) {
        if (clients < 1) throw new IllegalArgumentException("clients must be >= 1, got " + clients);
        if (clients > n) throw new IllegalArgumentException("cannot partition " + n + " rows over " + clients + " clients (more clients than rows)");
        int[] perm = SeededShuffle.permutation(n, new Random(seed));
        int[][] parts = new int[clients][];
        int base = n / clients;
        int extra = n % clients;
        int start = 0;
        for (int c = 0; c < clients; c++) {
            int size = base + (c < extra ? 1 : 0);
            parts[c] = Arrays.copyOfRange(perm, start, start + size);
            start += size;
        }
        return parts;
    }
}
