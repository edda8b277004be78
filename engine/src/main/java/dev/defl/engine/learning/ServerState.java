package dev.defl.engine.learning;

import java.util.Map;
import java.util.SortedMap;

/** Checks that a stateful strategy's per-coordinate state still fits the global model it is given. */
final class ServerState {
    private ServerState() {
    }

    /**
     * @param state per-tensor state, or null before the first round
     * @throws IllegalArgumentException if {@code global} has other tensor names or sizes than the state
     */
    static void checkShapes(String strategy, SortedMap<String, double[]> state, ModelWeights global) {
        if (state == null) return;
        if (!state.keySet().equals(global.tensors().keySet())) {
            throw new IllegalArgumentException(strategy + " server state has tensors " + state.keySet()
                    + " but this round's global model has " + global.tensors().keySet());
        }
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            if (state.get(e.getKey()).length != e.getValue().size()) {
                throw new IllegalArgumentException(strategy + " server state for tensor '" + e.getKey() + "' has "
                        + state.get(e.getKey()).length + " elements but the global model's has " + e.getValue().size());
            }
        }
    }
}
