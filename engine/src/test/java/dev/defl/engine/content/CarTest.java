package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CARv1 export and import, checked against CAR files made by independent JavaScript tools (see car/README.md). */
class CarTest {
    private static final int CHUNK = 262_144;

    @TempDir
    Path dir;

    private static byte[] vector(String name) {
        try (InputStream in = CarTest.class.getResourceAsStream("car/" + name + ".car.gz")) {
            if (in == null) {
                throw new IllegalStateException("missing test vector car/" + name + ".car.gz");
            }
            return new GZIPInputStream(in).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileBlockStore store(String name) throws IOException {
        return new FileBlockStore(dir.resolve(name));
    }

    private static byte[] export(BlockStore store, Cid root) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarSummary summary = new CarWriter(store).export(root, out);
        assertThat(summary.carBytes()).isEqualTo(out.size());
        assertThat(summary.roots()).containsExactly(root);
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void exportEqualsIpldCarDagExportOrderByteForByte() throws IOException {
        record Case(String vector, PatternContent content, ImportProfile profile, String cid) {
        }
        for (Case c : List.of(
                new Case("pattern-1MiB-mod256", new PatternContent(1 << 20, 256), ImportProfile.CIDV1_RAW_LEAVES,
                        "bafybeiclphklsx6bfzfb5aezogjldbkeicyyvma6wrfnielfg7haplwahy"),
                new Case("pattern-600KiB-mod251", new PatternContent(600 * 1024, 251), ImportProfile.CIDV1_RAW_LEAVES,
                        "bafybeib7rtiuapefdrbklxz5ysik3bixpon5h6cdrim7jhclqfyaz2t5cu"),
                new Case("pattern-1000B-mod7-chunk100-width3", new PatternContent(1000, 7),
                        ImportProfile.CIDV1_RAW_LEAVES.withLayout(100, 3),
                        "bafybeietsmvc7zzebeq4pxck5awoldni22joz6nobwwztvw5fgxezfda4y"))) {
            FileBlockStore store = store(c.vector());
            Cid root = new UnixFsImporter(store, c.profile()).add(c.content().stream());
            assertThat(root).hasToString(c.cid());
            assertThat(export(store, root)).as(c.vector()).isEqualTo(vector(c.vector()));
        }
    }

    @Test
    void exportWritesEachDistinctBlockOnce() throws IOException {
        FileBlockStore store = store("s");
        // four equal 256 KiB leaves under one root: two distinct blocks
        Cid root = new UnixFsImporter(store).add(new PatternContent(1 << 20, 256).stream());
        Path car = write("x.car", export(store, root));
        assertThat(CarReader.verify(Files.newInputStream(car), "x.car").blockCount()).isEqualTo(2);
    }

    @Test
    void exportOfIpfsCarLayoutHasIpfsCarsHeaderAndSectionsInDagExportOrder() throws IOException {
        // ipfs-car 3.1.0 packs with 1 MiB raw chunks, 1024 links, and writes leaves before the root
        FileBlockStore store = store("s");
        PatternContent content = new PatternContent(2_622_440, 253);
        Cid root = new UnixFsImporter(store, ImportProfile.CIDV1_RAW_LEAVES.withLayout(1 << 20, 1024)).add(content.stream());
        assertThat(root).hasToString("bafybeig4ixkmwgfrraii5y2st6nd3bcqe7e76f3nyveiedsrvzbl4wry4a");
        byte[] ours = export(store, root);
        byte[] theirs = vector("ipfscar-pattern-2622440B-mod253");
        List<byte[]> ourSections = sections(ours);
        List<byte[]> theirSections = sections(theirs);
        assertThat(ourSections.getFirst()).as("header").isEqualTo(theirSections.getFirst());
        assertThat(hex(ourSections.subList(1, ourSections.size())))
                .containsExactlyInAnyOrderElementsOf(hex(theirSections.subList(1, theirSections.size())));
        // ours: root then leaves in link order; ipfs-car: leaves then root
        assertThat(hex(ourSections.subList(2, 5))).containsExactlyElementsOf(hex(theirSections.subList(1, 4)));
        assertThat(ours).hasSameSizeAs(theirs);
    }

    /** Splits a CAR into its header and sections, each with its varint length prefix. */
    private static List<byte[]> sections(byte[] car) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at < car.length) {
            long length = 0;
            int shift = 0;
            int start = at;
            int b;
            do {
                b = car[at++] & 0xFF;
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            at += (int) length;
            out.add(Arrays.copyOfRange(car, start, at));
        }
        return out;
    }

    private static List<String> hex(List<byte[]> parts) {
        return parts.stream().map(HexFormat.of()::formatHex).toList();
    }

    @Test
    void importOfIpfsCarFileCatsBackTheContent() throws IOException {
        Path car = write("in.car", vector("ipfscar-pattern-2622440B-mod253"));
        FileBlockStore store = store("s");
        CarSummary summary = new CarReader(store).importFile(car);
        assertThat(summary.roots()).extracting(Cid::toString)
                .containsExactly("bafybeig4ixkmwgfrraii5y2st6nd3bcqe7e76f3nyveiedsrvzbl4wry4a");
        assertThat(summary.blockCount()).isEqualTo(4);
        assertThat(summary.carBytes()).isEqualTo(Files.size(car));
        assertThat(store.blockCount()).isEqualTo(4);
        PatternContent.Checker checker = new PatternContent(2_622_440, 253).checker();
        new UnixFsExporter(store).cat(summary.roots().getFirst(), checker);
        checker.close();
        assertThat(checker.bytesChecked()).isEqualTo(2_622_440);
    }

    @Test
    void importFromStreamOfMultiLevelDagCatsBackTheContent() throws IOException {
        FileBlockStore store = store("s");
        CarSummary summary = new CarReader(store)
                .importFrom(new ByteArrayInputStream(vector("pattern-1000B-mod7-chunk100-width3")), "vector");
        assertThat(summary.blockCount()).isEqualTo(14);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new UnixFsExporter(store).cat(summary.roots().getFirst(), out);
        assertThat(out.toByteArray()).isEqualTo(new PatternContent(1000, 7).bytes());
    }

    @Test
    void cidV0DagRoundTripsThroughACar() throws IOException {
        FileBlockStore source = store("a");
        PatternContent content = new PatternContent(3 * CHUNK + 5, 251);
        Cid root = new UnixFsImporter(source, ImportProfile.CIDV0).add(content.stream());
        assertThat(root.version()).isZero();
        Path car = write("v0.car", export(source, root));
        FileBlockStore target = store("b");
        CarSummary summary = new CarReader(target).importFile(car);
        assertThat(summary.roots()).containsExactly(root);
        assertThat(summary.blockCount()).isEqualTo(5);
        assertThat(export(target, root)).isEqualTo(Files.readAllBytes(car));
    }

    @Test
    void exportOfDagWithMissingBlockNamesTheCid() throws IOException {
        FileBlockStore full = store("full");
        Cid root = new UnixFsImporter(full).add(new PatternContent(2 * CHUNK, 251).stream());
        FileBlockStore partial = store("partial");
        partial.put(root, full.get(root));
        Cid leaf = Cid.of(1, Cid.RAW, new PatternContent(CHUNK, 251).bytes());
        assertThatThrownBy(() -> new CarWriter(partial).export(root, new ByteArrayOutputStream()))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(leaf.toString());
    }

    @Test
    void blockThatDoesNotMatchItsCidIsRejectedAndNothingIsStored() throws IOException {
        byte[] car = vector("pattern-600KiB-mod251");
        List<byte[]> parts = sections(car);
        // flip the last byte of section 2 (the first leaf)
        int endOfSection2 = parts.get(0).length + parts.get(1).length + parts.get(2).length;
        car[endOfSection2 - 1] ^= 1;
        Path file = write("bad.car", car);
        FileBlockStore store = store("s");
        Cid firstLeaf = Cid.of(1, Cid.RAW, new PatternContent(CHUNK, 251).bytes());
        assertThatThrownBy(() -> new CarReader(store).importFile(file))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessageContaining(firstLeaf.toString())
                .hasMessageContaining("CAR file " + file + " section 2");
        assertThat(store.blockCount()).isZero();
    }

    @Test
    void truncatedCarNamesTheOffsetAndStoresNothing() throws IOException {
        byte[] car = vector("pattern-600KiB-mod251");
        Path file = write("cut.car", Arrays.copyOf(car, car.length - 10));
        FileBlockStore store = store("s");
        assertThatThrownBy(() -> new CarReader(store).importFile(file))
                .isInstanceOf(MalformedCarException.class)
                .hasMessageContaining("CAR file " + file + " at byte ")
                .hasMessageContaining("section 4 is truncated");
        assertThat(store.blockCount()).isZero();
    }

    @Test
    void malformedHeadersAreRejectedWithTheOffset() throws IOException {
        FileBlockStore store = store("s");
        CarReader reader = new CarReader(store);
        assertThatThrownBy(() -> reader.importFrom(InputStream.nullInputStream(), "empty.car"))
                .isInstanceOf(MalformedCarException.class)
                .hasMessage("CAR file empty.car at byte 0: header length varint is truncated (file ends at byte 0)");
        assertThatThrownBy(() -> reader.importFrom(new ByteArrayInputStream("hello, world".getBytes()), "text.car"))
                .isInstanceOf(MalformedCarException.class)
                .hasMessage("CAR file text.car at byte 1: header is truncated: declares 104 bytes but the file ends after 11");
        byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        assertThatThrownBy(() -> reader.importFrom(new ByteArrayInputStream(huge), "huge.car"))
                .isInstanceOf(MalformedCarException.class)
                .hasMessage("CAR file huge.car at byte 0: header length 268435455 is not within 1..1048576 bytes (is this a CAR file?)");
        // the CARv2 pragma: varint 10, {version: 2}
        byte[] v2 = HexFormat.of().parseHex("0aa16776657273696f6e02");
        assertThatThrownBy(() -> reader.importFrom(new ByteArrayInputStream(v2), "v2.car"))
                .isInstanceOf(MalformedCarException.class)
                .hasMessage("CAR file v2.car at byte 1: this is a CARv2 file; only CARv1 is supported");
        // {roots: [bytes without tag 42], version: 1}
        byte[] untagged = HexFormat.of().parseHex("13a265726f6f7473814400000000" + "6776657273696f6e01");
        assertThatThrownBy(() -> reader.importFrom(new ByteArrayInputStream(untagged), "untagged.car"))
                .isInstanceOf(MalformedCarException.class)
                .hasMessageContaining("at byte 9: expected root 0 (a tag-42 CID)");
        // a non-minimal varint header length
        assertThatThrownBy(() -> reader.importFrom(new ByteArrayInputStream(new byte[] {(byte) 0x81, 0x00}), "pad.car"))
                .isInstanceOf(MalformedCarException.class)
                .hasMessage("CAR file pad.car at byte 0: header length varint is not minimally encoded");
        assertThat(store.blockCount()).isZero();
    }

    @Test
    void headerIsCanonicalDagCbor() {
        Cid root = Cid.parse("bafybeib7rtiuapefdrbklxz5ysik3bixpon5h6cdrim7jhclqfyaz2t5cu");
        byte[] header = CarHeader.encode(List.of(root));
        assertThat(HexFormat.of().formatHex(header)).isEqualTo("a265726f6f747381d82a582500"
                + HexFormat.of().formatHex(root.toBytes()) + "6776657273696f6e01");
    }
}
