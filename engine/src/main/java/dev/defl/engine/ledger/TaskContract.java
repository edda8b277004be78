package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.generated.FederatedTasks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint96;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Facade over one deployment of the FederatedTasks contract ({@code resources/contracts/FederatedTasks.sol},
 * web3j wrapper {@link FederatedTasks} generated at build time), which holds many tasks and is also
 * the ERC-20 reward token.
 *
 * <p>Transactions go through {@link ContractTransactor}: simulated with {@code eth_call} first, so a
 * refusal is a {@link ContractRevertException} with the decoded custom error before any gas is spent,
 * then sent as EIP-1559 (type 2) transactions by one {@link TransactionSender} per sender account
 * (local nonce counter, optional {@link PendingJournal}). Thread-safe; concurrent transactions of one
 * sender get consecutive nonces and wait for their receipts in parallel.
 *
 * <p>CIDs go on chain as {@link CompactCid} (sha2-256 digest + codec) and come back as CIDv1.
 *
 * <p>Errors: {@link ContractRevertException} for reverts (every custom error of the contract is
 * decoded with its arguments), {@link ChainUnavailableException} when the node stops answering,
 * {@link IllegalStateException} when the node rejects a transaction for another reason (funds,
 * nonce), no receipt arrives within 60 s, or an update list read from events does not match the
 * round's on-chain commitment; {@link IllegalArgumentException} for a CID the contract cannot store.
 */
public final class TaskContract {
    /** Class path resource of the contract ABI (JSON), written by the build. */
    public static final String ABI_RESOURCE = "/dev/defl/engine/ledger/FederatedTasks.abi";
    /** Class path resource of the contract creation bytecode (hex), written by the build. */
    public static final String BIN_RESOURCE = "/dev/defl/engine/ledger/FederatedTasks.bin";

    private static final RevertDecoder REVERTS = RevertDecoder.fromAbiResource(ABI_RESOURCE);

    /** A created task: its id and the creating transaction (TaskCreated, RoundOpened events). */
    public record CreatedTask(long taskId, TxResult tx) {
    }

    private final ChainConnection chain;
    private final String address;
    private final Optional<TxResult> deployment;
    private final ContractTransactor transactor;
    private final TaskEventLog eventLog;

    private TaskContract(ChainConnection chain, String address, Optional<TxResult> deployment,
            ContractTransactor transactor) {
        this.chain = chain;
        this.address = address.toLowerCase(Locale.ROOT);
        this.deployment = deployment;
        this.transactor = transactor;
        this.eventLog = new TaskEventLog(chain, this.address);
    }

    /**
     * Deploys a new FederatedTasks contract (no tasks yet), without a pending-transaction journal.
     *
     * @throws ContractRevertException (function "constructor") when the deployment reverts
     */
    public static TaskContract deploy(ChainConnection c, Credentials deployer) {
        return deploy(c, deployer, null);
    }

    /**
     * Deploys a new FederatedTasks contract (no tasks yet). The deployment and every later
     * transaction of the returned facade are journaled in {@code journal} until their receipts are
     * seen (see {@link TransactionSender#recover()}).
     *
     * @param journal where signed-but-unconfirmed transactions are kept, or null for none
     * @throws ContractRevertException (function "constructor") when the deployment reverts
     */
    public static TaskContract deploy(ChainConnection c, Credentials deployer, PendingJournal journal) {
        Objects.requireNonNull(c, "chain");
        ContractTransactor transactor = new ContractTransactor(c, REVERTS, journal);
        TransactionReceipt receipt = transactor.transact(deployer, "constructor", null, bytecode());
        String contractAddress = receipt.getContractAddress();
        if (contractAddress == null) {
            throw new IllegalStateException("deployment receipt " + receipt.getTransactionHash() + " has no contract address");
        }
        TaskContract contract = new TaskContract(c, contractAddress, Optional.empty(), transactor);
        return new TaskContract(c, contractAddress, Optional.of(contract.toResult(receipt)), transactor);
    }

    /**
     * Attaches to an existing deployment, without a pending-transaction journal.
     *
     * @throws IllegalArgumentException when no contract code is at {@code address} (a call to an
     *     address without code would "succeed" with empty results)
     * @throws ChainUnavailableException when the node does not answer
     */
    public static TaskContract at(ChainConnection c, String address) {
        return at(c, address, null);
    }

