package dev.defl.engine.content;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing (Jazzer) of the CARv1 reader ({@link CarReader#verify}: header, sections, CIDs, block
 * hashes), as a CAR downloaded from a gateway or peer reaches it: a {@link MalformedCarException} or
 * {@link BlockVerificationException} is the only failure allowed. Seed corpus:
 * {@code src/test/resources/dev/defl/engine/content/CarFuzzTestInputs/car/} (README "Fuzzing").
 */
class CarFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void car(byte[] input) throws IOException {
        try {
            CarSummary summary = CarReader.verify(new ByteArrayInputStream(input), "fuzzed.car");
            if (summary.carBytes() != input.length) {
                throw new AssertionError("read " + summary.carBytes() + " of " + input.length + " bytes");
            }
        } catch (MalformedCarException | BlockVerificationException expected) {
            // documented
        }
    }
}
