package dev.defl.engine.round;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.ledger.CompactCid;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.UpdateEntry;
import dev.defl.engine.ledger.UpdateManifest;
import dev.defl.engine.ledger.UpdateSignature;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.web3j.utils.Numeric;

/**
 * The update set of a Merkle-mode round as committed on chain ({@code commitUpdates}): the {@code UpdatesCommitted}
 * event names the manifest's CID, the manifest ({@link UpdateManifest}, JSON) is read from the content store, and
 * every check an honest aggregator or an auditor makes is made here, in one place:
 * <ol>
 *   <li>the manifest is bound to this chain id, contract, task and round;</li>
 *   <li>every entry's signature ({@link UpdateSignature}, EIP-191 over the contract's {@code updateSigningHash})
 *       recovers to the entry's client, and that client is a registered client of the task, at most once;</li>
 *   <li>the Merkle root over the entries, in manifest order, is the root on chain; the entry count and the sample
 *       total are the round's on-chain {@code updateCount} and {@code totalSamples}.</li>
 * </ol>
 * The round's updates are then exactly the manifest's entries, in manifest order.
 *
 * @param manifestCid the manifest's CID as committed
 * @param committer   the aggregator that committed it
 * @param manifest    the parsed manifest
 */
public record CommittedManifest(Cid manifestCid, String committer, UpdateManifest manifest) {
    /** Largest manifest read, bytes: about 200 bytes an entry, 100,000 entries. */
    public static final long MAX_MANIFEST_BYTES = 20L << 20;

    /** The round's updates: the manifest's entries in manifest order. */
    public List<UpdateEntry> entries() {
        return manifest.updates().stream()
                .map(e -> new UpdateEntry(e.signature().client(), e.cid(), e.numSamples())).toList();
    }

    /**
     * Reads and checks the committed manifest of round {@code round} (see the class comment).
     *
     * @throws IllegalStateException when the round is not in Merkle mode or has no commitment yet
     * @throws IOException when the manifest cannot be read from {@code content} (not found, corrupt block)
     * @throws InvalidManifestException naming the entry and client at fault, or what of the manifest disagrees with the
     *     chain
     * @throws dev.defl.engine.ledger.ChainUnavailableException when the node does not answer
     */
    public static CommittedManifest read(TaskContract contract, ContentStore content, long taskId, long round)
            throws IOException {
        RoundInfo info = contract.round(taskId, round);
        if (!info.merkleMode()) {
            throw new IllegalStateException("round " + round + " of task " + taskId + " is not in Merkle mode");
        }
        TaskEvent.UpdatesCommitted event = contract.updatesCommitted(taskId, round).orElseThrow(() ->
                new IllegalStateException("round " + round + " of task " + taskId + " has no committed update set yet"));
        byte[] json = content.catBytes(event.manifest(), MAX_MANIFEST_BYTES);
        UpdateManifest manifest;
        try {
            manifest = UpdateManifest.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidManifestException("the manifest " + event.manifest() + " committed by " + event.aggregator()
                    + " for round " + round + ": " + e.getMessage(), null);
        }
        String where = "the manifest " + event.manifest() + " committed by " + event.aggregator() + " for round " + round
                + " of task " + taskId;
        check(contract, taskId, round, info, manifest, where);
        return new CommittedManifest(event.manifest(), event.aggregator(), manifest);
    }

    /**
     * The checks of {@link #read} on a manifest in hand (also how an aggregator checks its own before committing, with
     * {@code info == null} to skip the comparison with the chain's root, count and total).
     *
     * @throws InvalidManifestException naming the entry and client at fault
     */
    public static void check(TaskContract contract, long taskId, long round, RoundInfo info, UpdateManifest manifest,
                             String where) {
        long chainId = contract.chain().chainId();
        if (manifest.chainId() != chainId || !manifest.contract().equalsIgnoreCase(contract.address())
                || manifest.taskId() != taskId || manifest.round() != round) {
            throw new InvalidManifestException(where + " is for chain " + manifest.chainId() + ", contract "
                    + manifest.contract() + ", task " + manifest.taskId() + ", round " + manifest.round()
                    + ", not chain " + chainId + ", contract " + contract.address() + ", task " + taskId + ", round " + round,
                    null);
        }
        if (manifest.updates().isEmpty()) throw new InvalidManifestException(where + " lists no updates", null);
        Set<String> registered = new HashSet<>();
        for (String c : contract.registrationOrder(taskId, Role.CLIENT)) registered.add(c.toLowerCase(Locale.ROOT));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < manifest.updates().size(); i++) {
            UpdateManifest.Entry e = manifest.updates().get(i);
            String client = e.signature().client().toLowerCase(Locale.ROOT);
            if (e.numSamples() < 1) {
                throw new InvalidManifestException(where + ", entry " + i + ": client " + client + " claims "
                        + e.numSamples() + " samples", client);
            }
            if (!e.signature().verify(chainId, contract.address(), taskId, round, CompactCid.of(e.cid()), e.numSamples())) {
                throw new InvalidManifestException(where + ", entry " + i + ": the signature does not recover to client "
                        + client + " for update " + e.cid() + " (" + e.numSamples() + " samples)", client);
            }
            if (!registered.contains(client)) {
                throw new InvalidManifestException(where + ", entry " + i + ": " + client
                        + " is not a registered client of task " + taskId, client);
            }
            if (!seen.add(client)) {
                throw new InvalidManifestException(where + ", entry " + i + ": client " + client + " appears twice", client);
            }
        }
        if (info == null) return;
        byte[] root = manifest.tree().root();
        if (!java.util.Arrays.equals(root, info.commitment())) {
            throw new InvalidManifestException(where + ": its Merkle root " + Numeric.toHexString(root)
                    + " is not the root on chain " + Numeric.toHexString(info.commitment()), null);
        }
        if (manifest.updates().size() != info.updateCount() || manifest.totalSamples() != info.totalSamples()) {
            throw new InvalidManifestException(where + " lists " + manifest.updates().size() + " updates of "
                    + manifest.totalSamples() + " samples, the chain " + info.updateCount() + " of "
                    + info.totalSamples(), null);
        }
    }
}