    /**
     * Attaches to an existing deployment; its transactions are journaled in {@code journal} until
     * their receipts are seen (see {@link TransactionSender#recover()}).
     *
     * @param journal where signed-but-unconfirmed transactions are kept, or null for none
     * @throws IllegalArgumentException when no contract code is at {@code address} (a call to an
     *     address without code would "succeed" with empty results)
     * @throws ChainUnavailableException when the node does not answer
     */
    public static TaskContract at(ChainConnection c, String address, PendingJournal journal) {
        Objects.requireNonNull(c, "chain");
        Objects.requireNonNull(address, "address");
        try {
            var code = c.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send();
            if (code.hasError()) {
                throw new IllegalArgumentException("eth_getCode " + address + " failed: " + ChainConnection.errorText(code.getError()));
            }
            String hex = code.getCode();
            if (hex == null || hex.equals("0x") || hex.isEmpty()) {
                throw new IllegalArgumentException("no contract code at " + address + " on " + c.rpcUrl()
                        + " (chain id " + c.chainId() + ")");
            }
        } catch (IOException e) {
            throw new ChainUnavailableException(c.rpcUrl(), e);
        }
        return new TaskContract(c, address, Optional.empty(), new ContractTransactor(c, REVERTS, journal));
    }

    /** Contract address, lower-case 0x-hex. */
    public String address() {
        return address;
    }

    /** The chain this facade talks to. */
    public ChainConnection chain() {
        return chain;
    }

    /** The deployment transaction when this instance deployed the contract; empty for {@link #at}. */
    public Optional<TxResult> deployment() {
        return deployment;
    }

    /**
     * The same contract, but transactions are sent without the {@code eth_call}/{@code eth_estimateGas}
     * pre-flight (gas limit 1,000,000), so a refusal is only seen in the mined receipt. Test seam.
     */
    TaskContract withoutPreflight() {
        return new TaskContract(chain, address, deployment, transactor.withoutPreflight());
    }

    /**
     * The same contract (same senders, so same nonce counters) reporting every transaction it sends to {@code listener}:
     * sent, mined (gas used, confirmation time), reverted, retried. For metrics.
     */
    public TaskContract withTransactionListener(TransactionListener listener) {
        return new TaskContract(chain, address, deployment, transactor.withListener(listener));
    }

    // ---- transactions ----

    /**
     * Creates a task; its round 1 opens in the same transaction. Events: TaskCreated, RoundOpened.
     *
     * @throws ContractRevertException InvalidTaskParameter, UnsupportedCodec, ZeroDigest
     */
    public CreatedTask createTask(Credentials creator, TaskParams params) {
        CompactCid spec = CompactCid.of(params.modelSpec());
        CompactCid initial = CompactCid.of(params.initialModel());
        var struct = new FederatedTasks.TaskParams(spec.digest(), BigInteger.valueOf(spec.codec()), initial.digest(),
                BigInteger.valueOf(initial.codec()), BigInteger.valueOf(params.rounds()),
                BigInteger.valueOf(params.clientsPerRound()), BigInteger.valueOf(params.minUpdates()),
                BigInteger.valueOf(params.quorum()), BigInteger.valueOf(params.submissionBlocks()),
                BigInteger.valueOf(params.votingBlocks()), BigInteger.valueOf(params.aggregationRule()),
                params.merkleMode(), params.rewardPerUpdate(), params.rewardPerVote(), params.privateUpdates());
        TxResult tx = send(creator, FederatedTasks.FUNC_CREATETASK, List.of(struct));
        long taskId = tx.events().stream()
                .filter(e -> e instanceof TaskEvent.TaskCreated).map(e -> ((TaskEvent.TaskCreated) e).taskId())
                .findFirst().orElseThrow(() -> new IllegalStateException("createTask transaction " + tx.txHash()
                        + " emitted no TaskCreated event"));
        return new CreatedTask(taskId, tx);
    }

