package dev.defl.ui.timeline;

import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;
import dev.defl.ui.run.RunObserver;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Locale;

/**
 * Round timeline state, driven by run events on the UI thread: one {@link RoundRow} per round moving
 * open → aggregating → voting → finalized, the test accuracy per finalized round, the chain header
 * and the details of the selected round. Holds no controls.
 */
public final class TimelineViewModel implements RunObserver {

    private final ObservableList<RoundRow> rows = FXCollections.observableArrayList();
    private final ObservableList<RoundRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<AccuracyPoint> accuracy = FXCollections.observableArrayList();
    private final ObservableList<AccuracyPoint> accuracyView = FXCollections.unmodifiableObservableList(accuracy);
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper("No run yet: load a dataset on the Trainer and press Run.");
    private final ReadOnlyLongWrapper latestBlock = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyIntegerWrapper plannedRounds = new ReadOnlyIntegerWrapper(0);
    private final ObjectProperty<RoundRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private int quorum = 1;
    private int clients = Integer.MAX_VALUE;

    public TimelineViewModel() {
        selected.addListener((obs, old, row) -> refreshDetails());
    }

    @Override
    public void begin(ExperimentConfig config) {
        rows.clear();
        accuracy.clear();
        selected.set(null);
        quorum = config.quorum();
        clients = config.clients();
        plannedRounds.set(config.rounds());
        latestBlock.set(-1);
        header.set("Deploying the round contract …");
    }

    @Override
    public void onStarted(long chainId, String contract, String rpcUrl) {
        header.set("Chain id " + chainId + " · contract " + contract + " · " + rpcUrl);
    }

    @Override
    public void onBlock(long blockNumber) {
        latestBlock.set(Math.max(latestBlock.get(), blockNumber));
    }

    @Override
    public void onRoundOpened(int round) {
        row(round).setState(RoundState.OPEN);
        changed(round);
    }

    @Override
    public void onUpdateSubmitted(int round, UpdateRecord update) {
        RoundRow row = row(round);
        row.addUpdate(update);
        if (row.state() == RoundState.OPEN && row.updateCountProperty().get() >= clients) {
            row.setState(RoundState.AGGREGATING);
        }
        changed(round);
    }

    @Override
    public void onProposed(int round, ProposalRecord proposal) {
        RoundRow row = row(round);
        row.addProposal(proposal);
        if (row.state() != RoundState.FINALIZED) row.setState(RoundState.VOTING);
        changed(round);
    }

    @Override
    public void onVoted(int round, VoteRecord vote) {
        RoundRow row = row(round);
        row.addVote(vote);
        if (row.state() != RoundState.FINALIZED) row.setState(RoundState.VOTING);
        changed(round);
    }

    @Override
    public void onRoundFinalized(RoundReport report) {
        RoundRow row = row(report.round());
        row.markFinalized(report.globalModelCid(), report.finalizedBlock(), report.testAccuracy(), report.testLoss(),
                report.updates(), report.proposals(), report.votes());
        latestBlock.set(Math.max(latestBlock.get(), report.finalizedBlock()));
        accuracy.removeIf(p -> p.round() == report.round());
        accuracy.add(new AccuracyPoint(report.round(), 100 * report.testAccuracy()));
        changed(report.round());
    }

    /** The row of {@code round}, created (in round order) when first seen. */
    private RoundRow row(int round) {
        int i = 0;
        for (; i < rows.size(); i++) {
            RoundRow r = rows.get(i);
            if (r.round() == round) return r;
            if (r.round() > round) break;
        }
        RoundRow created = new RoundRow(round, quorum);
        rows.add(i, created);
        return created;
    }

    private void changed(int round) {
        RoundRow s = selected.get();
        if (s != null && s.round() == round) refreshDetails();
    }

    private void refreshDetails() {
        RoundRow row = selected.get();
        details.set(row == null ? "" : describe(row));
    }

    /** Plain-text details of a round: every update, proposal and vote with full CIDs and gas. */
    public static String describe(RoundRow row) {
        StringBuilder b = new StringBuilder();
        b.append("Round ").append(row.round()).append(" — ").append(row.state().label());
        if (row.finalizedBlockProperty().get() >= 0) b.append(" in block ").append(row.finalizedBlockProperty().get());
        b.append('\n');
        if (row.state() == RoundState.FINALIZED) {
            b.append(String.format(Locale.ROOT, "Global model %s%nTest accuracy %.2f %% · test loss %.4f%n",
                    row.proposalCidProperty().get(), 100 * row.testAccuracyProperty().get(), row.testLossProperty().get()));
        }
        b.append("\nUpdates (").append(row.updates().size()).append(")\n");
        for (UpdateRecord u : row.updates()) {
            b.append(String.format(Locale.ROOT, "  %s  %s  %,d samples  %,d gas%n", u.client(), u.cid(), u.numSamples(), u.gasUsed()));
        }
        b.append("\nProposals (").append(row.proposals().size()).append(")\n");
        for (ProposalRecord p : row.proposals()) {
            b.append(String.format(Locale.ROOT, "  %s  %s  %,d gas%n", p.aggregator(), p.cid(), p.gasUsed()));
        }
        b.append("\nVotes (").append(row.votesProperty().get()).append('/').append(row.quorum())
                .append(", the proposer's own vote included)\n");
        for (VoteRecord v : row.votes()) {
            b.append(String.format(Locale.ROOT, "  %s  %s  %,d gas%n", v.voter(), v.cid(), v.gasUsed()));
        }
        return b.toString();
    }

    /** Shortens a CID for a table cell: {@code bafkrei…vei4}; short or empty strings are returned as is. */
    public static String shortCid(String cid) {
        return dev.defl.ui.CidText.shorten(cid);
    }

    public ObservableList<RoundRow> rows() { return rowsView; }
    /** Test accuracy per finalized round, in percent. */
    public ObservableList<AccuracyPoint> accuracy() { return accuracyView; }
    /** Chain id, contract address and RPC URL of the current run. */
    public ReadOnlyStringProperty headerProperty() { return header.getReadOnlyProperty(); }
    public ReadOnlyLongProperty latestBlockProperty() { return latestBlock.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty plannedRoundsProperty() { return plannedRounds.getReadOnlyProperty(); }
    /** The row whose details are shown; the view binds the table selection to it. */
    public ObjectProperty<RoundRow> selectedProperty() { return selected; }
    public ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }
}
