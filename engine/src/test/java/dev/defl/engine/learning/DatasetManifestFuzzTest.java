package dev.defl.engine.learning;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link DatasetManifest#parse}, the JSON a peer publishes for a dataset: a
 * {@link DatasetFormatException} is the only failure allowed, and a manifest that parses stays within the limits that
 * keep its readers from allocating without bound, and survives {@link DatasetManifest#toJson()}. Seed corpus:
 * {@code src/test/resources/dev/defl/engine/learning/DatasetManifestFuzzTestInputs/manifest/} (README "Fuzzing").
 */
class DatasetManifestFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void manifest(byte[] input) throws DatasetFormatException {
        DatasetManifest m;
        try {
            m = DatasetManifest.parse(input, "fuzzed manifest");
        } catch (DatasetFormatException expected) {
            return;
        }
        if (m.numClasses() > DatasetManifest.MAX_CLASSES || m.numFeatures() > DatasetManifest.MAX_FEATURES
                || m.train().shards().size() + m.test().shards().size() > 2 * DatasetManifest.MAX_SHARDS
                || (long) m.train().rows() * m.numFeatures() > DatasetManifest.MAX_PART_VALUES
                || (long) m.test().rows() * m.numFeatures() > DatasetManifest.MAX_PART_VALUES) {
            throw new AssertionError("manifest beyond the limits was accepted: " + m);
        }
        // what a reader allocates from the manifest alone (PartitionSummary, LabeledDataset.classCounts)
        new LabeledDataset(m.name(), new float[m.numFeatures()], new int[1], m.numFeatures(), m.numClasses(), m.imageShape(), m.preprocessing())
                .classCounts();
        PartitionSummary.of(new int[][] {{0}}, new int[1], m.numClasses());
        if (!DatasetManifest.parse(m.toJson(), "re-encoded manifest").equals(m)) throw new AssertionError("manifest does not round-trip: " + m);
    }
}