    /**
     * Private task: publishes the aggregator's public key so that clients can seal their updates for it (once per task
     * and aggregator; the key of an address cannot change). The contract checks that the key derives the sender's
     * address; the signature (the account's EIP-191 signature of its key statement, {@code envelope.KeyStatement}) is
     * emitted for anyone to check off chain. Event: AggregatorKeyPublished.
     *
     * @param publicKey the 64-byte uncompressed secp256k1 key {@code X || Y}
     * @param signature the 65-byte signature {@code r || s || v}
     * @throws ContractRevertException UnknownTask, NotPrivate, NotAggregator, InvalidPublicKey (a key of another
     *     address, or a length other than 64 / 65 bytes), KeyAlreadyPublished
     */
    public TxResult publishKey(Credentials aggregator, long taskId, byte[] publicKey, byte[] signature) {
        return send(aggregator, FederatedTasks.FUNC_PUBLISHKEY, List.of(uint(taskId), new DynamicBytes(publicKey),
                new DynamicBytes(signature)));
    }

    /**
     * Adds {@code accounts} with {@code roles} to a task (creator only). Event: ParticipantAdded per account.
     *
     * @throws ContractRevertException UnknownTask, NotTaskCreator, TaskNotActive, InvalidRoles,
     *     ZeroAddress, AlreadyParticipant
     */
    public TxResult addParticipants(Credentials creator, long taskId, List<String> accounts, Set<Role> roles) {
        List<Address> addresses = accounts.stream().map(Address::new).toList();
        return send(creator, FederatedTasks.FUNC_ADDPARTICIPANTS, List.of(uint(taskId),
                new DynamicArray<>(Address.class, addresses), new Uint8(Role.mask(roles))));
    }

    /**
     * Submits a client's update to an open round (per-update mode). Events: UpdateSubmitted, and
     * SubmissionsClosed when it is the round's last expected update.
     *
     * @param numSamples training samples behind the update (FedAvg weight), >= 1
     * @throws ContractRevertException NotClient, UnknownTask, WrongRound, RoundNotActive,
     *     UpdatesClosed, WrongMode, SubmissionDeadlinePassed, AlreadySubmitted, ZeroSamples
     * @throws IllegalArgumentException for a CID the contract cannot store
     */
    public TxResult submitUpdate(Credentials client, long taskId, long round, Cid cid, long numSamples) {
        CompactCid c = CompactCid.of(cid);
        return send(client, FederatedTasks.FUNC_SUBMITUPDATE, List.of(uint(taskId), uint(round),
                new Bytes32(c.digest()), new Uint64(c.codec()), new Uint64(numSamples)));
    }

    /**
     * Merkle mode: commits a round's update set. Events: UpdatesCommitted, SubmissionsClosed.
     *
     * @param root Merkle root, 32 bytes ({@link UpdateMerkleTree#root()})
     * @param manifest CID of the signed update manifest
     * @throws ContractRevertException NotAggregator, WrongRound, RoundNotActive, UpdatesClosed,
     *     WrongMode, VotingClosed, ZeroDigest, NotEnoughUpdates, TooManyUpdates, ZeroSamples
     */
    public TxResult commitUpdates(Credentials aggregator, long taskId, long round, byte[] root, Cid manifest, long count,
            long totalSamples) {
        CompactCid m = CompactCid.of(manifest);
        return send(aggregator, FederatedTasks.FUNC_COMMITUPDATES, List.of(uint(taskId), uint(round), new Bytes32(root),
                new Bytes32(m.digest()), new Uint64(m.codec()), new Uint32(count), new Uint64(totalSamples)));
    }

    /**
     * Proposes an aggregate; counts as the proposer's vote and finalizes at quorum 1. Events:
     * [SubmissionsClosed], AggregateProposed, VoteCast, then at quorum RoundFinalized and
     * RoundOpened or TaskCompleted.
     *
     * @throws ContractRevertException NotAggregator, UnsupportedCodec, ZeroDigest, WrongRound,
     *     RoundNotActive, SubmissionsOpen, NotEnoughUpdates, VotingClosed, AlreadyVoted
     */
    public TxResult propose(Credentials aggregator, long taskId, long round, Cid cid) {
        CompactCid c = CompactCid.of(cid);
        return send(aggregator, FederatedTasks.FUNC_PROPOSE, List.of(uint(taskId), uint(round),
                new Bytes32(c.digest()), new Uint64(c.codec())), finalizingGas(taskId));
    }

