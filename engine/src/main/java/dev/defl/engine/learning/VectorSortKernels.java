package dev.defl.engine.learning;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register kernels of {@link VectorColumnSorter}: compare-exchange networks on 4, 8 or 16 rows of int keys, each row
 * held in one vector register for the whole kernel, so that a row is loaded and stored once per kernel instead of once
 * per compare-exchange. Generated straight-line code (a loop over the pairs would put the rows back in memory); a
 * compare-exchange {@code (a, b)} leaves the min in row a and the max in row b. Rows are {@code width} ints from their
 * offset into {@code m}, {@code width} a multiple of the lane count.
 */
final class VectorSortKernels {
    private static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    /** Row stride of the key scratch. */
    private static final int STRIDE = VectorColumnSorter.STRIDE;

    private VectorSortKernels() {
    }

    /** A bitonic merge phase of size 4 (4 compare-exchanges) on rows at the key offsets {@code at[g .. g+4)}. */
    static void group4(int[] m, int[] at, int g, int width) {
        int o0 = at[g + 0];
        int o1 = at[g + 1];
        int o2 = at[g + 2];
        int o3 = at[g + 3];
        for (int j = 0; j < width; j += LANES) {
            IntVector r0 = IntVector.fromArray(S, m, o0 + j);
            IntVector r1 = IntVector.fromArray(S, m, o1 + j);
            IntVector r2 = IntVector.fromArray(S, m, o2 + j);
            IntVector r3 = IntVector.fromArray(S, m, o3 + j);
            IntVector t;
            t = r0.min(r3); r3 = r0.max(r3); r0 = t;
            t = r1.min(r2); r2 = r1.max(r2); r1 = t;
            t = r0.min(r1); r1 = r0.max(r1); r0 = t;
            t = r2.min(r3); r3 = r2.max(r3); r2 = t;
            r0.intoArray(m, o0 + j);
            r1.intoArray(m, o1 + j);
            r2.intoArray(m, o2 + j);
            r3.intoArray(m, o3 + j);
        }
    }

    /** A bitonic merge phase of size 8 (12 compare-exchanges) on rows at the key offsets {@code at[g .. g+8)}. */
    static void group8(int[] m, int[] at, int g, int width) {
        int o0 = at[g + 0];
        int o1 = at[g + 1];
        int o2 = at[g + 2];
        int o3 = at[g + 3];
        int o4 = at[g + 4];
        int o5 = at[g + 5];
        int o6 = at[g + 6];
        int o7 = at[g + 7];
        for (int j = 0; j < width; j += LANES) {
            IntVector r0 = IntVector.fromArray(S, m, o0 + j);
            IntVector r1 = IntVector.fromArray(S, m, o1 + j);
            IntVector r2 = IntVector.fromArray(S, m, o2 + j);
            IntVector r3 = IntVector.fromArray(S, m, o3 + j);
            IntVector r4 = IntVector.fromArray(S, m, o4 + j);
            IntVector r5 = IntVector.fromArray(S, m, o5 + j);
            IntVector r6 = IntVector.fromArray(S, m, o6 + j);
            IntVector r7 = IntVector.fromArray(S, m, o7 + j);
            IntVector t;
            t = r0.min(r7); r7 = r0.max(r7); r0 = t;
            t = r1.min(r6); r6 = r1.max(r6); r1 = t;
            t = r2.min(r5); r5 = r2.max(r5); r2 = t;
            t = r3.min(r4); r4 = r3.max(r4); r3 = t;
            t = r0.min(r2); r2 = r0.max(r2); r0 = t;
            t = r1.min(r3); r3 = r1.max(r3); r1 = t;
            t = r4.min(r6); r6 = r4.max(r6); r4 = t;
            t = r5.min(r7); r7 = r5.max(r7); r5 = t;
            t = r0.min(r1); r1 = r0.max(r1); r0 = t;
            t = r2.min(r3); r3 = r2.max(r3); r2 = t;
            t = r4.min(r5); r5 = r4.max(r5); r4 = t;
            t = r6.min(r7); r7 = r6.max(r7); r6 = t;
            r0.intoArray(m, o0 + j);
            r1.intoArray(m, o1 + j);
            r2.intoArray(m, o2 + j);
            r3.intoArray(m, o3 + j);
            r4.intoArray(m, o4 + j);
            r5.intoArray(m, o5 + j);
            r6.intoArray(m, o6 + j);
            r7.intoArray(m, o7 + j);
        }
    }

