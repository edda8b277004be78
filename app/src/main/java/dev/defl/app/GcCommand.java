package dev.defl.app;

import dev.defl.engine.content.GcResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code defl gc}: deletes the blocks no pin protects ({@code ipfs repo gc}) and prints what it removed. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Delete every block of the embedded store that no pin protects; print blocks and bytes removed.")
final class GcCommand implements Callable<Integer> {

    @Mixin
    ContentStoreOption store;

    @Override
    public Integer call() throws Exception {
        GcResult removed;
        try (ContentStoreOption.Writable writable = store.openExistingForWriting()) {
            removed = writable.store().gc();
        }
        System.out.println("removed blocks " + removed.blocksRemoved());
        System.out.println("removed bytes " + removed.bytesRemoved());
        return 0;
    }
}
