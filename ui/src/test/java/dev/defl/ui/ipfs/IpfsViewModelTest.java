package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.FileBlockStore;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.ipfs.inspector.PreviewDecoder;
import dev.defl.ui.ipfs.transfers.TransfersViewModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IpfsViewModel} over a real {@link EmbeddedContentStore} in a temporary directory, tasks run synchronously. */
class IpfsViewModelTest {

    static final int KIB = 1024;
    static final int FILE_BYTES = 600 * KIB; // three 256 KiB chunks: 256 + 256 + 88 KiB

    @TempDir
    Path dir;
    EmbeddedContentStore store;
    IpfsViewModel model;

    @BeforeEach
    void open() throws IOException {
        store = new EmbeddedContentStore(dir.resolve("store"));
        model = new IpfsViewModel(store, TaskExecutor.synchronous());
    }

    static byte[] text(int bytes) {
        byte[] line = "federated averaging weights updates by sample count\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) out[i] = line[i % line.length];
        return out;
    }

    Path file(String name, byte[] content) throws IOException {
        Path file = dir.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    PinRow onlyRow() {
        assertThat(model.store().allRows()).hasSize(1);
        return model.store().allRows().getFirst();
    }

    @Test
    void whileWatchedTheListFollowsPinsAddedOutsideThePane() throws IOException {
        Runnable stop = model.store().watchPins();
        Cid update = store.add("an update a run adds".getBytes(StandardCharsets.UTF_8)); // as a run adds one
        assertThat(model.store().allRows()).extracting(PinRow::cid).containsExactly(update.toString());
        Cid model2 = store.add("a global model".getBytes(StandardCharsets.UTF_8));
        assertThat(model.store().allRows()).extracting(PinRow::cid)
                .containsExactlyInAnyOrder(update.toString(), model2.toString());
        stop.run();
        store.add("added while the pane is hidden".getBytes(StandardCharsets.UTF_8));
        assertThat(model.store().allRows()).as("not watched any more").hasSize(2);
    }

    @Test
    void addReportsProgressAndShowsTheRowUnderItsFileName() throws IOException {
        Path data = file("weights.txt", text(FILE_BYTES));
        List<UploadProgress> events = new ArrayList<>();
        model.transfers().uploadProgressProperty().addListener((obs, old, p) -> events.add(p));

        model.transfers().addFiles(List.of(data));

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(events).isNotEmpty();
        assertThat(events.getLast().bytesDone()).isEqualTo(FILE_BYTES);
        assertThat(events.getLast().bytesTotal()).isEqualTo(FILE_BYTES);
        assertThat(events.getLast().fraction()).isEqualTo(1.0);
        assertThat(events).extracting(UploadProgress::bytesDone).isSorted();
        PinRow row = onlyRow();
        assertThat(row.name()).isEqualTo("weights.txt");
        assertThat(row.sizeBytes()).isEqualTo(FILE_BYTES);
        assertThat(row.pinMode()).isEqualTo("recursive");
        assertThat(row.codec()).isEqualTo("dag-pb");
        assertThat(store.isPinned(Cid.parse(row.cid()))).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo("Added 1 file (600 KiB)");
        assertThat(model.transfers().uploadingProperty().get()).isFalse();
    }

    @Test
    void progressTextGivesBytesRateAndEta() {
        assertThat(TransfersViewModel.progressText(new UploadProgress(1024 * 1024, 5 * 1024 * 1024, 2 * 1024 * 1024, 2)))
                .isEqualTo("1.0 MiB of 5.0 MiB · 2.0 MiB/s · ETA 2 s");
    }

    @Test
    void droppedFolderAddsEveryFileInsideNamedByItsPath() throws IOException {
        file("docs/a/b.txt", "bee".getBytes(StandardCharsets.UTF_8));
        file("docs/c.txt", "sea".getBytes(StandardCharsets.UTF_8));

        model.transfers().addFiles(List.of(dir.resolve("in/docs")));

        assertThat(model.store().allRows()).extracting(PinRow::name).containsExactlyInAnyOrder("docs/a/b.txt", "docs/c.txt");
        assertThat(model.store().allRows()).extracting(PinRow::codec).containsOnly("raw");
        assertThat(store.pins()).hasSize(2);
    }

    @Test
    void cancelledUploadStopsAtTheNextReadAndPinsNothing() throws IOException {
        Path data = file("big.bin", text(FILE_BYTES));
        model.transfers().uploadProgressProperty().addListener((obs, old, p) -> {
            if (p.bytesTotal() > 0) model.transfers().cancelUpload();
        });

        model.transfers().addFiles(List.of(data));

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.messageProperty().get()).startsWith("Upload cancelled after 0 B of 600 KiB");
        assertThat(store.pins()).isEmpty();
        assertThat(model.store().allRows()).isEmpty();
        assertThat(model.transfers().uploadingProperty().get()).isFalse();
    }

