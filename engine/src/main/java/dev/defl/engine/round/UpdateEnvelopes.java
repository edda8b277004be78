package dev.defl.engine.round;

import dev.defl.engine.content.Cid;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.EnvelopeException;
import dev.defl.engine.envelope.MalformedEnvelopeException;
import dev.defl.engine.envelope.NotARecipientException;
import dev.defl.engine.envelope.TamperedEnvelopeException;
import dev.defl.engine.envelope.UnsupportedEnvelopeVersionException;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The updates of a private task ({@code TaskParams.privateUpdates}): a client's safetensors file sealed in an envelope
 * ({@code docs/envelope.md}) for the task's aggregator committee ({@link Committee#seal}), opened by an aggregator with
 * its account key ({@link #opener}), and checked without a key against the committee ({@link #recipientsProblem}: what
 * an auditor without a committee keystore can check).
 */
public final class UpdateEnvelopes {
    private UpdateEnvelopes() {
    }

    /**
     * The opener of an aggregator (or of an auditor holding a committee member's keystore): opens each update's envelope
     * with {@code key}. Every failure is an {@link UnreadableUpdateException} naming the CID, the client and the cause:
     * plaintext (no envelope magic), malformed or unsupported envelope, not sealed for the key's address, tampered.
     */
    public static UpdateOpener opener(ECKeyPair key) {
        Objects.requireNonNull(key, "key");
        String address = "0x" + Keys.getAddress(key);
        return (cid, client, bytes) -> {
            if (!Envelope.isEnvelope(bytes)) {
                throw new UnreadableUpdateException(cid, client, "it is not an envelope (plaintext of " + bytes.length
                        + " bytes) but the task's updates are private", null);
            }
            try {
                return Envelope.open(bytes, key);
            } catch (NotARecipientException e) {
                throw new UnreadableUpdateException(cid, client, "it is not sealed for aggregator " + address
                        + " (recipients " + String.join(", ", e.recipients()) + ")", e);
            } catch (TamperedEnvelopeException e) {
                throw new UnreadableUpdateException(cid, client, "tampered envelope: " + e.getMessage(), e);
            } catch (MalformedEnvelopeException | UnsupportedEnvelopeVersionException e) {
                throw new UnreadableUpdateException(cid, client, "malformed envelope: " + e.getMessage(), e);
            } catch (EnvelopeException e) { // the sealed hierarchy has no other kind
                throw new UnreadableUpdateException(cid, client, e.getMessage(), e);
            }
        };
    }

    /**
     * What is wrong with an update's envelope as seen without a key: not an envelope, malformed, or recipients other
     * than {@code committee}'s published keys ({@link Committee#recipients()}); empty when it looks right. The content
     * itself is only checked by opening it.
     *
     * @param cid    the update's CID, for the message
     * @param client the submitting client, for the message
     */
    public static Optional<String> recipientsProblem(Committee committee, Cid cid, String client, byte[] bytes) {
        String who = "update " + cid + " from client " + client;
        if (!Envelope.isEnvelope(bytes)) return Optional.of(who + " is not an envelope (plaintext) but the task is private");
        List<String> recipients;
        try {
            recipients = Envelope.recipients(bytes);
        } catch (EnvelopeException e) {
            return Optional.of(who + ": " + e.getMessage());
        }
        List<String> expected = committee.recipients();
        if (!recipients.equals(expected)) {
            return Optional.of(who + " is sealed for " + recipients + ", not for the committee's published keys "
                    + expected);
        }
        return Optional.empty();
    }
}
