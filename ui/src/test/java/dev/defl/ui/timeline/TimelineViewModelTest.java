package dev.defl.ui.timeline;

import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineViewModelTest {

    static final String CID_A = "bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String CID_B = "bafkreibbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String AGG = "bafkreiggggggggggggggggggggggggggggggggggggggggggggggggggggg";

    /** 2 clients, 3 aggregators (quorum 2), 2 rounds. */
    static ExperimentConfig config() {
        return new ExperimentConfig(2, 3, 2, 1, 32, 0.05, 7);
    }

    static UpdateRecord update(String client, String cid) {
        return new UpdateRecord(client, cid, 80, "0xtx", 101_142);
    }

    @Test
    void aDpRunShowsEachRoundsEpsilon() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.begin(config());
        assertThat(vm.privateRunProperty().get()).isFalse();
        vm.begin(config().withDp(new dev.defl.engine.learning.privacy.DpSetting(1.0, 1.0, 1e-5)));
        assertThat(vm.privateRunProperty().get()).isTrue();
        vm.onRoundOpened(1);
        RoundRow row = vm.rows().getFirst();
        assertThat(row.epsilonProperty().get()).isNaN();
        vm.onRoundFinalized(new RoundReport(1, AGG, 0.5, 1.0, List.of(), List.of(), List.of(), 17).withEpsilon(3.89));
        assertThat(row.epsilonProperty().get()).isEqualTo(3.89);
        assertThat(TimelineView.epsilonText(3.891)).isEqualTo("3.89");
        assertThat(TimelineView.epsilonText(Double.POSITIVE_INFINITY)).isEqualTo("∞");
        assertThat(TimelineView.epsilonText(Double.NaN)).isEqualTo("—");
    }

    @Test
    void aRoundsScreeningIsOneAggregatorsReportSummedUpAndDetailed() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.begin(config());
        vm.onRoundOpened(1);
        RoundRow row = vm.rows().getFirst();
        assertThat(row.screeningSummary()).isEqualTo("—");
        vm.onUpdateScreened(1, "0xa1", "0xc1", CID_A, "DISCARDED", true, "not selected by multi-krum");
        vm.onUpdateScreened(1, "0xa1", "0xc2", CID_B, "NORM_OUTLIER", true, "delta norm 9 is 9× the round's median 1");
        vm.onUpdateScreened(1, "0xa2", "0xc1", CID_A, "DISCARDED", true, "not selected by multi-krum"); // the same, again
        vm.onUpdateScreened(1, "0xa1", "0xc3", CID_B, "DOWN_WEIGHTED", false, "norm-bounding gave it a share of 1 %");
        assertThat(row.screened()).hasSize(3);
        assertThat(row.screeningSummary()).isEqualTo("2 suspected · 1 discarded · 1 down-weighted · 1 outlier");
        assertThat(TimelineViewModel.describe(row)).contains("Screening by 0xa1 (2 suspected")
                .contains("  0xc1  discarded (suspected): not selected by multi-krum")
                .contains("  0xc3  down weighted: norm-bounding gave it a share of 1 %");
    }

    @Test
    void eventsMoveARoundFromOpenThroughAggregatingAndVotingToFinalized() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.begin(config());
        vm.onStarted(31337, "0xc0ffee", "http://127.0.0.1:8545");
        assertThat(vm.headerProperty().get()).contains("31337").contains("0xc0ffee");

        vm.onRoundOpened(1);
        RoundRow row = vm.rows().getFirst();
        assertThat(row.state()).isEqualTo(RoundState.OPEN);
        vm.onUpdateSubmitted(1, update("0xc1", CID_A));
        assertThat(row.state()).isEqualTo(RoundState.OPEN);
        assertThat(row.updateCountProperty().get()).isEqualTo(1);
        vm.onUpdateSubmitted(1, update("0xc2", CID_B));
        assertThat(row.state()).as("all N updates in").isEqualTo(RoundState.AGGREGATING);

        ProposalRecord proposal = new ProposalRecord("0xa1", AGG, "0xtp", 167_466);
        vm.onProposed(1, proposal);
        assertThat(row.state()).isEqualTo(RoundState.VOTING);
        assertThat(row.proposalCidProperty().get()).isEqualTo(AGG);
        assertThat(row.votesProperty().get()).as("the proposer's own vote").isEqualTo(1);
        assertThat(row.quorum()).isEqualTo(2);

        VoteRecord vote = new VoteRecord("0xa2", AGG, "0xtv", 76_030);
        vm.onVoted(1, vote);
        assertThat(row.votesProperty().get()).isEqualTo(2);

        vm.onRoundFinalized(new RoundReport(1, AGG, 0.875, 0.42, List.of(update("0xc1", CID_A), update("0xc2", CID_B)),
                List.of(proposal), List.of(vote), 17));
        assertThat(row.state()).isEqualTo(RoundState.FINALIZED);
        assertThat(row.finalizedBlockProperty().get()).isEqualTo(17);
        assertThat(row.testAccuracyProperty().get()).isEqualTo(0.875);
        assertThat(vm.accuracy()).containsExactly(new AccuracyPoint(1, 87.5));

        vm.onRoundOpened(2);
        assertThat(vm.rows()).extracting(RoundRow::round).containsExactly(1, 2);
        assertThat(vm.rows().get(1).state()).isEqualTo(RoundState.OPEN);
    }

    @Test
    void votesCountTheLeadingProposalOnly() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.begin(config());
        vm.onRoundOpened(1);
        vm.onProposed(1, new ProposalRecord("0xa1", CID_A, "0x1", 1));
        vm.onProposed(1, new ProposalRecord("0xa2", CID_B, "0x2", 1));
        vm.onVoted(1, new VoteRecord("0xa3", CID_B, "0x3", 1));
        RoundRow row = vm.rows().getFirst();
        assertThat(row.proposalCidProperty().get()).isEqualTo(CID_B);
        assertThat(row.votesProperty().get()).isEqualTo(2);
    }

    @Test
    void selectedRoundDetailsListFullCidsAndFollowLiveEvents() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.begin(config());
        vm.onRoundOpened(1);
        vm.selectedProperty().set(vm.rows().getFirst());
        assertThat(vm.detailsProperty().get()).contains("Round 1 — open").contains("Updates (0)");
        vm.onUpdateSubmitted(1, update("0xc1", CID_A));
        assertThat(vm.detailsProperty().get()).contains("Updates (1)").contains(CID_A).contains("101,142 gas");
    }

    @Test
    void beginForgetsThePreviousRun() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.begin(config());
        vm.onRoundOpened(1);
        vm.onRoundFinalized(new RoundReport(1, AGG, 0.5, 1.0, List.of(), List.of(), List.of(), 3));
        vm.begin(config());
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.accuracy()).isEmpty();
        assertThat(vm.plannedRoundsProperty().get()).isEqualTo(2);
    }

    @Test
    void shortCidKeepsBothEnds() {
        assertThat(TimelineViewModel.shortCid(CID_A)).isEqualTo("bafkreia…aaaaaa").hasSize(15);
        assertThat(TimelineViewModel.shortCid("Qm123")).isEqualTo("Qm123");
        assertThat(TimelineViewModel.shortCid(null)).isEmpty();
    }

    @Test
    void aRegressionRoundShowsR2AndPlotsNoNaNAccuracy() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.begin(config());
        vm.onRoundOpened(1);
        vm.onRoundFinalized(new RoundReport(1, AGG, Double.NaN, 20.25, 4.5, 3.6, 0.76, List.of(), List.of(), List.of(), 9));
        RoundRow row = vm.rows().getFirst();
        assertThat(row.testR2Property().get()).isEqualTo(0.76);
        assertThat(vm.accuracy()).isEmpty();
        assertThat(TimelineView.testScore(row.testAccuracyProperty().get(), row.testR2Property().get()))
                .isEqualTo("R² 0.760");
        assertThat(TimelineView.testScore(0.9, Double.NaN)).isEqualTo("90.00 %");
        assertThat(TimelineView.testScore(Double.NaN, Double.NaN)).isEqualTo("—");
        assertThat(TimelineViewModel.describe(row)).contains("Test R² 0.760 · test MSE 20.25 · RMSE 4.500")
                .doesNotContain("NaN");
    }

    @Test
    void withAClientFractionARoundAggregatesOnceTheSampledClientsSubmitted() {
        TimelineViewModel vm = new TimelineViewModel();
        vm.begin(new ExperimentConfig(4, 3, 2, 1, 32, 0.05, 7).withClientFraction(0.5));
        vm.onRoundOpened(1);
        vm.onUpdateSubmitted(1, update("0xc1", CID_A));
        assertThat(vm.rows().getFirst().state()).isEqualTo(RoundState.OPEN);
        vm.onUpdateSubmitted(1, update("0xc3", CID_B));
        assertThat(vm.rows().getFirst().state()).as("2 of 4 clients sampled, both in").isEqualTo(RoundState.AGGREGATING);
    }
}
