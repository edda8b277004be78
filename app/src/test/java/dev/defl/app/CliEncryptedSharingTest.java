package dev.defl.app;

import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.keys.KnownKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content shared with chosen peers: {@code defl keys export|import|ls}, {@code add}/{@code dataset publish
 * --encrypt-for}, and {@code cat}, {@code get}, {@code dataset info} and {@code run --dataset cid:} decrypting, with
 * three peers' real data directories (real keystores at geth's light scrypt cost, real embedded stores); content moves
 * between peers as a CAR file or a copy of the store, as it would through IPFS.
 */
class CliEncryptedSharingTest {
    private static final String PASSWORD = "pw-for-sharing-tests";

    @TempDir
    Path dir;

    private Path passwordFile() throws Exception {
        Path file = dir.resolve("password.txt");
        if (!Files.exists(file)) Files.writeString(file, PASSWORD + "\n");
        return file;
    }

    /** A peer's data directory with one new account; returns its address. */
    private String newPeer(String name) throws Exception {
        CliOutcome o = defl("account", "new", "--light-kdf", "--data-dir", data(name), "--password-file", passwordFile().toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        return o.stdout().strip().split(" ")[0];
    }

    private String data(String peer) {
        return dir.resolve(peer).toString();
    }

    /** {@code from} exports its key statement to a file and {@code to} imports it. */
    private void introduce(String from, String to) throws Exception {
        Path file = dir.resolve(from + ".key");
        CliOutcome exported = defl("keys", "export", "-o", file.toString(), "--data-dir", data(from),
                "--password-file", passwordFile().toString());
        assertThat(exported.exitCode()).as(exported.stderr()).isZero();
        CliOutcome imported = defl("keys", "import", file.toString(), "--data-dir", data(to));
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        assertThat(imported.stdout()).contains("(signature verified)");
    }

    /** Moves the DAG of {@code cid} from one peer's store to another's through a CAR file. */
    private void carry(String cid, String from, String to) throws Exception {
        Path car = dir.resolve(cid + ".car");
        CliOutcome exported = defl("car", "export", cid, "-o", car.toString(), "--data-dir", data(from));
        assertThat(exported.exitCode()).as(exported.stderr()).isZero();
        CliOutcome imported = defl("car", "import", car.toString(), "--data-dir", data(to));
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    }

    @Test
    void aFileEncryptedForAPeerIsReadByThePeerAndThePublisherOnly() throws Exception {
        String alice = newPeer("alice");
        String bob = newPeer("bob");
        String carol = newPeer("carol");
        introduce("bob", "alice");
        byte[] secret = "patient 17: glucose 5.4 mmol/l\n".repeat(20_000).getBytes(StandardCharsets.UTF_8); // 620 kB, 3 chunks
        Path file = Files.write(dir.resolve("secret.txt"), secret);

        CliOutcome added = defl("add", file.toString(), "--encrypt-for", bob, "--data-dir", data("alice"),
                "--password-file", passwordFile().toString());
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        String cid = added.stdout().strip();
        assertThat(added.stderr()).contains("encrypted for").contains(bob).contains(alice + " (you)")
                .contains("the CID is the envelope's");
        CliOutcome plainCid = defl("add", file.toString(), "--only-hash");
        assertThat(cid).isNotEqualTo(plainCid.stdout().strip());

        // the publisher reads her own content
        CliOutcome own = defl("cat", cid, "--data-dir", data("alice"), "--password-file", passwordFile().toString());
        assertThat(own.exitCode()).as(own.stderr()).isZero();
        assertThat(own.stdoutBytes()).isEqualTo(secret);

        carry(cid, "alice", "bob");
        CliOutcome read = defl("cat", cid, "--data-dir", data("bob"), "--password-file", passwordFile().toString());
        assertThat(read.exitCode()).as(read.stderr()).isZero();
        assertThat(read.stdoutBytes()).isEqualTo(secret);
        Path got = dir.resolve("got.txt");
        CliOutcome get = defl("get", cid, "-o", got.toString(), "--data-dir", data("bob"), "--password-file", passwordFile().toString());
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(got).hasBinaryContent(secret);

        carry(cid, "alice", "carol");
        CliOutcome refused = defl("cat", cid, "--data-dir", data("carol"), "--password-file", passwordFile().toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stdoutBytes()).isEmpty();
        assertThat(refused.stderr().strip()).startsWith("cat: error: content " + cid + " is encrypted for ")
                .containsIgnoringCase(alice).containsIgnoringCase(bob)
                .contains("none of your accounts (" + carol + ") is among them");
        Path notWritten = dir.resolve("carol.txt");
        CliOutcome getRefused = defl("get", cid, "-o", notWritten.toString(), "--data-dir", data("carol"),
                "--password-file", passwordFile().toString());
        assertThat(getRefused.exitCode()).isEqualTo(1);
        assertThat(getRefused.stderr()).contains(cid).contains("is encrypted for");
        assertThat(notWritten).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".carol.txt"));
        }
    }

    @Test
    void aTamperedEnvelopeIsRefusedNamingItsCidAndNothingIsWritten() throws Exception {
        newPeer("alice");
        String bob = newPeer("bob");
        introduce("bob", "alice");
        Recipient bobKey = KnownKeys.open(dir.resolve("alice")).recipient(bob).orElseThrow();
        byte[] envelope = Envelope.seal("the rows of one hospital".getBytes(StandardCharsets.UTF_8), List.of(bobKey));
        envelope[envelope.length - 20] ^= 1; // a ciphertext byte
        Path tampered = Files.write(dir.resolve("tampered.bin"), envelope);
        CliOutcome added = defl("add", tampered.toString(), "--data-dir", data("bob"));
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        String cid = added.stdout().strip();

        CliOutcome cat = defl("cat", cid, "--data-dir", data("bob"), "--password-file", passwordFile().toString());
        assertThat(cat.exitCode()).isEqualTo(1);
        assertThat(cat.stdoutBytes()).isEmpty();
        assertThat(cat.stderr().strip()).startsWith("cat: error: content " + cid + " cannot be decrypted: ")
                .contains("fails its AES-GCM tag");
        Path out = dir.resolve("out.txt");
        CliOutcome get = defl("get", cid, "-o", out.toString(), "--data-dir", data("bob"), "--password-file", passwordFile().toString());
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.stderr()).contains("content " + cid + " cannot be decrypted");
        assertThat(out).doesNotExist();
    }

    @Test
    void keyImportRefusesAStatementSignedByAnotherAccountAndEncryptingNeedsKnownKeys() throws Exception {
        String alice = newPeer("alice");
        String bob = newPeer("bob");
        CliOutcome aliceStatement = defl("keys", "export", "--data-dir", data("alice"), "--password-file", passwordFile().toString());
        CliOutcome bobStatement = defl("keys", "export", "--data-dir", data("bob"), "--password-file", passwordFile().toString());
        assertThat(bobStatement.exitCode()).as(bobStatement.stderr()).isZero();
        String bobLine = bobStatement.stdout().strip();
        assertThat(bobLine).startsWith("defl-key-v1:" + bob.toLowerCase() + ":");
        // bob's key and address with alice's signature: the signature does not recover bob's address
        String forged = bobLine.substring(0, bobLine.length() - 130) + aliceStatement.stdout().strip().substring(
                aliceStatement.stdout().strip().length() - 130);
        CliOutcome refused = defl("keys", "import", forged, "--data-dir", data("carol"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr().strip()).startsWith("keys import: error: key statement of " + bob.toLowerCase()
                + " does not verify: it is signed by 0x");
        assertThat(dir.resolve("carol").resolve(KnownKeys.FILE)).doesNotExist();

        Path file = Files.writeString(dir.resolve("note.txt"), "hello");
        CliOutcome unknown = defl("add", file.toString(), "--encrypt-for", bob, "--data-dir", data("alice"),
                "--password-file", passwordFile().toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no public key known for " + bob.toLowerCase())
                .contains("defl keys import");

        CliOutcome imported = defl("keys", "import", bobLine, "--data-dir", data("alice"));
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        CliOutcome listed = defl("keys", "ls", "--data-dir", data("alice"));
        assertThat(listed.stdout()).contains(alice + " own ").contains(bob + " imported ");
    }

    @Test
    void anEncryptedDatasetTrainsForARecipientAndNamesItsRecipientsToOthers() throws Exception {
        String alice = newPeer("alice");
        String bob = newPeer("bob");
        newPeer("carol");
        introduce("bob", "alice");
        CliOutcome published = defl("dataset", "publish", "digits", "--shard-rows", "1000", "--encrypt-for", bob,
                "--data-dir", data("alice"), "--password-file", passwordFile().toString());
        assertThat(published.exitCode()).as(published.stderr()).isZero();
        assertThat(published.stdout()).contains("encrypted for").contains(alice + " (you)");
        String cid = published.lines().getLast();
        CliOutcome plain = defl("dataset", "publish", "digits", "--shard-rows", "1000", "-q", "--data-dir", data("plain"));
        assertThat(cid).isNotEqualTo(plain.stdout().strip());

        // bob gets the blocks (as IPFS would bring them) and trains on them
        copyStore("alice", "bob");
        copyStore("alice", "carol");
        CliOutcome run = defl("run", "--dataset", "cid:" + cid, "--model", "logreg", "--clients", "2", "--rounds", "1",
                "--data-dir", data("bob"), "--password-file", passwordFile().toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("dataset digits/train: 1437 training rows over 2 clients, 360 test rows");
        assertThat(run.lines().stream().filter(l -> l.startsWith("round 1 "))).hasSize(1);

        CliOutcome info = defl("dataset", "info", cid, "--data-dir", data("carol"), "--password-file", passwordFile().toString());
        assertThat(info.exitCode()).isEqualTo(1);
        assertThat(info.stderr()).contains("content " + cid + " is encrypted for").containsIgnoringCase(bob);
    }

    private void copyStore(String from, String to) throws Exception {
        Path source = dir.resolve(from).resolve("ipfs");
        Path target = dir.resolve(to).resolve("ipfs");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path q = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
