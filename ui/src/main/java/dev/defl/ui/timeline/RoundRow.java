package dev.defl.ui.timeline;

import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One round of the timeline, updated live from run events. Only {@link TimelineViewModel} changes it;
 * views read its properties. Absent values: block {@code -1}, accuracy and loss {@code NaN}, CID empty.
 */
public final class RoundRow {

    private final int round;
    private final int quorum;
    private final ReadOnlyObjectWrapper<RoundState> state = new ReadOnlyObjectWrapper<>(RoundState.OPEN);
    private final ReadOnlyIntegerWrapper updateCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper proposalCid = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper votes = new ReadOnlyIntegerWrapper();
    private final ReadOnlyLongWrapper finalizedBlock = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyDoubleWrapper testAccuracy = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper testLoss = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper testR2 = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper epsilon = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper("");
    private final ObservableList<UpdateRecord> updates = FXCollections.observableArrayList();
    private final ObservableList<ProposalRecord> proposals = FXCollections.observableArrayList();
    private final ObservableList<VoteRecord> voteRecords = FXCollections.observableArrayList();
    private final ObservableList<Screened> screened = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper screenedBy = new ReadOnlyStringWrapper("");

    /**
     * An update the round's screening reported (one aggregator's report: every honest aggregator's is the same).
     *
     * @param client    the client, 0x-hex
     * @param verdict   {@code DISCARDED}, {@code DOWN_WEIGHTED} or {@code NORM_OUTLIER}
     * @param suspected whether it counts against the client
     * @param reason    why, one line
     */
    public record Screened(String client, String verdict, boolean suspected, String reason) { }

    RoundRow(int round, int quorum) {
        this.round = round;
        this.quorum = quorum;
    }

    void setState(RoundState s) { state.set(s); }

    /** Adds a screening line of {@code aggregator}'s; lines of a second aggregator are ignored (the same report). */
    boolean addScreened(String aggregator, Screened s) {
        if (screenedBy.get().isEmpty()) screenedBy.set(aggregator);
        if (!screenedBy.get().equals(aggregator)) return false;
        screened.add(s);
        return true;
    }

    /** The updates the round's screening reported, in submission order. */
    public ObservableList<Screened> screened() { return screened; }

    /** The aggregator whose screening {@link #screened()} holds, or empty. */
    public ReadOnlyStringProperty screenedByProperty() { return screenedBy.getReadOnlyProperty(); }

    /** {@code "2 suspected · 3 discarded"}, or {@code "—"} when the screening reported nothing. */
    public String screeningSummary() {
        if (screened.isEmpty()) return "—";
        long suspected = screened.stream().filter(Screened::suspected).count();
        long discarded = screened.stream().filter(s -> s.verdict().equals("DISCARDED")).count();
        long down = screened.stream().filter(s -> s.verdict().equals("DOWN_WEIGHTED")).count();
        long outliers = screened.stream().filter(s -> s.verdict().equals("NORM_OUTLIER")).count();
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (suspected > 0) parts.add(suspected + " suspected");
        if (discarded > 0) parts.add(discarded + " discarded");
        if (down > 0) parts.add(down + " down-weighted");
        if (outliers > 0) parts.add(outliers + " outlier" + (outliers > 1 ? "s" : ""));
        return String.join(" · ", parts);
    }

    void addUpdate(UpdateRecord u) {
        updates.add(u);
        updateCount.set(updates.size());
    }

    void addProposal(ProposalRecord p) {
        proposals.add(p);
        recount();
    }

    void addVote(VoteRecord v) {
        voteRecords.add(v);
        recount();
    }

    void markFinalized(String cid, long block, double accuracy, double loss, List<UpdateRecord> u, List<ProposalRecord> p,
                  List<VoteRecord> v) {
        updates.setAll(u);
        proposals.setAll(p);
        voteRecords.setAll(v);
        updateCount.set(u.size());
        recount();
        proposalCid.set(cid);
        finalizedBlock.set(block);
        testAccuracy.set(accuracy);
        testLoss.set(loss);
        state.set(RoundState.FINALIZED);
    }

