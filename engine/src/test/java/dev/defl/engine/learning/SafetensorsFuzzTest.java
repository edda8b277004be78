package dev.defl.engine.learning;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Coverage-guided fuzzing (Jazzer) of the two safetensors decoders a peer's bytes reach: {@link SafetensorsCodec#decode}
 * (model files) and {@link DatasetShardCodec#decode} (dataset shards). A {@link SafetensorsFormatException} is the only
 * failure allowed. Without {@code JAZZER_FUZZ=1} the target runs on its seed corpus in
 * {@code src/test/resources/dev/defl/engine/learning/SafetensorsFuzzTestInputs/safetensors/} (README "Fuzzing").
 */
class SafetensorsFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void safetensors(byte[] input) throws SafetensorsFormatException {
        try {
            SafetensorsFile file = SafetensorsCodec.decode(input);
            SafetensorsFile again = SafetensorsCodec.decode(SafetensorsCodec.encode(file.weights(), file.metadata()));
            if (!again.metadata().equals(file.metadata()) || !again.weights().tensors().keySet().equals(file.weights().tensors().keySet())) {
                throw new AssertionError("safetensors file does not survive re-encoding");
            }
        } catch (SafetensorsFormatException expected) {
            // documented: not a safetensors file of F32 tensors
        }
        try {
            SortedMap<String, DatasetShardCodec.RawTensor> tensors = DatasetShardCodec.decode(input);
            SortedMap<String, DatasetShardCodec.RawTensor> again = DatasetShardCodec.decode(DatasetShardCodec.encode(new TreeMap<>(tensors)));
            if (!again.keySet().equals(tensors.keySet())) throw new AssertionError("shard does not survive re-encoding");
            for (Map.Entry<String, DatasetShardCodec.RawTensor> e : tensors.entrySet()) {
                if (e.getValue().dtype() == DatasetShardCodec.DType.F32) e.getValue().floats();
                else e.getValue().longs();
            }
        } catch (SafetensorsFormatException expected) {
            // documented: not a shard of F32/I64 tensors
        }
    }
}
