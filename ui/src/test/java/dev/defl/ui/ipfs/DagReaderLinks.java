package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.DagPbNode;
import dev.defl.engine.content.EmbeddedContentStore;

import java.io.IOException;

/** The first link of a dag-pb node in a store, for tests that remove one block of a DAG. */
final class DagReaderLinks {
    private DagReaderLinks() {
    }

    static Cid first(EmbeddedContentStore store, Cid node) throws IOException {
        return DagPbNode.decode(store.blockStore().get(node)).links().getFirst().cid();
    }
}