    /**
     * The gas a proposal or vote may need if it is the one that finalizes the round: the estimate is taken before
     * other aggregators' transactions of the same round are mined, and when one of them lands first this
     * transaction finalizes (mints {@code quorum} voter rewards, opens the next round: 222 244 gas at quorum 2 in
     * {@code gas-snapshot.json}) instead of only counting a vote. Gas not used is not paid.
     */
    private BigInteger finalizingGas(long taskId) {
        return BigInteger.valueOf(160_000 + 40_000L * task(taskId).params().quorum());
    }

    /**
     * Votes for an existing proposal. Events: VoteCast, then at quorum RoundFinalized and
     * RoundOpened or TaskCompleted.
     *
     * @throws ContractRevertException NotAggregator, WrongRound, RoundNotActive, UnknownProposal,
     *     VotingClosed, AlreadyVoted
     */
    public TxResult vote(Credentials aggregator, long taskId, long round, Cid cid) {
        CompactCid c = CompactCid.of(cid);
        return send(aggregator, FederatedTasks.FUNC_VOTE, List.of(uint(taskId), uint(round),
                new Bytes32(c.digest()), new Uint64(c.codec())), finalizingGas(taskId));
    }

    /**
     * Applies a passed deadline (anyone may call). Events: SubmissionsClosed, or RoundFailed then
     * RoundOpened or TaskCompleted.
     *
     * @throws ContractRevertException SubmissionsOpen, VotingOpen, UnknownTask, WrongRound, RoundNotActive
     */
    public TxResult closeRound(Credentials sender, long taskId, long round) {
        return send(sender, FederatedTasks.FUNC_CLOSEROUND, List.of(uint(taskId), uint(round)));
    }

    /**
     * Ends an active task early (creator only): its current round, if undecided, fails with reason ABANDONED and the
     * task's status becomes {@link TaskInfo.Status#ABANDONED}, so no update, proposal or vote is accepted any more.
     * For a run that was stopped, or whose driver died. Events: RoundFailed (when the round was undecided),
     * TaskAbandoned.
     *
     * @throws ContractRevertException UnknownTask, NotTaskCreator, TaskNotActive (completed or already abandoned)
     */
    public TxResult abandonTask(Credentials creator, long taskId) {
        return send(creator, FederatedTasks.FUNC_ABANDONTASK, List.of(uint(taskId)));
    }

    /**
     * Merkle mode: credits the reward for the caller's update in a finalized round, proven against the
     * round's root. Event: UpdateRewarded.
     *
     * @param proof sibling hashes from leaf to root, 32 bytes each ({@link UpdateMerkleTree#proof(int)})
     * @throws ContractRevertException NotClient, WrongMode, RoundNotFinalized, ClaimOutOfOrder, InvalidProof
     */
    public TxResult claimUpdateReward(Credentials client, long taskId, long round, Cid cid, long numSamples,
            List<byte[]> proof) {
        CompactCid c = CompactCid.of(cid);
        return send(client, FederatedTasks.FUNC_CLAIMUPDATEREWARD, List.of(uint(taskId), uint(round),
                new Bytes32(c.digest()), new Uint64(c.codec()), new Uint64(numSamples), bytes32Array(proof)));
    }

    /**
     * Mints the caller's client rewards of a task: rewardPerUpdate for each of its updates in a
     * finalized round not paid out yet. Events: Transfer (TokenTransfer), RewardsClaimed.
     *
     * @throws ContractRevertException NothingToClaim
     */
    public TxResult claimRewards(Credentials account, long taskId) {
        return send(account, FederatedTasks.FUNC_CLAIMREWARDS, List.of(uint(taskId)));
    }

    // ---- views ----

    /** Tasks created so far (the latest task id). */
    public long taskCount() {
        return longValue(call(FederatedTasks.FUNC_TASKCOUNT, List.of(), refs(Uint256.class)).get(0));
    }

    /**
     * The task's parameters and progress.
     *
     * @throws ContractRevertException UnknownTask
     */
    public TaskInfo task(long taskId) {
        return task(taskId, DefaultBlockParameterName.LATEST);
    }

