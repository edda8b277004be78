package dev.defl.engine.protocol;

import java.util.Arrays;
import java.util.Random;

/**
 * Per-round client sampling with client fraction C (McMahan et al. 2017, "Communication-Efficient Learning of Deep
 * Networks from Decentralized Data", Algorithm 1: {@code m = max(C·K, 1)}, {@code S_t} = random set of m clients).
 *
 * <p>The draw is deterministic: round {@code r} of a run with seed {@code s} uses one
 * {@code java.util.Random(s * 0x9E3779B97F4A7C15L + r)} and takes the first m entries of a Fisher–Yates (Durstenfeld)
 * shuffle of {@code 0 .. N-1} (for {@code i = N-1 .. 1} swap {@code i} with {@code nextInt(i+1)}), i.e. m clients
 * without replacement; they are returned in ascending order, which is their submission order. With C = 1 the
 * result is {@code 0 .. N-1} and no random number is drawn.
 */
public final class ClientSampler {
    private ClientSampler() {
    }

    /**
     * Clients per round, {@code max(1, round(C·N))} with {@link Math#round(double)} (halves round up).
     *
     * @throws IllegalArgumentException unless {@code n >= 1} and {@code 0 < c <= 1}
     */
    public static int count(int n, double c) {
        if (n < 1) throw new IllegalArgumentException("clients N must be >= 1, got " + n);
        if (!(c > 0 && c <= 1)) throw new IllegalArgumentException("client fraction C must be in (0, 1], got " + c);
        return (int) Math.max(1, Math.round(c * n));
    }

    /**
     * The clients (0-based indices) that train in {@code round}.
     *
     * @param n     clients N
     * @param c     client fraction C, {@code 0 < C <= 1}
     * @param seed  the run's seed
     * @param round round number, from 1
     * @return {@link #count(int, double)} distinct indices in {@code [0, n)}, ascending
     * @throws IllegalArgumentException if {@code n} or {@code c} is out of range
     */
    public static int[] sample(int n, double c, long seed, int round) {
        int m = count(n, c);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        if (m == n) return all;
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + round);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, m);
        Arrays.sort(chosen);
        return chosen;
    }
}