    /** A bitonic merge phase of size 16 (32 compare-exchanges) on rows at the key offsets {@code at[g .. g+16)}. */
    static void group16(int[] m, int[] at, int g, int width) {
        int o0 = at[g + 0];
        int o1 = at[g + 1];
        int o2 = at[g + 2];
        int o3 = at[g + 3];
        int o4 = at[g + 4];
        int o5 = at[g + 5];
        int o6 = at[g + 6];
        int o7 = at[g + 7];
        int o8 = at[g + 8];
        int o9 = at[g + 9];
        int o10 = at[g + 10];
        int o11 = at[g + 11];
        int o12 = at[g + 12];
        int o13 = at[g + 13];
        int o14 = at[g + 14];
        int o15 = at[g + 15];
        for (int j = 0; j < width; j += LANES) {
            IntVector r0 = IntVector.fromArray(S, m, o0 + j);
            IntVector r1 = IntVector.fromArray(S, m, o1 + j);
            IntVector r2 = IntVector.fromArray(S, m, o2 + j);
            IntVector r3 = IntVector.fromArray(S, m, o3 + j);
            IntVector r4 = IntVector.fromArray(S, m, o4 + j);
            IntVector r5 = IntVector.fromArray(S, m, o5 + j);
            IntVector r6 = IntVector.fromArray(S, m, o6 + j);
            IntVector r7 = IntVector.fromArray(S, m, o7 + j);
            IntVector r8 = IntVector.fromArray(S, m, o8 + j);
            IntVector r9 = IntVector.fromArray(S, m, o9 + j);
            IntVector r10 = IntVector.fromArray(S, m, o10 + j);
            IntVector r11 = IntVector.fromArray(S, m, o11 + j);
            IntVector r12 = IntVector.fromArray(S, m, o12 + j);
            IntVector r13 = IntVector.fromArray(S, m, o13 + j);
            IntVector r14 = IntVector.fromArray(S, m, o14 + j);
            IntVector r15 = IntVector.fromArray(S, m, o15 + j);
            IntVector t;
            t = r0.min(r15); r15 = r0.max(r15); r0 = t;
            t = r1.min(r14); r14 = r1.max(r14); r1 = t;
            t = r2.min(r13); r13 = r2.max(r13); r2 = t;
            t = r3.min(r12); r12 = r3.max(r12); r3 = t;
            t = r4.min(r11); r11 = r4.max(r11); r4 = t;
            t = r5.min(r10); r10 = r5.max(r10); r5 = t;
            t = r6.min(r9); r9 = r6.max(r9); r6 = t;
            t = r7.min(r8); r8 = r7.max(r8); r7 = t;
            t = r0.min(r4); r4 = r0.max(r4); r0 = t;
            t = r1.min(r5); r5 = r1.max(r5); r1 = t;
            t = r2.min(r6); r6 = r2.max(r6); r2 = t;
            t = r3.min(r7); r7 = r3.max(r7); r3 = t;
            t = r8.min(r12); r12 = r8.max(r12); r8 = t;
            t = r9.min(r13); r13 = r9.max(r13); r9 = t;
            t = r10.min(r14); r14 = r10.max(r14); r10 = t;
            t = r11.min(r15); r15 = r11.max(r15); r11 = t;
            t = r0.min(r2); r2 = r0.max(r2); r0 = t;
            t = r1.min(r3); r3 = r1.max(r3); r1 = t;
            t = r4.min(r6); r6 = r4.max(r6); r4 = t;
            t = r5.min(r7); r7 = r5.max(r7); r5 = t;
            t = r8.min(r10); r10 = r8.max(r10); r8 = t;
            t = r9.min(r11); r11 = r9.max(r11); r9 = t;
            t = r12.min(r14); r14 = r12.max(r14); r12 = t;
            t = r13.min(r15); r15 = r13.max(r15); r13 = t;
            t = r0.min(r1); r1 = r0.max(r1); r0 = t;
            t = r2.min(r3); r3 = r2.max(r3); r2 = t;
            t = r4.min(r5); r5 = r4.max(r5); r4 = t;
            t = r6.min(r7); r7 = r6.max(r7); r6 = t;
            t = r8.min(r9); r9 = r8.max(r9); r8 = t;
            t = r10.min(r11); r11 = r10.max(r11); r10 = t;
            t = r12.min(r13); r13 = r12.max(r13); r12 = t;
            t = r14.min(r15); r15 = r14.max(r15); r14 = t;
            r0.intoArray(m, o0 + j);
            r1.intoArray(m, o1 + j);
            r2.intoArray(m, o2 + j);
            r3.intoArray(m, o3 + j);
            r4.intoArray(m, o4 + j);
            r5.intoArray(m, o5 + j);
            r6.intoArray(m, o6 + j);
            r7.intoArray(m, o7 + j);
            r8.intoArray(m, o8 + j);
            r9.intoArray(m, o9 + j);
            r10.intoArray(m, o10 + j);
            r11.intoArray(m, o11 + j);
            r12.intoArray(m, o12 + j);
            r13.intoArray(m, o13 + j);
            r14.intoArray(m, o14 + j);
            r15.intoArray(m, o15 + j);
        }
    }