    private TaskInfo task(long taskId, DefaultBlockParameter block) {
        List<Object> v = call(FederatedTasks.FUNC_GETTASK, List.of(uint(taskId)), refs(Bytes32.class, Uint64.class,
                Bytes32.class, Uint64.class, Uint32.class, Uint32.class, Uint32.class, Uint16.class, Uint32.class,
                Uint32.class, Uint8.class, Bool.class, Uint96.class, Uint96.class, Bool.class, Address.class,
                Uint8.class, Uint32.class, Uint32.class), block);
        TaskParams params = new TaskParams(cid((byte[]) v.get(0), v.get(1)), cid((byte[]) v.get(2), v.get(3)),
                longValue(v.get(4)), longValue(v.get(5)), longValue(v.get(6)), (int) longValue(v.get(7)),
                longValue(v.get(8)), longValue(v.get(9)), (Boolean) v.get(11), (BigInteger) v.get(12),
                (BigInteger) v.get(13), (int) longValue(v.get(10)), (Boolean) v.get(14));
        return new TaskInfo(taskId, params, (String) v.get(15), TaskInfo.Status.values()[(int) longValue(v.get(16))],
                longValue(v.get(17)), longValue(v.get(18)));
    }

    /** A round's state (state NONE for a round that never opened). */
    public RoundInfo round(long taskId, long round) {
        return round(taskId, round, DefaultBlockParameterName.LATEST);
    }

    private RoundInfo round(long taskId, long round, DefaultBlockParameter block) {
        List<Object> v = call(FederatedTasks.FUNC_GETROUND, List.of(uint(taskId), uint(round)), refs(Uint8.class,
                Bool.class, Uint8.class, Uint8.class, Uint32.class, Uint32.class, Uint32.class, Uint32.class,
                Uint64.class, Uint32.class, Bytes32.class, Bytes32.class), block);
        RoundInfo.State state = RoundInfo.State.values()[(int) longValue(v.get(0))];
        Optional<Cid> global = state == RoundInfo.State.FINALIZED
                ? Optional.of(cid((byte[]) v.get(11), v.get(3))) : Optional.empty();
        return new RoundInfo(state, (Boolean) v.get(1), (int) longValue(v.get(2)), longValue(v.get(4)),
                longValue(v.get(5)), longValue(v.get(6)), longValue(v.get(7)), longValue(v.get(8)), longValue(v.get(9)),
                (byte[]) v.get(10), global);
    }

    /** A participant's packed slot (no roles: not a participant). */
    public ParticipantInfo participant(long taskId, String account) {
        List<Object> v = call(FederatedTasks.FUNC_GETPARTICIPANT, List.of(uint(taskId), new Address(account)),
                refs(Uint8.class, Uint32.class, Uint32.class, Bool.class, Uint32.class, Uint32.class, Bool.class));
        return new ParticipantInfo(Role.fromMask((int) longValue(v.get(0))), longValue(v.get(1)), longValue(v.get(2)),
                (Boolean) v.get(3), longValue(v.get(4)), longValue(v.get(5)), (Boolean) v.get(6));
    }

    /** The round's global model (round 0: the initial model); empty unless the round finalized. */
    public Optional<Cid> globalModel(long taskId, long round) {
        List<Object> v = call(FederatedTasks.FUNC_GLOBALMODEL, List.of(uint(taskId), uint(round)),
                refs(Bytes32.class, Uint64.class));
        return longValue(v.get(1)) == 0 ? Optional.empty() : Optional.of(cid((byte[]) v.get(0), v.get(1)));
    }

    /** Voters of the proposal {@code cid} in vote order (its vote count is the size); empty if not proposed. */
    @SuppressWarnings("unchecked")
    public List<String> proposalVoters(long taskId, long round, Cid cid) {
        CompactCid c = CompactCid.of(cid);
        List<Object> v = call(FederatedTasks.FUNC_PROPOSALVOTERS, List.of(uint(taskId), uint(round),
                new Bytes32(c.digest()), new Uint64(c.codec())),
                List.of(new TypeReference<DynamicArray<Address>>() {}));
        return ((List<Address>) v.get(0)).stream().map(Address::getValue).toList();
    }

