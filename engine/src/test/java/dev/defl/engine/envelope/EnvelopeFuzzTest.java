package dev.defl.engine.envelope;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.web3j.crypto.Credentials;

import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of what a peer's envelope bytes reach: {@link Envelope#header},
 * {@link Envelope#readHeader}, {@link Envelope#recipients} and {@link Envelope#open} with a recipient's key, and {@link KeyStatement#parse} then
 * {@link KeyStatement#verify}. An {@link EnvelopeException} (resp. {@link KeyStatementException}) is the only failure
 * allowed. Without {@code JAZZER_FUZZ=1} the targets run on their seed corpora in
 * {@code src/test/resources/dev/defl/engine/envelope/EnvelopeFuzzTestInputs/<method>/} (README "Fuzzing"); the
 * envelope seeds are sealed for anvil dev accounts 0 and 1, so the fuzzer starts from envelopes the key opens.
 */
class EnvelopeFuzzTest {
    /** Anvil dev account 0 (public knowledge, see {@code DevAccounts}): a recipient of the seed envelopes. */
    private static final Credentials RECIPIENT =
            Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    @FuzzTest(maxDuration = "10m")
    void envelope(byte[] input) {
        EnvelopeHeader header;
        try {
            header = Envelope.header(input);
        } catch (EnvelopeException expected) {
            header = null; // documented: malformed or unsupported version
        }
        try {
            List<String> recipients = Envelope.recipients(input);
            if (header == null || !recipients.equals(header.recipients())) throw new AssertionError("recipients disagree with header");
        } catch (EnvelopeException expected) {
            if (header != null) throw new AssertionError("header parses but recipients do not");
        }
        try {
            EnvelopeHeader streamed = Envelope.readHeader(new java.io.ByteArrayInputStream(input));
            if (header != null && !streamed.equals(header)) throw new AssertionError("streamed header differs");
        } catch (EnvelopeException expected) {
            if (header != null) throw new AssertionError("header parses but not from a stream", expected);
        } catch (java.io.IOException e) {
            throw new AssertionError("a byte array stream cannot fail", e);
        }
        try {
            byte[] plaintext = Envelope.open(input, RECIPIENT);
            if (header == null || plaintext.length != header.plaintextLength()) throw new AssertionError("opened a bad envelope");
        } catch (EnvelopeException expected) {
            // documented: malformed, unsupported, not a recipient, tampered
        }
    }

    @FuzzTest(maxDuration = "10m")
    void keyStatement(byte[] input) {
        // as given (mostly the wrong length), and cut or padded to 129 bytes so that verify sees every input
        for (byte[] bytes : new byte[][] {input, java.util.Arrays.copyOf(input, KeyStatement.BYTES)}) {
            try {
                Recipient r = KeyStatement.parse(RECIPIENT.getAddress(), bytes).verify();
                if (!r.address().equals(RECIPIENT.getAddress())) throw new AssertionError("verified for another address");
            } catch (KeyStatementException expected) {
                // documented: wrong length, key or signer
            }
        }
    }
}