    /** Phases 2, 4, 8 and 16 of the network on one aligned block of 16 rows (80 compare-exchanges): the block ends sorted. */
    static void sort16(int[] m, int o, int width) {
        for (int j = 0; j < width; j += LANES) {
            int at = o + j;
            IntVector r0 = IntVector.fromArray(S, m, at + 0 * STRIDE);
            IntVector r1 = IntVector.fromArray(S, m, at + 1 * STRIDE);
            IntVector r2 = IntVector.fromArray(S, m, at + 2 * STRIDE);
            IntVector r3 = IntVector.fromArray(S, m, at + 3 * STRIDE);
            IntVector r4 = IntVector.fromArray(S, m, at + 4 * STRIDE);
            IntVector r5 = IntVector.fromArray(S, m, at + 5 * STRIDE);
            IntVector r6 = IntVector.fromArray(S, m, at + 6 * STRIDE);
            IntVector r7 = IntVector.fromArray(S, m, at + 7 * STRIDE);
            IntVector r8 = IntVector.fromArray(S, m, at + 8 * STRIDE);
            IntVector r9 = IntVector.fromArray(S, m, at + 9 * STRIDE);
            IntVector r10 = IntVector.fromArray(S, m, at + 10 * STRIDE);
            IntVector r11 = IntVector.fromArray(S, m, at + 11 * STRIDE);
            IntVector r12 = IntVector.fromArray(S, m, at + 12 * STRIDE);
            IntVector r13 = IntVector.fromArray(S, m, at + 13 * STRIDE);
            IntVector r14 = IntVector.fromArray(S, m, at + 14 * STRIDE);
            IntVector r15 = IntVector.fromArray(S, m, at + 15 * STRIDE);
            IntVector t;
            t = r0.min(r1); r1 = r0.max(r1); r0 = t;
            t = r2.min(r3); r3 = r2.max(r3); r2 = t;
            t = r4.min(r5); r5 = r4.max(r5); r4 = t;
            t = r6.min(r7); r7 = r6.max(r7); r6 = t;
            t = r8.min(r9); r9 = r8.max(r9); r8 = t;
            t = r10.min(r11); r11 = r10.max(r11); r10 = t;
            t = r12.min(r13); r13 = r12.max(r13); r12 = t;
            t = r14.min(r15); r15 = r14.max(r15); r14 = t;
            t = r0.min(r3); r3 = r0.max(r3); r0 = t;
            t = r1.min(r2); r2 = r1.max(r2); r1 = t;
            t = r4.min(r7); r7 = r4.max(r7); r4 = t;
            t = r5.min(r6); r6 = r5.max(r6); r5 = t;
            t = r8.min(r11); r11 = r8.max(r11); r8 = t;
            t = r9.min(r10); r10 = r9.max(r10); r9 = t;
            t = r12.min(r15); r15 = r12.max(r15); r12 = t;
            t = r13.min(r14); r14 = r13.max(r14); r13 = t;
            t = r0.min(r1); r1 = r0.max(r1); r0 = t;
            t = r2.min(r3); r3 = r2.max(r3); r2 = t;
            t = r4.min(r5); r5 = r4.max(r5); r4 = t;
            t = r6.min(r7); r7 = r6.max(r7); r6 = t;
            t = r8.min(r9); r9 = r8.max(r9); r8 = t;
            t = r10.min(r11); r11 = r10.max(r11); r10 = t;
            t = r12.min(r13); r13 = r12.max(r13); r12 = t;
            t = r14.min(r15); r15 = r14.max(r15); r14 = t;
            t = r0.min(r7); r7 = r0.max(r7); r0 = t;
            t = r1.min(r6); r6 = r1.max(r6); r1 = t;
            t = r2.min(r5); r5 = r2.max(r5); r2 = t;
            t = r3.min(r4); r4 = r3.max(r4); r3 = t;
            t = r8.min(r15); r15 = r8.max(r15); r8 = t;
            t = r9.min(r14); r14 = r9.max(r14); r9 = t;
            t = r10.min(r13); r13 = r10.max(r13); r10 = t;
            t = r11.min(r12); r12 = r11.max(r12); r11 = t;
            t = r0.min(r2); r2 = r0.max(r2); r0 = t;
            t = r1.min(r3); r3 = r1.max(r3); r1 = t;
            t = r4.min(r6); r6 = r4.max(r6); r4 = t;
            t = r5.min(r7); r7 = r5.max(r7); r5 = t;
            t = r8.min(r10); r10 = r8.max(r10); r8 = t;
            t = r9.min(r11); r11 = r9.max(r11); r9 = t;
            t = r12.min(r14); r14 = r12.max(r14); r12 = t;
            t = r13.min(r15); r15 = r13.max(r15); r13 = t;
            t = r0.min(r1); r1 = r0.max(r1); r0 = t;
            t = r2.min(r3); r3 = r2.max(r3); r2 = t;
            t = r4.min(r5); r5 = r4.max(r5); r4 = t;
            t = r6.min(r7); r7 = r6.max(r7); r6 = t;
            t = r8.min(r9); r9 = r8.max(r9); r8 = t;
            t = r10.min(r11); r11 = r10.max(r11); r10 = t;
            t = r12.min(r13); r13 = r12.max(r13); r12 = t;
            t = r14.min(r15); r15 = r14.max(r15); r14 = t;
            t = r0.min(r15); r15 = r0.max(r15); r0 = t;
            t = r1.min(r14); r14 = r1.max(r14); r1 = t;
            t = r2.min(r13); r13 = r2.max(r13); r2 = t;
            t = r3.min(r12); r12 = r3.max(r12); r3 = t;
            t = r4.min(r11); r11 = r4.max(r11); r4 = t;
            t = r5.min(r10); r10 = r5.max(r10); r5 = t;
            t = r6.min(r9); r9 = r6.max(r9); r6 = t;
            t = r7.min(r8); r8 = r7.max(r8); r7 = t;
            t = r0.min(r4); r4 = r0.max(r4); r0 = t;
            t = r1.min(r5); r5 = r1.max(r5); r1 = t;
            t = r2.min(r6); r6 = r2.max(r6); r2 = t;
            t = r3.min(r7); r7 = r3.max(r7); r3 = t;
            t = r8.min(r12); r12 = r8.max(r12); r8 = t;
            t = r9.min(r13); r13 = r9.max(r13); r9 = t;
            t = r10.min(r14); r14 = r10.max(r14); r10 = t;
            t = r11.min(r15); r15 = r11.max(r15); r11 = t;
            t = r0.min(r2); r2 = r0.max(r2); r0 = t;
            t = r1.min(r3); r3 = r1.max(r3); r1 = t;
            t = r4.min(r6); r6 = r4.max(r6); r4 = t;
            t = r5.min(r7); r7 = r5.max(r7); r5 = t;
            t = r8.min(r10); r10 = r8.max(r10); r8 = t;
            t = r9.min(r11); r11 = r9.max(r11); r9 = t;
            t = r12.min(r14); r14 = r12.max(r14); r12 = t;
            t = r13.min(r15); r15 = r13.max(r15); r13 = t;
            t = r0.min(r1); r1 = r0.max(r1); r0 = t;
            t = r2.min(r3); r3 = r2.max(r3); r2 = t;
            t = r4.min(r5); r5 = r4.max(r5); r4 = t;
            t = r6.min(r7); r7 = r6.max(r7); r6 = t;
            t = r8.min(r9); r9 = r8.max(r9); r8 = t;
            t = r10.min(r11); r11 = r10.max(r11); r10 = t;
            t = r12.min(r13); r13 = r12.max(r13); r12 = t;
            t = r14.min(r15); r15 = r14.max(r15); r14 = t;
            r0.intoArray(m, at + 0 * STRIDE);
            r1.intoArray(m, at + 1 * STRIDE);
            r2.intoArray(m, at + 2 * STRIDE);
            r3.intoArray(m, at + 3 * STRIDE);
            r4.intoArray(m, at + 4 * STRIDE);
            r5.intoArray(m, at + 5 * STRIDE);
            r6.intoArray(m, at + 6 * STRIDE);
            r7.intoArray(m, at + 7 * STRIDE);
            r8.intoArray(m, at + 8 * STRIDE);
            r9.intoArray(m, at + 9 * STRIDE);
            r10.intoArray(m, at + 10 * STRIDE);
            r11.intoArray(m, at + 11 * STRIDE);
            r12.intoArray(m, at + 12 * STRIDE);
            r13.intoArray(m, at + 13 * STRIDE);
            r14.intoArray(m, at + 14 * STRIDE);
            r15.intoArray(m, at + 15 * STRIDE);
        }
    }

