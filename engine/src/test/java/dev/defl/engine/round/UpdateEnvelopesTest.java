package dev.defl.engine.round;

import dev.defl.engine.content.Cid;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.ledger.DevAccounts;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening a private task's updates and checking their recipients, without a chain (the committee built directly). */
class UpdateEnvelopesTest {
    static final Credentials A = DevAccounts.account(4);
    static final Credentials B = DevAccounts.account(5);
    static final Credentials OUTSIDER = DevAccounts.account(6);
    static final String CLIENT = DevAccounts.account(1).getAddress();
    static final Cid CID = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    static final byte[] UPDATE = "safetensors bytes".getBytes(StandardCharsets.US_ASCII);

    private static Committee committee(Credentials... members) {
        Map<String, Recipient> keys = new LinkedHashMap<>();
        for (Credentials c : members) keys.put(c.getAddress(), Recipient.of(c.getEcKeyPair()));
        return new Committee(List.copyOf(keys.keySet()), keys, Map.of());
    }

    @Test
    void eachCommitteeMemberOpensWhatIsSealedForTheCommittee() throws Exception {
        Committee committee = committee(A, B);
        byte[] sealed = committee.seal(UPDATE);
        assertThat(UpdateEnvelopes.opener(A.getEcKeyPair()).open(CID, CLIENT, sealed)).isEqualTo(UPDATE);
        assertThat(UpdateEnvelopes.opener(B.getEcKeyPair()).open(CID, CLIENT, sealed)).isEqualTo(UPDATE);
        assertThat(UpdateEnvelopes.recipientsProblem(committee, CID, CLIENT, sealed)).isEmpty();
        assertThat(committee.complete()).isTrue();
    }

    @Test
    void everyUnopenableUpdateIsNamedWithItsCidClientAndCause() {
        UpdateOpener a = UpdateEnvelopes.opener(A.getEcKeyPair());
        String prefix = "update " + CID + " from client " + CLIENT + " cannot be opened: ";
        assertThatThrownBy(() -> a.open(CID, CLIENT, UPDATE)).isInstanceOf(UnreadableUpdateException.class)
                .hasMessage(prefix + "it is not an envelope (plaintext of 17 bytes) but the task's updates are private");
        byte[] forB = committee(B).seal(UPDATE);
        assertThatThrownBy(() -> a.open(CID, CLIENT, forB)).hasMessage(prefix + "it is not sealed for aggregator "
                + A.getAddress() + " (recipients " + B.getAddress() + ")");
        byte[] tampered = committee(A).seal(UPDATE);
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> a.open(CID, CLIENT, tampered)).hasMessageStartingWith(prefix + "tampered envelope: ");
        byte[] truncated = java.util.Arrays.copyOf(committee(A).seal(UPDATE), 40);
        assertThatThrownBy(() -> a.open(CID, CLIENT, truncated)).hasMessageStartingWith(prefix + "malformed envelope: ");
        assertThatThrownBy(() -> a.open(CID, CLIENT, truncated)).isInstanceOfSatisfying(UnreadableUpdateException.class,
                e -> {
                    assertThat(e.cid()).isEqualTo(CID);
                    assertThat(e.client()).isEqualTo(CLIENT);
                });
    }

    @Test
    void withoutAKeyTheRecipientsAreComparedWithTheCommittee() {
        Committee committee = committee(A, B);
        assertThat(UpdateEnvelopes.recipientsProblem(committee, CID, CLIENT, committee(A).seal(UPDATE)))
                .hasValue("update " + CID + " from client " + CLIENT + " is sealed for [" + A.getAddress()
                        + "], not for the committee's published keys " + committee.recipients());
        assertThat(UpdateEnvelopes.recipientsProblem(committee, CID, CLIENT, UPDATE)).get().asString()
                .contains("is not an envelope");
        assertThat(UpdateEnvelopes.recipientsProblem(committee, CID, CLIENT, committee(A, B, OUTSIDER).seal(UPDATE)))
                .isPresent();
    }

    @Test
    void aCommitteeWithoutKeysCannotSealAndNamesWhy() {
        Committee none = new Committee(List.of(A.getAddress()), Map.of(), Map.of(A.getAddress(), "no key published"));
        assertThat(none.complete()).isFalse();
        assertThat(none.missing()).containsExactly(A.getAddress());
        assertThatThrownBy(() -> none.seal(UPDATE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no key published");
        assertThat(Envelope.overheadBytes(2)).isPositive();
    }
}
