package dev.defl.engine.network;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.defl.engine.learning.StrategySpec;

import java.io.IOException;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link TaskDocument#parse}, the spec document a task's creator publishes: an
 * {@link IOException} (not a JSON object of strings, too large) or a plain {@link IllegalArgumentException} naming the
 * bad key are the documented failures; any other exception (a {@link NumberFormatException} that escaped, an index
 * error) is a bug. The first byte picks the chain's rule code. Seed corpus:
 * {@code src/test/resources/dev/defl/engine/network/TaskDocumentFuzzTestInputs/taskDocument/} (README "Fuzzing").
 */
class TaskDocumentFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void taskDocument(byte[] input) throws IOException {
        if (input.length == 0) return;
        int ruleCode = (input[0] & 0xFF) % (StrategySpec.NAMES.size() + 1);
        TaskDocument doc;
        try {
            doc = TaskDocument.parse(Arrays.copyOfRange(input, 1, input.length), ruleCode, "fuzzed document");
        } catch (IOException expected) {
            return;
        } catch (IllegalArgumentException e) {
            if (e.getClass() != IllegalArgumentException.class) throw e;
            return;
        }
        doc.model().parameterShapes();
        doc.trainConfig(1, 0);
        TaskDocument again = TaskDocument.parse(doc.toJson(), ruleCode, "re-encoded document");
        if (!again.toMap().equals(doc.toMap())) throw new AssertionError("document does not round-trip: " + doc.toMap());
    }
}