    /** The last four layers of a merge phase (strides 8, 4, 2, 1; 32 compare-exchanges) on one aligned block of 16 rows. */
    static void merge16(int[] m, int o, int width) {
        for (int j = 0; j < width; j += LANES) {
            int at = o + j;
            IntVector r0 = IntVector.fromArray(S, m, at + 0 * STRIDE);
            IntVector r1 = IntVector.fromArray(S, m, at + 1 * STRIDE);
            IntVector r2 = IntVector.fromArray(S, m, at + 2 * STRIDE);
            IntVector r3 = IntVector.fromArray(S, m, at + 3 * STRIDE);
            IntVector r4 = IntVector.fromArray(S, m, at + 4 * STRIDE);
            IntVector r5 = IntVector.fromArray(S, m, at + 5 * STRIDE);
            IntVector r6 = IntVector.fromArray(S, m, at + 6 * STRIDE);
            IntVector r7 = IntVector.fromArray(S, m, at + 7 * STRIDE);
            IntVector r8 = IntVector.fromArray(S, m, at + 8 * STRIDE);
            IntVector r9 = IntVector.fromArray(S, m, at + 9 * STRIDE);
            IntVector r10 = IntVector.fromArray(S, m, at + 10 * STRIDE);
            IntVector r11 = IntVector.fromArray(S, m, at + 11 * STRIDE);
            IntVector r12 = IntVector.fromArray(S, m, at + 12 * STRIDE);
            IntVector r13 = IntVector.fromArray(S, m, at + 13 * STRIDE);
            IntVector r14 = IntVector.fromArray(S, m, at + 14 * STRIDE);
            IntVector r15 = IntVector.fromArray(S, m, at + 15 * STRIDE);
            IntVector t;
            t = r0.min(r8); r8 = r0.max(r8); r0 = t;
            t = r1.min(r9); r9 = r1.max(r9); r1 = t;
            t = r2.min(r10); r10 = r2.max(r10); r2 = t;
            t = r3.min(r11); r11 = r3.max(r11); r3 = t;
            t = r4.min(r12); r12 = r4.max(r12); r4 = t;
            t = r5.min(r13); r13 = r5.max(r13); r5 = t;
            t = r6.min(r14); r14 = r6.max(r14); r6 = t;
            t = r7.min(r15); r15 = r7.max(r15); r7 = t;
            t = r0.min(r4); r4 = r0.max(r4); r0 = t;
            t = r1.min(r5); r5 = r1.max(r5); r1 = t;
            t = r2.min(r6); r6 = r2.max(r6); r2 = t;
            t = r3.min(r7); r7 = r3.max(r7); r3 = t;
            t = r8.min(r12); r12 = r8.max(r12); r8 = t;
            t = r9.min(r13); r13 = r9.max(r13); r9 = t;
            t = r10.min(r14); r14 = r10.max(r14); r10 = t;
            t = r11.min(r15); r15 = r11.max(r15); r11 = t;
            t = r0.min(r2); r2 = r0.max(r2); r0 = t;
            t = r1.min(r3); r3 = r1.max(r3); r1 = t;
            t = r4.min(r6); r6 = r4.max(r6); r4 = t;
            t = r5.min(r7); r7 = r5.max(r7); r5 = t;
            t = r8.min(r10); r10 = r8.max(r10); r8 = t;
            t = r9.min(r11); r11 = r9.max(r11); r9 = t;
            t = r12.min(r14); r14 = r12.max(r14); r12 = t;
            t = r13.min(r15); r15 = r13.max(r15); r13 = t;
            t = r0.min(r1); r1 = r0.max(r1); r0 = t;
            t = r2.min(r3); r3 = r2.max(r3); r2 = t;
            t = r4.min(r5); r5 = r4.max(r5); r4 = t;
            t = r6.min(r7); r7 = r6.max(r7); r6 = t;
            t = r8.min(r9); r9 = r8.max(r9); r8 = t;
            t = r10.min(r11); r11 = r10.max(r11); r10 = t;
            t = r12.min(r13); r13 = r12.max(r13); r12 = t;
            t = r14.min(r15); r15 = r14.max(r15); r14 = t;
            r0.intoArray(m, at + 0 * STRIDE);
            r1.intoArray(m, at + 1 * STRIDE);
            r2.intoArray(m, at + 2 * STRIDE);
            r3.intoArray(m, at + 3 * STRIDE);
            r4.intoArray(m, at + 4 * STRIDE);
            r5.intoArray(m, at + 5 * STRIDE);
            r6.intoArray(m, at + 6 * STRIDE);
            r7.intoArray(m, at + 7 * STRIDE);
            r8.intoArray(m, at + 8 * STRIDE);
            r9.intoArray(m, at + 9 * STRIDE);
            r10.intoArray(m, at + 10 * STRIDE);
            r11.intoArray(m, at + 11 * STRIDE);
            r12.intoArray(m, at + 12 * STRIDE);
            r13.intoArray(m, at + 13 * STRIDE);
            r14.intoArray(m, at + 14 * STRIDE);
            r15.intoArray(m, at + 15 * STRIDE);
        }
    }
}
