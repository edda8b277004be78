package dev.defl.engine.content;

import java.util.List;

/**
 * What a CAR file held or was written with.
 *
 * @param roots      the root CIDs from the CAR header, in header order
 * @param blockCount number of sections (blocks) in the CAR
 * @param carBytes   size of the CAR file in bytes, header included
 */
public record CarSummary(List<Cid> roots, long blockCount, long carBytes) {
    public CarSummary {
        roots = List.copyOf(roots);
        if (blockCount < 0 || carBytes < 0) {
            throw new IllegalArgumentException("blockCount and carBytes must not be negative: " + blockCount + ", " + carBytes);
        }
    }
}
