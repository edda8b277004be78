package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinStoreTest {
    private static final Cid RAW = Cid.of(1, Cid.RAW, "hello world\n".getBytes(StandardCharsets.US_ASCII));
    private static final Cid NODE_V0 = Cid.of(0, Cid.DAG_PB, new DagPbNode(List.of(), new byte[] {8, 2}).encode());

    @TempDir
    Path dir;

    @Test
    void pinsSurviveReopen() throws IOException {
        PinStore pins = new PinStore(dir);
        pins.put(new Pin(RAW, PinMode.DIRECT));
        pins.put(new Pin(NODE_V0, PinMode.RECURSIVE));

        PinStore reopened = new PinStore(dir);
        assertThat(reopened.list()).containsExactlyInAnyOrder(new Pin(RAW, PinMode.DIRECT), new Pin(NODE_V0, PinMode.RECURSIVE));
        assertThat(reopened.mode(RAW)).hasValue(PinMode.DIRECT);
        assertThat(reopened.size()).isEqualTo(2);
    }

    @Test
    void eachPinIsOneJsonFileNamedByTheBase32OfItsCid() throws IOException {
        PinStore pins = new PinStore(dir);
        pins.put(new Pin(RAW, PinMode.RECURSIVE));
        Path file = dir.resolve(RAW + ".json");
        assertThat(Files.readString(file)).isEqualTo("{\"cid\":\"" + RAW + "\",\"mode\":\"recursive\"}");

        pins.put(new Pin(NODE_V0, PinMode.DIRECT));
        // a CIDv0 file is named by the base32 of the binary CID, so names never differ only in case
        assertThat(dir.resolve(Multibase.BASE32.encode(NODE_V0.toBytes()) + ".json")).exists();
    }

    @Test
    void cidV0AndCidV1OfOneBlockAreTwoPins() throws IOException {
        PinStore pins = new PinStore(dir);
        pins.put(new Pin(NODE_V0, PinMode.RECURSIVE));
        pins.put(new Pin(NODE_V0.toV1(), PinMode.DIRECT));
        assertThat(new PinStore(dir).list()).hasSize(2);
    }

    @Test
    void puttingAnotherModeReplacesThePin() throws IOException {
        PinStore pins = new PinStore(dir);
        pins.put(new Pin(RAW, PinMode.DIRECT));
        pins.put(new Pin(RAW, PinMode.RECURSIVE));
        assertThat(new PinStore(dir).list()).containsExactly(new Pin(RAW, PinMode.RECURSIVE));
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void removeDeletesThePinFile() throws IOException {
        PinStore pins = new PinStore(dir);
        pins.put(new Pin(RAW, PinMode.DIRECT));
        assertThat(pins.remove(RAW)).isTrue();
        assertThat(pins.remove(RAW)).isFalse();
        assertThat(new PinStore(dir).list()).isEmpty();
    }

    @Test
    void strayTemporaryFilesAreDeletedOnOpen() throws IOException {
        Files.createDirectories(dir);
        Path stray = Files.writeString(dir.resolve(".pin-123.tmp"), "{\"cid\":");
        new PinStore(dir);
        assertThat(stray).doesNotExist();
    }

    @Test
    void aPinFileThatIsNotJsonIsAnErrorNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve(RAW + ".json"), "{\"cid\": ");
        assertThatThrownBy(() -> new PinStore(dir))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("pin file " + file + " is not valid JSON");
    }

    @Test
    void aPinFileWithAnUnknownModeIsAnErrorNamingTheFileAndMode() throws IOException {
        Path file = Files.writeString(dir.resolve(RAW + ".json"), "{\"cid\":\"" + RAW + "\",\"mode\":\"indirect\"}");
        assertThatThrownBy(() -> new PinStore(dir))
                .isInstanceOf(ContentException.class)
                .hasMessage("pin file " + file + ": unknown pin mode \"indirect\" (expected recursive or direct)");
    }

    @Test
    void aPinFileWithoutACidIsAnErrorNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve(RAW + ".json"), "{\"mode\":\"direct\"}");
        assertThatThrownBy(() -> new PinStore(dir))
                .isInstanceOf(ContentException.class)
                .hasMessage("pin file " + file + " must hold an object with text fields \"cid\" and \"mode\"");
    }

    @Test
    void aPinFileWithAMalformedCidIsAnErrorNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve(RAW + ".json"), "{\"cid\":\"bafy!\",\"mode\":\"direct\"}");
        assertThatThrownBy(() -> new PinStore(dir))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("pin file " + file + ": ")
                .hasMessageContaining("bafy!");
    }

    @Test
    void aPinFileNamedAfterAnotherCidIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve(NODE_V0.toV1() + ".json"), "{\"cid\":\"" + RAW + "\",\"mode\":\"direct\"}");
        assertThatThrownBy(() -> new PinStore(dir))
                .isInstanceOf(ContentException.class)
                .hasMessage("pin file " + file + " holds CID " + RAW + " but should be named " + RAW + ".json");
    }

    @Test
    void unknownFieldsAreIgnoredForLaterVersions() throws IOException {
        Files.writeString(dir.resolve(RAW + ".json"), "{\"cid\":\"" + RAW + "\",\"mode\":\"direct\",\"name\":\"model.safetensors\"}");
        assertThat(new PinStore(dir).list()).containsExactly(new Pin(RAW, PinMode.DIRECT));
    }
}