    /** Reward units {@link #claimRewards} would mint for {@code account} now. */
    public BigInteger pendingRewards(long taskId, String account) {
        return (BigInteger) call(FederatedTasks.FUNC_PENDINGREWARDS, List.of(uint(taskId), new Address(account)),
                refs(Uint256.class)).get(0);
    }

    /** Reward token balance of {@code account} (ERC-20 balanceOf), token units (18 decimals). */
    public BigInteger rewardBalance(String account) {
        return (BigInteger) call(FederatedTasks.FUNC_BALANCEOF, List.of(new Address(account)), refs(Uint256.class)).get(0);
    }

    /** Whether {@code proof} shows the update in the round's committed Merkle root (the contract's view). */
    public boolean verifyUpdate(long taskId, long round, String client, Cid cid, long numSamples, List<byte[]> proof) {
        CompactCid c = CompactCid.of(cid);
        return (Boolean) call(FederatedTasks.FUNC_VERIFYUPDATE, List.of(uint(taskId), uint(round), new Address(client),
                new Bytes32(c.digest()), new Uint64(c.codec()), new Uint64(numSamples), bytes32Array(proof)),
                refs(Bool.class)).get(0);
    }

    /** The signer the contract recovers from an off-chain update signature (65 bytes r‖s‖v), lower-case 0x-hex. */
    public String updateSigner(long taskId, long round, Cid cid, long numSamples, byte[] signature) {
        CompactCid c = CompactCid.of(cid);
        return (String) call(FederatedTasks.FUNC_UPDATESIGNER, List.of(uint(taskId), uint(round), new Bytes32(c.digest()),
                new Uint64(c.codec()), new Uint64(numSamples), new DynamicBytes(signature)), refs(Address.class)).get(0);
    }

