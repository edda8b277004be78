package dev.defl.engine.learning;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sorts blocks of columns with the Vector API ({@code jdk.incubator.vector}, JEP 508), about twice as fast as
 * {@link ColumnSortingNetwork} on AVX-512. Used only when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * (see {@link SortedColumns#sorter}); same bits as {@link java.util.Arrays#sort(float[])} on every column.
 *
 * <p>Three changes against the portable network, each keeping the result:
 * <ul>
 *   <li><b>Integer keys.</b> Each float's bits {@code i} become {@code i ^ ((i >> 31) & 0x7fffffff)}, a signed int whose
 *   order is the float order of {@code Arrays.sort} ({@code -0.0 < 0.0}; equal floats are equal bits). One
 *   {@code vpminsd}/{@code vpmaxsd} per compare-exchange instead of the blends Java's float min/max needs. The map is its
 *   own inverse.</li>
 *   <li><b>Bitonic sorting network</b> (K. E. Batcher 1968, "Sorting networks and their applications", AFIPS SJCC) in
 *   its all-ascending form: each merge phase of size {@code s} starts with the "flip" layer {@code (b+i, b+s−1−i)}, then
 *   half-cleaners of stride {@code s/4 … 1}. All compare-exchanges put the smaller value at the lower row, so rows
 *   {@code >= n} act as {@code +∞} and every compare-exchange touching one is left out. Layers of stride ≤ 8 stay
 *   within aligned blocks of 16 rows, so they run on 16 vector registers ({@link VectorSortKernels}) with one load
 *   and one store per row instead of one per compare-exchange.</li>
 *   <li><b>Pruning to the rows a reducer reads</b> ({@code rowsFrom .. rowsTo}): walking the network backwards, a
 *   compare-exchange neither of whose rows is needed later is left out (a median needs 1–2 rows).</li>
 * </ul>
 * Non-finite input is found while loading (exponent all ones) rather than from the sorted ends.
 */
final class VectorColumnSorter implements SortedColumns.Sorter {
    private static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;
    /** Floats of the same vector size, so the same lane count as {@link #S}. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Columns sorted at once and the row stride of the key scratch: {@link SortedColumns#BLOCK}, a multiple of every vector length. */
    static final int STRIDE = SortedColumns.BLOCK;
    private static final int EXPONENT = 0x7f800000;

    private final int n;
    private final int rowsFrom;
    private final int rowsTo;
    private final int lanes = S.length();
    private final List<Pass> passes;

    /** One step of the plan: compare-exchanges run in order, or a 16-row kernel on some aligned blocks. */
    private sealed interface Pass permits Pairs, Blocks, Groups {
    }

    /**
     * The layers of a merge phase that stride 16 rows or more (its flip and half-cleaners of stride ≥ 16), fused: they
     * split the rows into closed groups of {@code size} rows (4, 8 or 16) on which those layers are a bitonic merge
     * phase of that size, run in registers. {@code at} holds each group's rows as key offsets, ascending.
     */
    private record Groups(int size, int[] at) implements Pass {
    }

    private record Pairs(int[] lo, int[] hi) implements Pass {
    }

    private record Blocks(boolean sort, int[] blocks) implements Pass {
    }

    /**
     * @param n        values per column, ≥ 1
     * @param rowsFrom first sorted row the caller reads
     * @param rowsTo   one past the last sorted row the caller reads, {@code rowsFrom < rowsTo <= n}
     */
    VectorColumnSorter(int n, int rowsFrom, int rowsTo) {
        if (n < 1 || rowsFrom < 0 || rowsFrom >= rowsTo || rowsTo > n) {
            throw new IllegalArgumentException("rows " + rowsFrom + ".." + rowsTo + " of " + n);
        }
        this.n = n;
        this.rowsFrom = rowsFrom;
        this.rowsTo = rowsTo;
        this.passes = prune(plan(n), n, rowsFrom, rowsTo);
    }

    /** The whole network for {@code n}, before pruning. */
    private static List<Pass> plan(int n) {
        List<Pass> plan = new ArrayList<>();
        int p = 16;
        while (p < n) p <<= 1;
        int full = n / 16;
        int partial = full * 16; // first row of the partial block, == n when there is none
        int[] all = new int[full];
        for (int b = 0; b < full; b++) all[b] = b;
        plan.add(new Blocks(true, all));
        List<int[]> pairs = new ArrayList<>();
        for (int size = 2; size <= 16; size *= 2) {
            flip(pairs, partial, partial + 16, size);
            for (int s = size / 4; s >= 1; s /= 2) halfCleaner(pairs, partial, partial + 16, s);
        }
        plan.add(pairs(pairs, n));
        for (int size = 32; size <= p; size *= 2) {
            int fusedRows = size / 16; // rows per group when the layers of stride >= 16 are fused
            if (fusedRows >= 4 && fusedRows <= 16) {
                groups(plan, size, p, n, fusedRows);
            } else {
                flip(pairs, 0, p, size);
                plan.add(pairs(pairs, n));
                for (int s = size / 4; s >= 16; s /= 2) {
                    halfCleaner(pairs, 0, p, s);
                    plan.add(pairs(pairs, n));
                }
            }
            plan.add(new Blocks(false, all));
            for (int s = 8; s >= 1; s /= 2) halfCleaner(pairs, partial, partial + 16, s);
            plan.add(pairs(pairs, n));
        }
        return plan;
    }

    /**
     * The layers of stride ≥ 16 of merge phase {@code size}: groups wholly below {@code n} as one {@link Groups} pass,
     * the others' compare-exchanges (rows {@code >= n} left out) as a {@link Pairs} pass; the two touch disjoint rows.
     */
    private static void groups(List<Pass> plan, int size, int p, int n, int rows) {
        List<int[]> layers = new ArrayList<>();
        flip(layers, 0, p, size);
        for (int s = size / 4; s >= 16; s /= 2) halfCleaner(layers, 0, p, s);
        int[] parent = new int[p];
        for (int x = 0; x < p; x++) parent[x] = x;
        for (int[] c : layers) parent[root(parent, c[0])] = root(parent, c[1]);
        List<Integer> whole = new ArrayList<>();
        boolean[] partial = new boolean[p];
        java.util.SortedMap<Integer, List<Integer>> byRoot = new java.util.TreeMap<>(); // rows ascending in each group
        for (int y = 0; y < p; y++) byRoot.computeIfAbsent(root(parent, y), r -> new ArrayList<>()).add(y);
        for (List<Integer> group : byRoot.values()) {
            if (group.size() != rows) throw new IllegalStateException("merge phase " + size + ": a group of " + group.size() + " rows");
            if (group.getLast() < n) {
                for (int y : group) whole.add(y * STRIDE);
            } else {
                for (int y : group) partial[y] = true;
            }
        }
        plan.add(new Groups(rows, whole.stream().mapToInt(Integer::intValue).toArray()));
        List<int[]> rest = new ArrayList<>();
        for (int[] c : layers) if (partial[c[0]]) rest.add(c);
        plan.add(pairs(rest, n));
    }

    private static int root(int[] parent, int x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }

    private static void flip(List<int[]> pairs, int from, int to, int size) {
        for (int b = from; b < to; b += size) for (int i = 0; i < size / 2; i++) pairs.add(new int[] {b + i, b + size - 1 - i});
    }

    private static void halfCleaner(List<int[]> pairs, int from, int to, int stride) {
        for (int x = from; x < to; x++) if ((x & stride) == 0) pairs.add(new int[] {x, x + stride});
    }

    /** The pairs collected so far that touch rows below {@code n} only (rows {@code >= n} hold +∞ and never move); clears the list. */
    private static Pairs pairs(List<int[]> pairs, int n) {
        int[] lo = pairs.stream().filter(c -> c[1] < n).mapToInt(c -> c[0]).toArray();
        int[] hi = pairs.stream().filter(c -> c[1] < n).mapToInt(c -> c[1]).toArray();
        pairs.clear();
        return new Pairs(lo, hi);
    }

    /** Leaves out every step whose rows no needed row depends on, walking the plan backwards. */
    private static List<Pass> prune(List<Pass> plan, int n, int rowsFrom, int rowsTo) {
        boolean[] needed = new boolean[Math.max(n, 16 * ((n + 15) / 16))];
        Arrays.fill(needed, rowsFrom, rowsTo, true);
        List<Pass> kept = new ArrayList<>();
        for (int q = plan.size() - 1; q >= 0; q--) {
            switch (plan.get(q)) {
                case Pairs(int[] lo, int[] hi) -> {
                    int[] klo = new int[lo.length];
                    int[] khi = new int[hi.length];
                    int count = 0;
                    for (int c = lo.length - 1; c >= 0; c--) {
                        if (!needed[lo[c]] && !needed[hi[c]]) continue;
                        needed[lo[c]] = needed[hi[c]] = true;
                        klo[count] = lo[c];
                        khi[count++] = hi[c];
                    }
                    if (count == 0) continue;
                    int[] a = new int[count];
                    int[] b = new int[count];
                    for (int c = 0; c < count; c++) {
                        a[c] = klo[count - 1 - c];
                        b[c] = khi[count - 1 - c];
                    }
                    kept.add(new Pairs(a, b));
                }
                case Groups(int size, int[] at) -> {
                    int[] k = new int[at.length];
                    int count = 0;
                    for (int g = 0; g < at.length; g += size) {
                        boolean any = false;
                        for (int r = g; r < g + size; r++) any |= needed[at[r] / STRIDE];
                        if (!any) continue;
                        for (int r = g; r < g + size; r++) needed[at[r] / STRIDE] = true;
                        System.arraycopy(at, g, k, count, size);
                        count += size;
                    }
                    if (count > 0) kept.add(new Groups(size, Arrays.copyOf(k, count)));
                }
                case Blocks(boolean sort, int[] blocks) -> {
                    int[] k = Arrays.stream(blocks).filter(b -> {
                        for (int r = 16 * b; r < 16 * b + 16; r++) if (needed[r]) return true;
                        return false;
                    }).toArray();
                    if (k.length == 0) continue;
                    for (int b : k) Arrays.fill(needed, 16 * b, 16 * b + 16, true);
                    kept.add(new Blocks(sort, k));
                }
            }
        }
        return List.copyOf(kept.reversed());
    }

    /** Int lanes per vector on this machine (16 with AVX-512, 8 with AVX2). */
    static int lanes() {
        return S.length();
    }

    @Override
    public int block() {
        return STRIDE;
    }

    @Override
    public SortedColumns.Scratch scratch() {
        return new SortedColumns.Scratch(new float[n][STRIDE], new int[n * STRIDE]);
    }

    @Override
    public boolean sort(float[][] src, int srcFrom, int width, SortedColumns.Scratch scratch) {
        int[] keys = scratch.keys();
        int padded = (width + lanes - 1) / lanes * lanes;
        if (!load(src, srcFrom, width, padded, keys)) return false;
        for (Pass pass : passes) {
            switch (pass) {
                case Pairs(int[] lo, int[] hi) -> {
                    for (int c = 0; c < lo.length; c++) {
                        int x = lo[c] * STRIDE;
                        int y = hi[c] * STRIDE;
                        for (int j = 0; j < padded; j += lanes) {
                            IntVector u = IntVector.fromArray(S, keys, x + j);
                            IntVector v = IntVector.fromArray(S, keys, y + j);
                            u.min(v).intoArray(keys, x + j);
                            u.max(v).intoArray(keys, y + j);
                        }
                    }
                }
                case Groups(int size, int[] at) -> {
                    for (int g = 0; g < at.length; g += size) {
                        switch (size) {
                            case 4 -> VectorSortKernels.group4(keys, at, g, padded);
                            case 8 -> VectorSortKernels.group8(keys, at, g, padded);
                            default -> VectorSortKernels.group16(keys, at, g, padded);
                        }
                    }
                }
                case Blocks(boolean sort, int[] blocks) -> {
                    for (int b : blocks) {
                        if (sort) {
                            VectorSortKernels.sort16(keys, b * 16 * STRIDE, padded);
                        } else {
                            VectorSortKernels.merge16(keys, b * 16 * STRIDE, padded);
                        }
                    }
                }
            }
        }
        float[][] rows = scratch.rows();
        for (int k = rowsFrom; k < rowsTo; k++) {
            int o = k * STRIDE;
            float[] row = rows[k];
            for (int j = 0; j < padded; j += lanes) key(IntVector.fromArray(S, keys, o + j)).reinterpretAsFloats().intoArray(row, j);
        }
        return true;
    }

    /**
     * All rows of {@code src} as keys, columns {@code width .. padded} as 0. Every row is read, needed or not, so that a
     * NaN anywhere is found.
     *
     * @return false when some value was NaN or infinite
     */
    private boolean load(float[][] src, int srcFrom, int width, int padded, int[] keys) {
        IntVector worst = IntVector.zero(S); // the largest |bits|: ≥ EXPONENT iff some value was NaN or infinite
        boolean badTail = false;
        for (int k = 0; k < n; k++) {
            float[] s = src[k];
            int o = k * STRIDE;
            int j = 0;
            for (; j + lanes <= width; j += lanes) {
                IntVector bits = FloatVector.fromArray(F, s, srcFrom + j).reinterpretAsInts();
                worst = worst.max(bits.and(0x7fffffff));
                key(bits).intoArray(keys, o + j);
            }
            for (; j < width; j++) {
                int bits = Float.floatToRawIntBits(s[srcFrom + j]);
                badTail |= (bits & EXPONENT) == EXPONENT;
                keys[o + j] = bits ^ ((bits >> 31) & 0x7fffffff);
            }
            Arrays.fill(keys, o + width, o + padded, 0);
        }
        return !badTail && worst.reduceLanes(VectorOperators.MAX) < EXPONENT;
    }

    /** The order-preserving map between float bits and int keys, its own inverse. */
    private static IntVector key(IntVector bits) {
        return bits.lanewise(VectorOperators.XOR, bits.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.AND, 0x7fffffff));
    }
}
