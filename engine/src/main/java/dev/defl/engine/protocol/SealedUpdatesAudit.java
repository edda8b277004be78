package dev.defl.engine.protocol;

import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentException;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.UpdateEntry;
import dev.defl.engine.round.Committee;
import dev.defl.engine.round.InvalidModelException;
import dev.defl.engine.round.ModelFetcher;
import dev.defl.engine.round.RoundAggregation;
import dev.defl.engine.round.UnreadableUpdateException;
import dev.defl.engine.round.UpdateEnvelopes;
import dev.defl.engine.round.UpdateOpener;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The part of {@link RoundVerifier}'s audit that differs for a private task ({@code TaskParams.privateUpdates}: each
 * update is an envelope sealed for the aggregator committee, {@code docs/envelope.md}).
 *
 * <p>With a committee member's key the rounds are recomputed exactly as for a public task: each update is opened with
 * that key through the aggregators' own {@link UpdateEnvelopes#opener}, and an update it cannot open (tampered,
 * plaintext, not sealed for the member) is left out as every aggregator leaves it out ({@link RoundAggregation}); each
 * such update, and each envelope sealed for other recipients than the committee, is a note naming the round, the
 * client and the CID.
 *
 * <p>Without a key ({@link #check}) each round is checked without recomputing: every update's envelope is read from
 * the content store (hash-verified), parsed, and its recipients compared with the committee ({@link Committee#read}:
 * the registered aggregators with a published key whose {@code AggregatorKeyPublished} statement verifies); then the
 * finalized model is read back and its tensor names and shapes compared with the initial model's. The committee is the
 * one on chain at the time of the audit.
 */
final class SealedUpdatesAudit {
    private final TaskContract contract;
    private final long taskId;
    private final ContentStore content;
    private final Committee committee;
    private final ECKeyPair key;
    private final List<String> notes;

    private SealedUpdatesAudit(TaskContract contract, long taskId, ContentStore content, Committee committee,
                               ECKeyPair key, List<String> notes) {
        this.contract = contract;
        this.taskId = taskId;
        this.content = content;
        this.committee = committee;
        this.key = key;
        this.notes = notes;
    }

    /**
     * The audit of {@code task}'s sealed updates, or empty for a public task (then a given key is not used, and a note
     * says so). Reads the committee (one {@code eth_getLogs} for the keys, one for the registrations) and, with a key,
     * asks {@code key} for it once. Notes on the committee go to {@code notes}.
     *
     * @param key the committee member's key, or null to audit without recomputing
     * @throws IllegalArgumentException when the key's account is not on the task's committee (not a registered
     *     aggregator, or one without a usable published key), naming the account and the committee
     */
    static Optional<SealedUpdatesAudit> of(TaskContract contract, TaskInfo task, ContentStore content,
                                           Supplier<ECKeyPair> key, List<String> notes) {
        long taskId = task.taskId();
        if (!task.params().privateUpdates()) {
            if (key != null) notes.add("the task's updates are public: the committee key given is not used");
            return Optional.empty();
        }
        Committee committee = Committee.read(contract, taskId);
        String members = committee.recipients().isEmpty() ? "none" : String.join(", ", committee.recipients());
        committee.problems().forEach((aggregator, problem) -> notes.add("aggregator " + aggregator
                + " has no usable key (" + problem + "): no update can be sealed for it"));
        ECKeyPair pair = null;
        if (key == null) {
            notes.add("the task's updates are encrypted for the committee (" + members + ") and no committee key was"
                    + " given: rounds are checked without recomputing (envelopes present and sealed for the committee,"
                    + " finalized model readable with the task's shapes)");
        } else {
            pair = Objects.requireNonNull(key.get(), "key");
            String account = "0x" + Keys.getAddress(pair);
            Recipient published = committee.keys().get(account);
            if (published == null || !published.equals(Recipient.of(pair))) {
                String why = committee.problems().containsKey(account)
                        ? "it is an aggregator of the task but has no usable key (" + committee.problems().get(account) + ")"
                        : committee.aggregators().contains(account) ? "its key differs from the one it published"
                        : "it is not an aggregator of the task";
                throw new IllegalArgumentException("account " + account + " is not on the committee of task " + taskId
                        + " on contract " + contract.address() + " (" + why + "): the updates are sealed for " + members
                        + "; without a key the rounds are checked without recomputing");
            }
            notes.add("the task's updates are encrypted for the committee (" + members + "): opened with the key of "
                    + account);
        }
        return Optional.of(new SealedUpdatesAudit(contract, taskId, content, committee, pair, notes));
    }

    /** Whether a committee key was given, so the rounds are recomputed. */
    boolean recomputes() {
        return key != null;
    }

    /**
     * The opener of round {@code round}'s updates: the committee member's ({@link UpdateEnvelopes#opener}), noting each
     * update it cannot open (left out) and each envelope whose recipients are not the committee.
     *
     * @throws IllegalStateException when no key was given
     */
    UpdateOpener opener(long round) {
        if (key == null) throw new IllegalStateException("no committee key: the rounds are not recomputed");
        UpdateOpener opener = UpdateEnvelopes.opener(key);
        return (cid, client, bytes) -> {
            UpdateEnvelopes.recipientsProblem(committee, cid, client, bytes)
                    .ifPresent(p -> notes.add("round " + round + ": " + p));
            try {
                return opener.open(cid, client, bytes);
            } catch (UnreadableUpdateException e) {
                notes.add("round " + round + ": " + e.getMessage() + "; left out of the recomputed aggregate, as every"
                        + " aggregator leaves it out");
                throw e;
            }
        };
    }

    /**
     * Checks round {@code round} without recomputing it (see the class comment).
     *
     * @param finalized the round's finalized global model
     * @param reference the initial model: the tensor names and shapes every model of the task has
     * @param metadata  the initial model's {@code __metadata__}
     * @return {@link RoundVerdict.Status#ENCRYPTED} when everything checked holds; else the worst fault found, its
     *     problem naming every fault (round, client and CID of each update): BAD_ENVELOPE (plaintext, unparseable or
     *     misaddressed envelope), CORRUPT (a block failing hash verification), UNAVAILABLE (missing or unreadable
     *     content), or MISMATCH (a finalized model that is not a model of the task, or a round without updates)
     */
    RoundVerdict check(long round, Cid finalized, ModelWeights reference, Map<String, String> metadata) {
        ModelFetcher fetcher = ModelFetcher.forModel(content, reference).uncached();
        RoundAggregation aggregation = new RoundAggregation(contract, taskId, fetcher, metadata);
        List<UpdateEntry> entries;
        try {
            entries = aggregation.updates(round);
        } catch (dev.defl.engine.round.InvalidManifestException e) { // Merkle mode: a committed set no honest aggregator commits
            return verdict(round, finalized, RoundVerdict.Status.MISMATCH, "bad committed update set: " + e.getMessage());
        } catch (IllegalStateException e) {
            return verdict(round, finalized, RoundVerdict.Status.UNAVAILABLE, "cannot list the round's updates: "
                    + e.getMessage());
        } catch (java.io.IOException e) {
            return verdict(round, finalized, RoundVerdict.Status.UNAVAILABLE, "cannot read the round's update manifest: "
                    + e.getMessage());
        }
        if (entries.isEmpty()) {
            return verdict(round, finalized, RoundVerdict.Status.MISMATCH, "the round has no updates on chain");
        }
        RoundVerdict.Status worst = null;
        List<String> faults = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            UpdateEntry e = entries.get(k);
            String what = "update " + k + " (of " + entries.size() + ") of round " + round + " from client " + e.client();
            RoundVerdict.Status status;
            String problem;
            try {
                byte[] bytes = fetcher.sealedUpdate(e.cid(), what);
                Optional<String> wrong = UpdateEnvelopes.recipientsProblem(committee, e.cid(), e.client(), bytes);
                if (wrong.isEmpty()) continue;
                status = RoundVerdict.Status.BAD_ENVELOPE;
                problem = wrong.get();
            } catch (IOException x) {
                status = x instanceof ContentException c && ModelFetcher.missing(c) ? RoundVerdict.Status.UNAVAILABLE
                        : isHashFailure(x) ? RoundVerdict.Status.CORRUPT : RoundVerdict.Status.BAD_ENVELOPE;
                problem = x.getMessage();
            }
            faults.add(problem);
            worst = worse(worst, status);
        }
        try {
            fetcher.fetch(finalized, "the global model finalized in round " + round);
        } catch (InvalidModelException x) {
            faults.addFirst(x.getMessage()); // the aggregators' fault comes first
            worst = RoundVerdict.Status.MISMATCH;
        } catch (IOException x) { // as RoundVerifier judges a finalized model: valid blocks but not a file is MISMATCH
            RoundVerdict.Status status = x instanceof ContentException c && ModelFetcher.missing(c)
                    ? RoundVerdict.Status.UNAVAILABLE : isHashFailure(x) ? RoundVerdict.Status.CORRUPT
                    : RoundVerdict.Status.MISMATCH;
            if (status == RoundVerdict.Status.MISMATCH) faults.addFirst(x.getMessage());
            else faults.add(x.getMessage());
            worst = worse(worst, status);
        }
        if (worst == null) {
            return verdict(round, finalized, RoundVerdict.Status.ENCRYPTED, "updates encrypted, not recomputed (no"
                    + " committee key): " + entries.size() + " envelope" + (entries.size() == 1 ? "" : "s")
                    + " present and sealed for the committee of " + committee.recipients().size() + "; the finalized"
                    + " model reads back with the task's shapes");
        }
        return verdict(round, finalized, worst, String.join("; ", faults));
    }

    private static RoundVerdict verdict(long round, Cid finalized, RoundVerdict.Status status, String problem) {
        return new RoundVerdict(round, status, finalized, null, problem);
    }

    /** Whether {@code e} is a block that failed hash verification (CORRUPT), rather than content that is not a file. */
    private static boolean isHashFailure(IOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause instanceof BlockVerificationException;
    }

    /** The status that speaks loudest: MISMATCH, then BAD_ENVELOPE (the client's fault), CORRUPT, UNAVAILABLE. */
    private static RoundVerdict.Status worse(RoundVerdict.Status a, RoundVerdict.Status b) {
        if (a == null) return b;
        List<RoundVerdict.Status> order = List.of(RoundVerdict.Status.MISMATCH, RoundVerdict.Status.BAD_ENVELOPE,
                RoundVerdict.Status.CORRUPT, RoundVerdict.Status.UNAVAILABLE);
        return order.indexOf(a) <= order.indexOf(b) ? a : b;
    }
}