    /**
     * The round's updates in submission order, read from its UpdateSubmitted events and checked
     * against the round's on-chain commitment ({@link UpdatesHash}), both at the same block.
     *
     * @throws IllegalStateException when the events do not match the commitment or the count (a node
     *     that drops logs), or the round is in Merkle mode
     */
    public List<UpdateEntry> updates(long taskId, long round) {
        long head = chain.blockNumber();
        DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(head));
        return eventLog.updates(taskId, round, task(taskId, at), round(taskId, round, at), head);
    }

    /**
     * Merkle mode: the {@code UpdatesCommitted} event of round {@code round} (the committed root, the manifest's CID, the
     * count and total samples), read from the block the round opened to the head.
     *
     * @return empty while the round has no commitment (or for a per-update round)
     * @throws ChainUnavailableException when the node does not answer
     */
    public Optional<TaskEvent.UpdatesCommitted> updatesCommitted(long taskId, long round) {
        RoundInfo info = round(taskId, round);
        if (!info.merkleMode() || info.state() == RoundInfo.State.NONE) return Optional.empty();
        long opened = Math.max(0, info.submissionDeadline() - task(taskId).params().submissionBlocks());
        List<TaskEvent.UpdatesCommitted> found = eventLog.updatesCommitted(taskId, round, opened, chain.blockNumber());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /**
     * The accounts holding {@code role} in task {@code taskId}, in registration order: the order of their first
     * {@code ParticipantAdded} event with that role (chain order, from the block that created the task). This is the
     * canonical order of a round's updates ({@link dev.defl.engine.round.RoundAggregation}): it does not depend on the
     * order in which the clients' transactions happened to be mined.
     *
     * @throws IllegalArgumentException when the task does not exist
     * @throws ChainUnavailableException when the node does not answer
     */
    public List<String> registrationOrder(long taskId, Role role) {
        requireTask(taskId);
        long head = chain.blockNumber();
        long created = Math.max(0, round(taskId, 1).submissionDeadline() - task(taskId).params().submissionBlocks());
        return eventLog.registrationOrder(taskId, role, created, head);
    }

    /**
     * The public keys the aggregators of private task {@code taskId} published ({@code AggregatorKeyPublished} events
     * from the block that created the task), in publication order; at most one per aggregator (the contract refuses a
     * second). Not verified here: the signature is checked by whoever uses the key
     * ({@code envelope.KeyStatement#verify}).
     *
     * @throws IllegalArgumentException when the task does not exist
     * @throws ChainUnavailableException when the node does not answer
     */
    public List<TaskEvent.AggregatorKeyPublished> publishedKeys(long taskId) {
        requireTask(taskId);
        long head = chain.blockNumber();
        long created = Math.max(0, round(taskId, 1).submissionDeadline() - task(taskId).params().submissionBlocks());
        return eventLog.publishedKeys(taskId, created, head);
    }

    /**
     * Checks that task {@code taskId} exists on this contract: the one check of every command, node and view that
     * takes a task id.
     *
     * @throws IllegalArgumentException naming the task, the contract and how many tasks it has
     * @throws ChainUnavailableException when the node does not answer
     */
    public void requireTask(long taskId) {
        long count = taskCount();
        if (taskId < 1 || taskId > count) {
            throw new IllegalArgumentException("task " + taskId + " does not exist on contract " + address
                    + " (it has " + count + (count == 1 ? " task" : " tasks") + ")");
        }
    }

    /**
     * The contract's events in blocks {@code fromBlock .. toBlock} (inclusive), in chain order, via
     * {@code eth_getLogs}.
     *
     * @throws ChainUnavailableException when the node does not answer
     * @throws IllegalStateException when the node refuses the query (e.g. range too large)
     */
    public List<TaskEvent> events(long fromBlock, long toBlock) {
        return eventLog.events(fromBlock, toBlock);
    }

    // ---- transactions: plumbing ----

    private TxResult send(Credentials sender, String functionName, List<Type> inputs) {
        return send(sender, functionName, inputs, BigInteger.ZERO);
    }

    /** Sends with a gas limit of at least {@code minGasLimit} (above the estimate with its margin when that is less). */
    private TxResult send(Credentials sender, String functionName, List<Type> inputs, BigInteger minGasLimit) {
        String data = FunctionEncoder.encode(new org.web3j.abi.datatypes.Function(functionName, inputs, List.of()));
        return toResult(transactor.transact(sender, functionName, address, data, minGasLimit));
    }

    private TxResult toResult(TransactionReceipt receipt) {
        List<TaskEvent> events = new ArrayList<>();
        for (Log log : receipt.getLogs()) {
            if (address.equalsIgnoreCase(log.getAddress())) {
                TaskEventLog.decode(log).ifPresent(events::add);
            }
        }
        return new TxResult(receipt.getTransactionHash(), receipt.getGasUsed().longValueExact(),
                receipt.getBlockNumber().longValueExact(), events);
    }

    private TransactionReceipt transact(Credentials sender, String functionName, String to, String data) {
        return transactor.transact(sender, functionName, to, data);
    }

    // ---- calls ----

    private List<Object> call(String functionName, List<? extends Type<?>> inputs, List<TypeReference<?>> outputs) {
        return call(functionName, inputs, outputs, DefaultBlockParameterName.LATEST);
    }

    private List<Object> call(String functionName, List<? extends Type<?>> inputs, List<TypeReference<?>> outputs,
            DefaultBlockParameter block) {
        return transactor.call(address, functionName, inputs, outputs, block);
    }

    @SafeVarargs
    private static List<TypeReference<?>> refs(Class<? extends Type>... types) {
        return Stream.of(types).<TypeReference<?>>map(TypeReference::create).toList();
    }

    private static long longValue(Object value) {
        return ((BigInteger) value).longValueExact();
    }

    private static Uint256 uint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("uint256 argument must be >= 0, got " + value);
        }
        return new Uint256(value);
    }

    private static DynamicArray<Bytes32> bytes32Array(List<byte[]> words) {
        return new DynamicArray<>(Bytes32.class, words.stream().map(Bytes32::new).toList());
    }

    private static Cid cid(byte[] digest, Object codec) {
        return new CompactCid(digest, ((BigInteger) codec).longValueExact()).toCid();
    }

    private static String bytecode() {
        try (InputStream in = TaskContract.class.getResourceAsStream(BIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + BIN_RESOURCE
                        + " missing: build the engine module with Maven (it compiles the contract)");
            }
            return Numeric.prependHexPrefix(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BIN_RESOURCE, e);
        }
    }
}