    @Test
    void listingAgainWithNothingChangedKeepsTheRows() throws IOException {
        store.add("a model".getBytes(StandardCharsets.UTF_8));
        store.add("an update".getBytes(StandardCharsets.UTF_8));
        model.store().refresh();
        assertThat(model.store().allRows()).hasSize(2);
        int[] changes = {0};
        model.store().allRows().addListener((javafx.collections.ListChangeListener<PinRow>) c -> changes[0]++);
        model.store().refresh(); // as each time the pane is shown: the same pins, so the rows stay (no re-sort, no redraw)
        assertThat(changes[0]).isZero();
        Cid added = store.add("added while the pane was away".getBytes(StandardCharsets.UTF_8));
        model.store().refresh();
        assertThat(changes[0]).isEqualTo(1);
        assertThat(model.store().allRows()).extracting(PinRow::cid).contains(added.toString()).hasSize(3);
    }

    @Test
    void listingIsSortableAndFilterable() throws IOException {
        Cid small = store.add("tiny".getBytes(StandardCharsets.UTF_8));
        Cid medium = store.add(text(10 * KIB));
        Cid large = store.add(text(FILE_BYTES));

        model.store().refresh();

        assertThat(model.store().rows()).extracting(PinRow::cid).isSorted();
        model.store().rows().setComparator(PinRow.BY_SIZE);
        assertThat(model.store().rows()).extracting(PinRow::cid)
                .containsExactly(small.toString(), medium.toString(), large.toString());
        assertThat(model.store().rows()).extracting(PinRow::sizeBytes).containsExactly(4L, 10L * KIB, (long) FILE_BYTES);
        model.store().filterProperty().set("DAG-PB");
        assertThat(model.store().rows()).extracting(PinRow::cid).containsExactly(large.toString());
        model.store().filterProperty().set(small.toString().substring(20, 40).toUpperCase());
        assertThat(model.store().rows()).extracting(PinRow::cid).containsExactly(small.toString());
        model.store().filterProperty().set("");
        assertThat(model.store().rows()).hasSize(3);
        assertThat(model.store().statsProperty().get()).startsWith("6 blocks · ").contains("3 pinned roots · cache hit ratio");
    }

    @Test
    void unpinKeepsTheRowMarkedUntilGcRemovesItsBlocks() throws IOException {
        model.transfers().addFiles(List.of(file("w.txt", text(FILE_BYTES))));
        PinRow row = onlyRow();

        model.store().unpin(row);
        assertThat(onlyRow().pinMode()).isEqualTo(PinRow.UNPINNED);
        assertThat(store.isPinned(Cid.parse(row.cid()))).isFalse();
        assertThat(model.messageProperty().get()).contains(row.cid()).contains("next GC");

        model.store().gc();
        assertThat(model.store().lastGcProperty().get().blocksRemoved()).isEqualTo(4);
        assertThat(model.store().lastGcProperty().get().bytesRemoved()).isGreaterThan(FILE_BYTES);
        assertThat(model.messageProperty().get()).startsWith("GC removed 4 blocks (");
        assertThat(model.store().allRows()).isEmpty();
        assertThat(store.blockCount()).isZero();
    }

    /** Issue 12 F2: GC from the pane while a run in this process holds a lease deletes nothing and names the run. */
    @Test
    void gcDuringLiveWorkIsRefusedNamingItAndKeepsTheUnpinnedBlocks() throws IOException {
        model.transfers().addFiles(List.of(file("w.txt", text(FILE_BYTES))));
        PinRow row = onlyRow();
        model.store().unpin(row);
        try (EmbeddedContentStore.Lease lease = store.lease("a run in this process")) {
            model.store().gc();
            assertThat(model.errorProperty().get()).startsWith("GC failed: garbage collection refused: live work may "
                    + "still need unpinned blocks").contains("a run in this process (since ");
            assertThat(store.blockCount()).isEqualTo(4);
        }
        model.store().gc();
        assertThat(model.store().lastGcProperty().get().blocksRemoved()).isEqualTo(4);
    }

