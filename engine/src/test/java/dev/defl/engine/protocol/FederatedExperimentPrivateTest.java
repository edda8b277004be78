package dev.defl.engine.protocol;

import dev.defl.engine.workspace.EmbeddedDigitsWorkspace;
import dev.defl.engine.content.Cid;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.NotARecipientException;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.round.Committee;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A private task through a whole one-process run ({@code defl run --private-updates}) on the real trainer, embedded
 * content store and anvil, digits, 2NN: 4 clients, 2 aggregators (quorum 2, so a round finalizes only when both
 * aggregators computed the same CID from the sealed updates), 2 rounds.
 */
class FederatedExperimentPrivateTest extends EmbeddedDigitsWorkspace {
    @Test
    void aPrivateTaskFinalizesWithBothAggregatorsAgreeingAndOnlyTheCommitteeCanReadAnUpdate() throws Exception {
        var config = new ExperimentConfig(4, 2, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7).withPrivateUpdates(true);
        List<String> rejected = new ArrayList<>();
        RunReport report = new FederatedExperiment(workspace).run(config, data, new RunListener() {
            @Override
            public void onUpdateRejected(int round, String aggregator, String client, String cid, String reason) {
                rejected.add(reason);
            }
        }, () -> false);

        TaskInfo task = workspace.taskContract().task(report.taskId());
        assertThat(task.params().privateUpdates()).isTrue();
        assertThat(task.status()).isEqualTo(TaskInfo.Status.COMPLETED);
        TaskDocument document = TaskDocument.fetch(workspace.content(), task.params().modelSpec(),
                task.params().aggregationRule());
        assertThat(document.privateUpdates()).isTrue();
        assertThat(rejected).isEmpty();

        List<String> aggregators = List.of(DevAccounts.account(5).getAddress(), DevAccounts.account(6).getAddress());
        Committee committee = Committee.read(workspace.taskContract(), report.taskId());
        assertThat(committee.complete()).isTrue();
        assertThat(committee.recipients()).containsExactlyElementsOf(aggregators.stream().sorted().toList());

        assertThat(report.rounds()).hasSize(2);
        for (RoundReport r : report.rounds()) {
            // both aggregators agree: the proposal of one and the vote of the other name the finalized CID
            assertThat(r.proposals()).hasSize(1);
            assertThat(r.votes()).hasSize(1);
            assertThat(r.proposals().getFirst().cid()).isEqualTo(r.globalModelCid());
            assertThat(r.votes().getFirst().cid()).isEqualTo(r.globalModelCid());
            assertThat(Set.of(r.proposals().getFirst().aggregator(), r.votes().getFirst().voter()))
                    .containsExactlyInAnyOrderElementsOf(aggregators);
            assertThat(workspace.taskContract().proposalVoters(report.taskId(), r.round(), Cid.parse(r.globalModelCid())))
                    .hasSize(2);
            // the aggregate is published in the clear
            SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(r.globalModelCid())));
            assertThat(r.updates()).hasSize(4);
            for (UpdateRecord u : r.updates()) {
                byte[] envelope = workspace.content().catBytes(Cid.parse(u.cid()));
                assertThat(Envelope.isEnvelope(envelope)).as(u.cid()).isTrue();
                // the envelope names exactly the committee
                assertThat(Envelope.recipients(envelope)).containsExactlyElementsOf(committee.recipients());
                // an outsider with the CID cannot read it: every funded account's key but the aggregators' fails
                for (int i = 0; i < AnvilProcess.ACCOUNTS; i++) {
                    Credentials account = DevAccounts.account(i);
                    if (aggregators.contains(account.getAddress())) continue;
                    assertThatThrownBy(() -> Envelope.open(envelope, account)).as("account %d on %s", i, u.cid())
                            .isInstanceOf(NotARecipientException.class);
                }
                // each aggregator reads the update: a model of the task
                for (String a : aggregators) {
                    byte[] plain = Envelope.open(envelope, DevAccounts.find(a).orElseThrow());
                    assertThat(SafetensorsCodec.decode(plain).weights().tensors()).isNotEmpty();
                }
            }
        }
        System.out.println("private run: " + report.rounds().stream()
                .map(r -> String.format(Locale.ROOT, "round %d %s acc %.4f", r.round(), r.globalModelCid(), r.testAccuracy()))
                .collect(Collectors.joining("; ")));
    }
}
