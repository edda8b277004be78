package dev.defl.engine.ledger;

/**
 * Cost of the scrypt key derivation (Percival, "Stronger key derivation via sequential memory-hard
 * functions", 2009; RFC 7914) used to encrypt new keystore files; r is always 8 (web3j, geth).
 * Memory per derivation is 128 * r * n bytes: 256 MiB for {@link #STANDARD}.
 *
 * @param n CPU/memory cost, a power of two greater than 1
 * @param p parallelization, at least 1
 */
public record ScryptCost(int n, int p) {
    /** geth's and web3j's standard parameters (n = 2^18, p = 1): about a second per derivation. */
    public static final ScryptCost STANDARD = new ScryptCost(1 << 18, 1);
    /** geth's and web3j's "light" parameters (n = 2^12, p = 6): for tests and low-memory devices. */
    public static final ScryptCost LIGHT = new ScryptCost(1 << 12, 6);

    public ScryptCost {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("scrypt n must be a power of two > 1, got " + n);
        }
        if (p < 1) {
            throw new IllegalArgumentException("scrypt p must be >= 1, got " + p);
        }
    }
}
