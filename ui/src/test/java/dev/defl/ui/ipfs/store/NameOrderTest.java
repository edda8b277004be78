package dev.defl.ui.ipfs.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's Name column order: numbers as numbers, case ignored, unnamed roots last. */
class NameOrderTest {

    @Test
    void runsAndRoundsSortAsNumbersAndUnnamedRootsLast() {
        List<String> names = new ArrayList<>(List.of("", "run 10 · task spec", "run 2 · round 10 · global model",
                "Dataset digits", "run 2 · round 2 · global model", "run 2 · round 2 · update of client 1", ""));
        names.sort(NameOrder.INSTANCE);
        assertThat(names).containsExactly("Dataset digits", "run 2 · round 2 · global model",
                "run 2 · round 2 · update of client 1", "run 2 · round 10 · global model", "run 10 · task spec", "", "");
        assertThat(NameOrder.INSTANCE.compare("run 007", "run 7")).isZero();
        assertThat(NameOrder.INSTANCE.compare("run 7", "run 7 · x")).isNegative();
    }
}