    /**
     * Replaces everything with a round read from the event index: its state, records and, when
     * finalized, the global model and block. Accuracy and loss are the live run's (NaN if it did not
     * evaluate the round).
     */
    /** Sets the regression score the live run's evaluator measured (NaN for none). */
    void setTestR2(double r2) {
        testR2.set(r2);
    }

    /** Sets the DP ε spent up to this round (NaN: no DP, or not known). */
    void setEpsilon(double eps) {
        epsilon.set(eps);
    }

    void load(ChainTimeline.RoundHistory h, double accuracy, double loss) {
        if (h.state() == RoundState.FINALIZED) {
            markFinalized(h.globalModelCid(), h.endedBlock(), accuracy, loss, h.updates(), h.proposals(), h.votes());
            return;
        }
        updates.setAll(h.updates());
        proposals.setAll(h.proposals());
        voteRecords.setAll(h.votes());
        updateCount.set(h.updates().size());
        recount();
        finalizedBlock.set(-1);
        testAccuracy.set(accuracy);
        testLoss.set(loss);
        failure.set(h.failure());
        state.set(h.state());
    }

    /** Leading proposal = the CID with most support; a proposal counts as its proposer's vote. */
    private void recount() {
        Map<String, Integer> support = new HashMap<>();
        String leader = "";
        int best = 0;
        for (ProposalRecord p : proposals) best = Math.max(best, bump(support, p.cid()));
        for (VoteRecord v : voteRecords) best = Math.max(best, bump(support, v.cid()));
        for (ProposalRecord p : proposals) {
            if (support.get(p.cid()) == best) {
                leader = p.cid();
                break;
            }
        }
        proposalCid.set(leader);
        votes.set(best);
    }

    private static int bump(Map<String, Integer> support, String cid) {
        return support.merge(cid, 1, Integer::sum);
    }

    public int round() { return round; }
    /** Votes needed to finalize: a majority of the aggregators. */
    public int quorum() { return quorum; }
    public ReadOnlyObjectProperty<RoundState> stateProperty() { return state.getReadOnlyProperty(); }
    public RoundState state() { return state.get(); }
    public ReadOnlyIntegerProperty updateCountProperty() { return updateCount.getReadOnlyProperty(); }
    /** CID of the leading (or finalized) proposal, empty before the first proposal. */
    public ReadOnlyStringProperty proposalCidProperty() { return proposalCid.getReadOnlyProperty(); }
    /** Support of the leading proposal: its proposer plus its voters. */
    public ReadOnlyIntegerProperty votesProperty() { return votes.getReadOnlyProperty(); }
    public ReadOnlyLongProperty finalizedBlockProperty() { return finalizedBlock.getReadOnlyProperty(); }
    /** Evaluator's test accuracy in [0, 1], NaN before finalization. */
    public ReadOnlyDoubleProperty testAccuracyProperty() { return testAccuracy.getReadOnlyProperty(); }
    /** Regression runs: the evaluator's test R² (accuracy is then NaN); NaN before finalization and for classification. */
    public ReadOnlyDoubleProperty testR2Property() { return testR2.getReadOnlyProperty(); }
    /** Runs with client-level DP: ε spent up to this round (infinite for noise multiplier 0); NaN otherwise. */
    public ReadOnlyDoubleProperty epsilonProperty() { return epsilon.getReadOnlyProperty(); }
    /** Evaluator's mean test cross-entropy (regression: the mean squared error), NaN before finalization. */
    public ReadOnlyDoubleProperty testLossProperty() { return testLoss.getReadOnlyProperty(); }
    /** Why and where a FAILED round failed, e.g. {@code "too few updates (1) at block 40"}; empty otherwise. */
    public ReadOnlyStringProperty failureProperty() { return failure.getReadOnlyProperty(); }
    public ObservableList<UpdateRecord> updates() { return FXCollections.unmodifiableObservableList(updates); }
    public ObservableList<ProposalRecord> proposals() { return FXCollections.unmodifiableObservableList(proposals); }
    public ObservableList<VoteRecord> votes() { return FXCollections.unmodifiableObservableList(voteRecords); }

    @Override
    public String toString() {
        return "RoundRow[" + round + ", " + state.get().label() + ", updates=" + updates.size() + ", votes=" + votes.get()
                + "/" + quorum + "]";
    }
}
