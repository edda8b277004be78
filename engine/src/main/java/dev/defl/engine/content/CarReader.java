package dev.defl.engine.content;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Imports a CARv1 file into a {@link BlockStore}, verifying every block against its CID.
 *
 * <p>All or nothing: the file is read twice. The first pass parses the header and every section and
 * hashes every block, storing nothing; only if the whole file is well formed and every block matches
 * its CID does the second pass put the blocks. So a bad file (malformed, truncated, or with a block
 * that does not hash to its CID) leaves the store exactly as it was. (Putting each block right after
 * verifying it would also be safe — blocks are content-addressed, so a verified block can never be
 * wrong — but it would leave unreferenced blocks behind; we prefer a clean store to a single pass.)
 * {@link #importFrom(InputStream, String)} spools the stream to a temporary file first.
 *
 * <p>Sections are numbered from 1 (the first after the header) in messages; offsets count bytes
 * from the start of the file. A section may hold at most {@link #MAX_SECTION_BYTES} bytes, so that a
 * corrupt length cannot make the reader allocate without bound. The roots need not be in the file
 * (a CAR may hold part of a DAG); blocks may repeat.
 * Source: <a href="https://ipld.io/specs/transport/car/carv1/">CARv1 specification</a>.
 */
public final class CarReader {
    /** Largest section (CID plus block) accepted, in bytes: 8 MiB, four times kubo's 2 MiB block limit. */
    public static final int MAX_SECTION_BYTES = 8 << 20;
    /** Largest header accepted, in bytes. */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    @FunctionalInterface
    private interface BlockSink {
        void put(Cid cid, byte[] block) throws IOException;
    }

    private final BlockStore store;

    /** A reader putting blocks into {@code store}. */
    public CarReader(BlockStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Verifies the CAR file {@code car} completely, then puts its blocks into the store.
     *
     * @return the header's roots, the number of sections and the file's size in bytes
     * @throws MalformedCarException       if the header, a varint, a CID or a section is malformed or
     *                                     truncated (names the file and byte offset); nothing is stored
     * @throws BlockVerificationException  if a block does not hash to its CID (source "CAR file NAME
     *                                     section N"); nothing is stored
     * @throws java.nio.file.NoSuchFileException if {@code car} does not exist
     * @throws IOException                 if reading the file or writing the store fails
     */
    public CarSummary importFile(Path car) throws IOException {
        return importFile(car, car.toString());
    }

    /**
     * {@link #importFile(Path)}, naming the CAR {@code name} in messages (e.g. the URL it was downloaded from).
     *
     * @throws MalformedCarException      as {@link #importFile(Path)}, naming {@code name}
     * @throws BlockVerificationException as {@link #importFile(Path)}, source "CAR file {@code name} section N"
     * @throws IOException                if reading the file or writing the store fails
     */
    public CarSummary importFile(Path car, String name) throws IOException {
        try (InputStream in = Files.newInputStream(car)) {
            read(in, name, (cid, block) -> { });
        }
        try (InputStream in = Files.newInputStream(car)) {
            return store(in, name);
        }
    }

    /** The storing pass: every block through one {@link BlockStore.Batch}, committed before returning. */
    private CarSummary store(InputStream in, String name) throws IOException {
        try (BlockStore.Batch batch = store.batch()) {
            CarSummary summary = read(in, name, batch::put);
            batch.commit();
            return summary;
        }
    }

    /**
     * Reads {@code in} to its end (not closing it) into a temporary file, then imports that as
     * {@link #importFile(Path)} does, naming the CAR {@code name} in messages.
     *
     * @throws MalformedCarException      as {@link #importFile(Path)}
     * @throws BlockVerificationException as {@link #importFile(Path)}
     * @throws IOException                if reading, spooling or storing fails
     */
    public CarSummary importFrom(InputStream in, String name) throws IOException {
        Path spool = Files.createTempFile("defl-car-", ".car");
        try {
            Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            try (InputStream spooled = Files.newInputStream(spool)) {
                read(spooled, name, (cid, block) -> { });
            }
            try (InputStream spooled = Files.newInputStream(spool)) {
                return store(spooled, name);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /**
     * Checks a CAR stream without storing anything: header, every section and every block's hash.
     *
     * @return the header's roots, the number of sections and the stream's size in bytes
     * @throws MalformedCarException      as {@link #importFile(Path)}
     * @throws BlockVerificationException as {@link #importFile(Path)}
     * @throws IOException                if reading fails
     */
    public static CarSummary verify(InputStream in, String name) throws IOException {
        return read(in, name, (cid, block) -> { });
    }

    private static CarSummary read(InputStream raw, String name, BlockSink sink) throws IOException {
        Input in = new Input(raw, name);
        long headerAt = in.offset;
        long headerLength = in.varint("header length", false);
        if (headerLength == 0 || headerLength > MAX_HEADER_BYTES) {
            throw new MalformedCarException(name, headerAt, "header length " + headerLength
                    + " is not within 1.." + MAX_HEADER_BYTES + " bytes (is this a CAR file?)");
        }
        long headerBodyAt = in.offset;
        byte[] header = in.bytes((int) headerLength, "header");
        List<Cid> roots = CarHeader.decode(header, name, headerBodyAt);
        long sections = 0;
        while (true) {
            long sectionAt = in.offset;
            long length = in.varint("section " + (sections + 1) + " length", true);
            if (length < 0) {
                break;
            }
            sections++;
            String section = "section " + sections;
            if (length == 0 || length > MAX_SECTION_BYTES) {
                throw new MalformedCarException(name, sectionAt, section + " length " + length
                        + " is not within 1.." + MAX_SECTION_BYTES + " bytes");
            }
            long bodyAt = in.offset;
            byte[] body = in.bytes((int) length, section);
            int cidLength = cidLength(body, name, bodyAt, section);
            Cid cid;
            try {
                cid = Cid.fromBytes(Arrays.copyOfRange(body, 0, cidLength));
            } catch (MalformedCidException e) {
                throw new MalformedCarException(name, bodyAt, section + " CID: " + e.getMessage());
            }
            byte[] block = Arrays.copyOfRange(body, cidLength, body.length);
            boolean matches;
            try {
                matches = cid.matches(block);
            } catch (UnsupportedOperationException e) {
                throw new MalformedCarException(name, bodyAt, section + " CID " + cid + ": " + e.getMessage());
            }
            if (!matches) {
                throw new BlockVerificationException(cid, "CAR file " + name + " " + section + " (at byte " + sectionAt + ")");
            }
            sink.put(cid, block);
        }
        return new CarSummary(roots, sections, in.offset);
    }

    /** Length in bytes of the binary CID at the start of a section body. */
    private static int cidLength(byte[] body, String name, long bodyAt, String section) throws MalformedCarException {
        if (body.length >= 2 && body[0] == Multihash.SHA2_256 && body[1] == Multihash.SHA2_256_LENGTH) {
            if (body.length < 34) {
                throw new MalformedCarException(name, bodyAt, section + " is shorter than the 34-byte CIDv0 it starts with");
            }
            return 34;
        }
        ByteCursor cursor = new ByteCursor(body);
        try {
            long version = cursor.readMultiformatsVarint("CID version");
            if (version != 1) {
                throw new IllegalArgumentException("unsupported CID version " + version);
            }
            cursor.readMultiformatsVarint("CID codec");
            Multihash.read(cursor);
        } catch (IllegalArgumentException e) {
            throw new MalformedCarException(name, bodyAt, section + " CID: " + e.getMessage()
                    + " (byte numbers within the section's CID)");
        }
        return cursor.position();
    }

    /** A stream that counts the bytes read, for offsets in messages. */
    private static final class Input {
        private final InputStream in;
        private final String name;
        private long offset;

        Input(InputStream in, String name) {
            this.in = new BufferedInputStream(in, 1 << 16);
            this.name = name;
        }

        /**
         * Reads a multiformats varint (at most 9 bytes, minimal). Returns -1 at a clean end of the
         * stream before its first byte if {@code endAllowed}.
         */
        long varint(String what, boolean endAllowed) throws IOException {
            long start = offset;
            long value = 0;
            for (int i = 0; i < UnsignedVarint.MAX_MULTIFORMATS_BYTES; i++) {
                int b = in.read();
                if (b < 0) {
                    if (i == 0 && endAllowed) {
                        return -1;
                    }
                    throw new MalformedCarException(name, start, what + " varint is truncated (file ends at byte " + offset + ")");
                }
                offset++;
                value |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (i > 0 && b == 0) {
                        throw new MalformedCarException(name, start, what + " varint is not minimally encoded");
                    }
                    return value;
                }
            }
            throw new MalformedCarException(name, start, what + " varint is longer than "
                    + UnsignedVarint.MAX_MULTIFORMATS_BYTES + " bytes");
        }

        byte[] bytes(int length, String what) throws IOException {
            long start = offset;
            byte[] out = in.readNBytes(length);
            offset += out.length;
            if (out.length < length) {
                throw new MalformedCarException(name, start, what + " is truncated: declares " + length
                        + " bytes but the file ends after " + out.length);
            }
            return out;
        }
    }
}