    @Test
    void pinAfterUnpinPinsRecursivelyAgainAndGcKeepsIt() throws IOException {
        model.transfers().addFiles(List.of(file("w.txt", text(FILE_BYTES))));
        model.store().unpin(onlyRow());
        model.store().pin(onlyRow());

        assertThat(onlyRow().pinMode()).isEqualTo("recursive");
        model.store().gc();
        assertThat(model.store().lastGcProperty().get().blocksRemoved()).isZero();
        assertThat(onlyRow().name()).as("name map survives the re-listing").isEqualTo("w.txt");
    }

    @Test
    void unpinOfARootAlreadyUnpinnedElsewhereIsReportedNamingTheCid() throws IOException {
        Cid cid = store.add(text(100));
        model.store().refresh();
        store.unpin(cid);

        model.store().unpin(onlyRow());

        assertThat(model.errorProperty().get()).startsWith("Could not unpin CID " + cid).contains("is not pinned");
    }

    @Test
    void fetchWritesTheFileThroughATemporaryFileAndRename() throws IOException {
        byte[] content = text(FILE_BYTES);
        Cid cid = store.add(content);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path target = out.resolve("fetched.txt");

        model.transfers().fetch(" " + cid + " ", target);

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactly(target);
        }
        assertThat(model.messageProperty().get()).startsWith("Saved " + cid + " to ");
    }

    @Test
    void malformedCidIsReportedNamingIt() {
        Path target = dir.resolve("never.bin");

        model.transfers().fetch("bafy-not-a-cid!", target);

        assertThat(model.errorProperty().get()).startsWith("Not a CID: ").contains("\"bafy-not-a-cid!\"");
        assertThat(target).doesNotExist();
        model.inspector().inspect("Qm123");
        assertThat(model.errorProperty().get()).contains("\"Qm123\"");
    }

    @Test
    void unknownCidIsReportedNamingIt() throws IOException {
        Cid absent = Cid.of(1, Cid.RAW, "never added".getBytes(StandardCharsets.UTF_8));
        Path out = Files.createDirectories(dir.resolve("out"));

        model.transfers().fetch(absent.toString(), out.resolve("x.bin"));

        assertThat(model.errorProperty().get()).startsWith("Could not fetch CID " + absent + ": no block for CID " + absent);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).as("no file and no temporary file left").isEmpty();
        }
        model.inspector().inspect(absent.toString());
        assertThat(model.errorProperty().get()).startsWith("Could not inspect CID " + absent);
        assertThat(model.inspector().inspectedProperty().get()).isNull();
    }

    @Test
    void dagOfAMultiChunkFileIsARootWithThreeRawLeaves() throws IOException {
        Cid cid = store.add(text(FILE_BYTES));

        model.inspector().inspect(cid.toString());

        DagNode root = model.inspector().inspectedProperty().get();
        assertThat(root.cid()).isEqualTo(cid);
        assertThat(root.codecName()).isEqualTo("dag-pb");
        assertThat(root.sizeBytes()).isEqualTo(FILE_BYTES);
        assertThat(root.linkCount()).isEqualTo(3);
        AtomicReference<List<DagNode>> children = new AtomicReference<>();
        model.inspector().loadChildren(root, children::set);
        assertThat(children.get()).extracting(DagNode::codecName).containsOnly("raw");
        assertThat(children.get()).extracting(DagNode::sizeBytes).containsExactly(256L * KIB, 256L * KIB, 88L * KIB);
        assertThat(children.get()).allMatch(DagNode::isLeaf);
        Preview preview = model.inspector().previewProperty().get();
        assertThat(preview.kind()).isEqualTo(Preview.Kind.TEXT);
        assertThat(preview.text()).startsWith("federated averaging").contains("(first 4096 of 614400 bytes)");
    }

    @Test
    void selectingALeafPreviewsItsBytesAndBinaryGetsNoPreview() throws IOException {
        byte[] random = new byte[3000];
        new Random(1).nextBytes(random);
        Cid cid = store.add(random);

        model.inspector().inspect(cid.toString());

        assertThat(model.inspector().inspectedProperty().get().codecName()).isEqualTo("raw");
        assertThat(model.inspector().previewProperty().get().kind()).isEqualTo(Preview.Kind.NONE);
        assertThat(model.inspector().previewProperty().get().text()).isEqualTo("No preview: 3000 bytes of binary data");
    }

    @Test
    void previewRecognisesPngAndJpegAndCutsTextAtACharacterBoundary() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0};
        assertThat(PreviewDecoder.previewOf(png).kind()).isEqualTo(Preview.Kind.IMAGE);
        assertThat(PreviewDecoder.previewOf(jpeg).kind()).isEqualTo(Preview.Kind.IMAGE);
        byte[] euros = "€".repeat(2000).getBytes(StandardCharsets.UTF_8); // 6000 bytes, 4096 cuts a 3-byte char
        Preview text = PreviewDecoder.previewOf(euros);
        assertThat(text.kind()).isEqualTo(Preview.Kind.TEXT);
        assertThat(text.text()).startsWith("€€€").contains("(first 4095 of 6000 bytes)");
    }

    @Test
    void exportCarWritesEveryBlockOfTheDag() throws IOException {
        Cid cid = store.add(text(FILE_BYTES));
        Path target = dir.resolve("w.car");

        model.transfers().exportCar(cid.toString(), target);

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.messageProperty().get()).startsWith("Exported " + cid).contains("(4 blocks, ");
        assertThat(Files.size(target)).isGreaterThan(FILE_BYTES);
    }

    @Test
    void tenThousandPinsAreListedSortedAndFiltered() throws IOException {
        int n = 10_000;
        Path root = dir.resolve("many");
        writeRawPins(root, n);
        model = new IpfsViewModel(new EmbeddedContentStore(root), TaskExecutor.synchronous());

        model.store().refresh();

        assertThat(model.store().rows()).hasSize(n);
        model.store().rows().setComparator(PinRow.BY_SIZE.reversed());
        assertThat(model.store().rows().getFirst().sizeBytes()).isEqualTo("pin 1000".length());
        assertThat(model.store().rows()).extracting(PinRow::sizeBytes).isSortedAccordingTo(Comparator.reverseOrder());
        model.store().filterProperty().set(model.store().allRows().get(1234).cid());
        assertThat(model.store().rows()).hasSize(1);
    }

    /**
     * Writes {@code n} one-block files ("pin 0" … "pin n-1") and their recursive pins straight into the
     * store's on-disk layout (block files, one JSON file per pin), as {@code add} would but without its
     * per-file fsync, which would make 20 000 synced writes.
     */
    static void writeRawPins(Path root, int n) throws IOException {
        FileBlockStore blocks = new FileBlockStore(root.resolve("blocks"));
        Path pins = Files.createDirectories(root.resolve("pins"));
        for (int i = 0; i < n; i++) {
            byte[] block = ("pin " + i).getBytes(StandardCharsets.UTF_8);
            Cid cid = Cid.of(1, Cid.RAW, block);
            Path file = blocks.blockPath(cid);
            Files.createDirectories(file.getParent());
            Files.write(file, block);
            Files.writeString(pins.resolve(cid + ".json"), "{\"cid\":\"" + cid + "\",\"mode\":\"recursive\"}");
        }
    }

    @Test
    void aSafetensorsModelIsPreviewedAsItsTensorsAndMetadata() throws Exception {
        var spec = dev.defl.engine.learning.ModelSpec.twoNN(64, 10);
        var weights = new dev.defl.engine.learning.LocalTrainer().initialWeights(spec, 7);
        byte[] file = dev.defl.engine.learning.SafetensorsCodec.encode(weights, spec.toMetadata());

        Preview preview = PreviewDecoder.previewOf(file);

        assertThat(preview.kind()).isEqualTo(Preview.Kind.TEXT);
        assertThat(preview.text()).startsWith("safetensors · 55,210 float32 parameters")
                .contains("0.weight", "[200, 64]", "__metadata__");
        byte[] broken = java.util.Arrays.copyOf(file, file.length - 4);
        assertThat(PreviewDecoder.previewOf(broken).text()).startsWith("Not a valid safetensors file");
    }
}
