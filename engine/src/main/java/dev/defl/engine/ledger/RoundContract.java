package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.MalformedCidException;
import dev.defl.engine.ledger.generated.FederatedRounds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.utils.Numeric;

/**
 * Facade over one deployment of the FederatedRounds contract ({@code resources/contracts/FederatedRounds.sol},
 * web3j wrapper {@link FederatedRounds} generated at build time).
 *
 * <p>Every transaction is first simulated with {@code eth_call} from the sender, so a refusal is
 * reported as a {@link ContractRevertException} with the decoded custom error before any gas is
 * spent; a transaction that is mined but fails anyway (the state changed in between) is replayed
 * with {@code eth_call} at its block's parent to recover the error. Gas limit: {@code eth_estimateGas}
 * plus 25 %; gas price: {@code eth_gasPrice} (legacy transactions signed with the chain id, EIP-155).
 *
 * <p>Thread-safe: one {@link RawTransactionManager} per sender address; transactions of the same
 * sender are serialized (nonce order), those of distinct senders run in parallel.
 *
 * <p>CIDs are passed to the contract as binary CIDs ({@link Cid#toBytes()}) and decoded from its
 * state and events with {@link Cid#fromBytes}.
 *
 * <p>Errors: {@link ContractRevertException} for reverts, {@link ChainUnavailableException} when the
 * node stops answering, {@link IllegalStateException} when the node rejects a transaction for
 * another reason (funds, nonce), no receipt arrives within 60 s, or the contract holds bytes that are
 * not a binary CID (sent by another client that bypassed this class).
 */
public final class RoundContract {
    /** Class path resource of the contract ABI (JSON), written by the build. */
    public static final String ABI_RESOURCE = "/dev/defl/engine/ledger/FederatedRounds.abi";
    /** Class path resource of the contract creation bytecode (hex), written by the build. */
    public static final String BIN_RESOURCE = "/dev/defl/engine/ledger/FederatedRounds.bin";

    private static final RevertDecoder REVERTS = RevertDecoder.fromAbiResource(ABI_RESOURCE);
    private static final Map<String, String> EVENT_BY_TOPIC = Map.of(
            EventEncoder.encode(FederatedRounds.CLIENTREGISTERED_EVENT), "ClientRegistered",
            EventEncoder.encode(FederatedRounds.AGGREGATORREGISTERED_EVENT), "AggregatorRegistered",
            EventEncoder.encode(FederatedRounds.UPDATESUBMITTED_EVENT), "UpdateSubmitted",
            EventEncoder.encode(FederatedRounds.AGGREGATEPROPOSED_EVENT), "AggregateProposed",
            EventEncoder.encode(FederatedRounds.VOTECAST_EVENT), "VoteCast",
            EventEncoder.encode(FederatedRounds.ROUNDFINALIZED_EVENT), "RoundFinalized",
            EventEncoder.encode(FederatedRounds.ROUNDOPENED_EVENT), "RoundOpened");
    private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(125);
    /** Gas limit when the pre-flight (eth_call + eth_estimateGas) is skipped, test seam only. */
    private static final BigInteger UNCHECKED_GAS_LIMIT = BigInteger.valueOf(1_000_000);

    private final ChainConnection chain;
    private final String address;
    private final ConcurrentMap<String, RawTransactionManager> managers;
    private final Optional<TxResult> deployment;
    private final boolean preflight;

    private RoundContract(ChainConnection chain, String address, Optional<TxResult> deployment, boolean preflight,
            ConcurrentMap<String, RawTransactionManager> managers) {
        this.chain = chain;
        this.address = address.toLowerCase(Locale.ROOT);
        this.deployment = deployment;
        this.preflight = preflight;
        this.managers = managers;
    }

    private RoundContract(ChainConnection chain, String address) {
        this(chain, address, Optional.empty(), true, new ConcurrentHashMap<>());
    }

    /**
     * Deploys a new FederatedRounds contract (one training task); round 1 is open afterwards.
     *
     * @param owner deployer, the only account that may register clients and aggregators
     * @param initialModelCid CID of the initial global model (round 0)
     * @param minUpdates updates a round needs before an aggregate may be proposed, 0 .. 2^32-1
     * @param quorum aggregator votes that finalize a proposal, 1 .. 2^32-1
     * @throws ContractRevertException (function "constructor") when the contract refuses the deployment
     * @throws IllegalArgumentException for a negative minUpdates or quorum below 1
     */
    public static RoundContract deploy(ChainConnection c, Credentials owner, Cid initialModelCid,
            int minUpdates, int quorum) {
        Objects.requireNonNull(initialModelCid, "initialModelCid");
        if (minUpdates < 0) {
            throw new IllegalArgumentException("minUpdates must be >= 0, got " + minUpdates);
        }
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be >= 1, got " + quorum);
        }
        String data = bytecode() + FunctionEncoder.encodeConstructor(List.of(
                new DynamicBytes(initialModelCid.toBytes()),
                new Uint32(minUpdates),
                new Uint32(quorum)));
        RoundContract deployer = new RoundContract(c, "0x0000000000000000000000000000000000000000");
        TransactionReceipt receipt = deployer.transact(owner, "constructor", null, data);
        String contractAddress = receipt.getContractAddress();
        if (contractAddress == null) {
            throw new IllegalStateException("deployment receipt " + receipt.getTransactionHash() + " has no contract address");
        }
        RoundContract contract = new RoundContract(c, contractAddress);
        return new RoundContract(c, contractAddress, Optional.of(contract.toResult(receipt)), true, contract.managers);
    }

    /**
     * Attaches to an existing deployment.
     *
     * @throws IllegalArgumentException when no contract code is at {@code address} (a call to an
     *     address without code would "succeed" with empty results)
     * @throws ChainUnavailableException when the node does not answer
     */
    public static RoundContract at(ChainConnection c, String address) {
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
        return new RoundContract(c, address);
    }

    /** Contract address, lower-case 0x-hex. */
    public String address() {
        return address;
    }

    /**
     * The deployment transaction (gas used, block, the RoundOpened(1) event) when this instance
     * deployed the contract; empty for {@link #at}. Its block number is where event queries can start.
     */
    public Optional<TxResult> deployment() {
        return deployment;
    }

    /**
     * The same contract, but transactions are sent without the {@code eth_call}/{@code eth_estimateGas}
     * pre-flight (gas limit 1,000,000), so a refusal is only seen in the mined receipt. For tests of
     * the failed-receipt path.
     */
    RoundContract withoutPreflight() {
        return new RoundContract(chain, address, deployment, false, managers);
    }

    /** Registers a client (owner only). Event: ClientRegistered. */
    public TxResult registerClient(Credentials owner, String client) {
        return send(owner, new Function(FederatedRounds.FUNC_REGISTERCLIENT, List.of(new Address(client)), List.of()));
    }

    /** Registers an aggregator (owner only). Event: AggregatorRegistered. */
    public TxResult registerAggregator(Credentials owner, String aggregator) {
        return send(owner, new Function(FederatedRounds.FUNC_REGISTERAGGREGATOR, List.of(new Address(aggregator)), List.of()));
    }

    /**
     * Submits a client's update for the current round. Event: UpdateSubmitted.
     *
     * @param cid CID of the update
     * @param numSamples training samples behind the update (FedAvg weight), >= 0
     * @throws ContractRevertException NotClient, WrongRound, UpdatesClosed, AlreadySubmitted
     */
    public TxResult submitUpdate(Credentials client, long round, Cid cid, long numSamples) {
        return send(client, new Function(FederatedRounds.FUNC_SUBMITUPDATE,
                List.of(uint(round), bytes(cid), uint(numSamples)), List.of()));
    }

    /**
     * Proposes an aggregate for the current round; counts as the proposer's vote and finalizes the
     * round when the quorum is 1. Events: AggregateProposed, then maybe RoundFinalized and RoundOpened.
     *
     * @throws ContractRevertException NotAggregator, WrongRound, NotEnoughUpdates, AlreadyVoted
     */
    public TxResult propose(Credentials aggregator, long round, Cid cid) {
        return send(aggregator, new Function(FederatedRounds.FUNC_PROPOSE,
                List.of(uint(round), bytes(cid)), List.of()));
    }

    /**
     * Votes for an existing proposal of the current round. Events: VoteCast, then RoundFinalized and
     * RoundOpened when the proposal reaches the quorum.
     *
     * @throws ContractRevertException NotAggregator, WrongRound, UnknownProposal, AlreadyVoted
     */
    public TxResult vote(Credentials aggregator, long round, Cid cid) {
        return send(aggregator, new Function(FederatedRounds.FUNC_VOTE,
                List.of(uint(round), bytes(cid)), List.of()));
    }

    /** The round open for updates (rounds count from 1). */
    public long currentRound() {
        return uintResult(call(FederatedRounds.FUNC_CURRENTROUND, List.of(), List.of(new TypeReference<Uint256>() {})));
    }

    /**
     * Updates submitted for {@code round}, in submission order (empty for a round not reached).
     *
     * @throws IllegalStateException when an entry's bytes are not a binary CID (round, index, client
     *     and the bytes in hex are named)
     */
    public List<UpdateEntry> updates(long round) {
        long count = uintResult(call(FederatedRounds.FUNC_UPDATECOUNT, List.of(uint(round)),
                List.of(new TypeReference<Uint256>() {})));
        List<UpdateEntry> entries = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            List<Object> values = call(FederatedRounds.FUNC_UPDATEAT, List.of(uint(round), uint(i)), List.of(
                    new TypeReference<Address>() {}, new TypeReference<DynamicBytes>() {}, new TypeReference<Uint256>() {}));
            String client = (String) values.get(0);
            Cid cid = cid((byte[]) values.get(1), "update " + i + " of round " + round + " by client " + client);
            entries.add(new UpdateEntry(client, cid, ((BigInteger) values.get(2)).longValueExact()));
        }
        return List.copyOf(entries);
    }

    /**
     * The CID of the round's global model (round 0: the initial model); empty while the round is open.
     *
     * @throws IllegalStateException when the stored bytes are not a binary CID
     */
    public Optional<Cid> globalModel(long round) {
        byte[] cid = (byte[]) call(FederatedRounds.FUNC_GLOBALMODEL, List.of(uint(round)),
                List.of(new TypeReference<DynamicBytes>() {})).get(0);
        return cid.length == 0 ? Optional.empty() : Optional.of(cid(cid, "global model of round " + round));
    }

    /** Votes the proposal {@code cid} of {@code round} has (0: no such proposal). */
    public long proposalVotes(long round, Cid cid) {
        return uintResult(call(FederatedRounds.FUNC_PROPOSALVOTES, List.of(uint(round), bytes(cid)),
                List.of(new TypeReference<Uint256>() {})));
    }

    /** Updates a round needs before a proposal (constructor argument). */
    public long minUpdates() {
        return uintResult(call(FederatedRounds.FUNC_MINUPDATES, List.of(), List.of(new TypeReference<Uint32>() {})));
    }

    /** Votes that finalize a proposal (constructor argument). */
    public long quorum() {
        return uintResult(call(FederatedRounds.FUNC_QUORUM, List.of(), List.of(new TypeReference<Uint32>() {})));
    }

    /** Whether {@code account} is a registered client. */
    public boolean isClient(String account) {
        return (Boolean) call(FederatedRounds.FUNC_ISCLIENT, List.of(new Address(account)),
                List.of(new TypeReference<org.web3j.abi.datatypes.Bool>() {})).get(0);
    }

    /** Whether {@code account} is a registered aggregator. */
    public boolean isAggregator(String account) {
        return (Boolean) call(FederatedRounds.FUNC_ISAGGREGATOR, List.of(new Address(account)),
                List.of(new TypeReference<org.web3j.abi.datatypes.Bool>() {})).get(0);
    }

    /**
     * The contract's events in blocks {@code fromBlock .. toBlock} (inclusive), in chain order,
     * via {@code eth_getLogs}.
     *
     * @throws ChainUnavailableException when the node does not answer
     * @throws IllegalStateException when the node refuses the query (e.g. range too large), or an event
     *     carries bytes that are not a binary CID (the event, its transaction hash and the bytes in hex
     *     are named)
     */
    public List<RoundEvent> events(long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), address);
        try {
            EthLog response = chain.web3j().ethGetLogs(filter).send();
            if (response.hasError()) {
                throw new IllegalStateException("eth_getLogs " + fromBlock + ".." + toBlock + " failed: "
                        + ChainConnection.errorText(response.getError()));
            }
            List<RoundEvent> events = new ArrayList<>();
            for (EthLog.LogResult<?> result : response.getLogs()) {
                decodeEvent((Log) result.get()).ifPresent(events::add);
            }
            return List.copyOf(events);
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    // ---- transactions ----

    private TxResult send(Credentials sender, Function function) {
        return toResult(transact(sender, function.getName(), address, FunctionEncoder.encode(function)));
    }

    private TxResult toResult(TransactionReceipt receipt) {
        List<RoundEvent> events = new ArrayList<>();
        for (Log log : receipt.getLogs()) {
            if (address.equalsIgnoreCase(log.getAddress())) {
                decodeEvent(log).ifPresent(events::add);
            }
        }
        return new TxResult(receipt.getTransactionHash(), receipt.getGasUsed().longValueExact(),
                receipt.getBlockNumber().longValueExact(), events);
    }

    /** Simulates, sends and awaits one transaction; {@code to == null} creates a contract. */
    private TransactionReceipt transact(Credentials sender, String functionName, String to, String data) {
        Objects.requireNonNull(sender, "sender");
        Web3j web3j = chain.web3j();
        RawTransactionManager manager = managers.computeIfAbsent(sender.getAddress(),
                a -> new RawTransactionManager(web3j, sender, chain.chainId()));
        String from = sender.getAddress();
        Transaction call = new Transaction(from, null, null, null, to, null, data);
        try {
            synchronized (manager) {
                BigInteger gasLimit = UNCHECKED_GAS_LIMIT;
                if (preflight) {
                    EthCall simulated = web3j.ethCall(call, DefaultBlockParameterName.LATEST).send();
                    if (simulated.hasError() || simulated.isReverted()) {
                        throw revert(functionName, simulated);
                    }
                    var estimate = web3j.ethEstimateGas(call).send();
                    if (estimate.hasError()) {
                        throw revertOrRejected(functionName, estimate.getError(), "eth_estimateGas");
                    }
                    gasLimit = estimate.getAmountUsed().multiply(GAS_MARGIN_PERCENT).divide(BigInteger.valueOf(100));
                }
                var gasPrice = web3j.ethGasPrice().send();
                if (gasPrice.hasError()) {
                    throw new IllegalStateException("eth_gasPrice failed: " + ChainConnection.errorText(gasPrice.getError()));
                }
                EthSendTransaction sent = manager.sendTransaction(gasPrice.getGasPrice(), gasLimit, to, data,
                        BigInteger.ZERO, to == null);
                if (sent.hasError()) {
                    throw revertOrRejected(functionName, sent.getError(), "eth_sendRawTransaction");
                }
                TransactionReceipt receipt = chain.receiptProcessor().waitForTransactionReceipt(sent.getTransactionHash());
                if (!receipt.isStatusOK()) {
                    throw minedFailure(functionName, call, receipt);
                }
                return receipt;
            }
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        } catch (TransactionException e) {
            throw new IllegalStateException(functionName + ": no receipt: " + e.getMessage(), e);
        }
    }

    private static ContractRevertException revert(String functionName, EthCall simulated) {
        Response.Error error = simulated.getError();
        if (error != null) {
            return REVERTS.decode(functionName, RevertDecoder.revertData(error.getData(), error.getMessage()),
                    ChainConnection.errorText(error));
        }
        String value = simulated.getValue();
        return REVERTS.decode(functionName, RevertDecoder.revertData(value, null), "eth_call reverted");
    }

    private static RuntimeException revertOrRejected(String functionName, Response.Error error, String method) {
        Optional<String> data = RevertDecoder.revertData(error.getData(), error.getMessage());
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (data.isPresent() || message.contains("revert")) {
            return REVERTS.decode(functionName, data, ChainConnection.errorText(error));
        }
        return new IllegalStateException(functionName + ": " + method + " failed: " + ChainConnection.errorText(error));
    }

    /** A mined transaction with status 0: replay it at the parent block to get the revert data. */
    private ContractRevertException minedFailure(String functionName, Transaction call, TransactionReceipt receipt)
            throws IOException {
        String fallback = "transaction " + receipt.getTransactionHash() + " failed in block " + receipt.getBlockNumber();
        String reason = receipt.getRevertReason();
        Optional<String> data = RevertDecoder.revertData(reason, null);
        if (data.isEmpty()) {
            BigInteger parent = receipt.getBlockNumber().subtract(BigInteger.ONE).max(BigInteger.ZERO);
            EthCall replay = chain.web3j().ethCall(call, DefaultBlockParameter.valueOf(parent)).send();
            if (replay.hasError()) {
                data = RevertDecoder.revertData(replay.getError().getData(), replay.getError().getMessage());
            }
        }
        return REVERTS.decode(functionName, data, fallback);
    }

    // ---- calls ----

    /** eth_call of a view; returns the decoded values (address: String, uintN: BigInteger, bytes: byte[], bool: Boolean). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<Object> call(String functionName, List<? extends Type<?>> inputs, List<TypeReference<?>> outputs) {
        Function function = new Function(functionName, (List) inputs, (List) outputs);
        Transaction call = Transaction.createEthCallTransaction(null, address, FunctionEncoder.encode(function));
        try {
            EthCall result = chain.web3j().ethCall(call, DefaultBlockParameterName.LATEST).send();
            if (result.hasError() || result.isReverted()) {
                throw revert(functionName, result);
            }
            List<Object> values = new ArrayList<>();
            for (Type<?> value : FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters())) {
                values.add(value.getValue());
            }
            if (values.size() != outputs.size()) {
                throw new IllegalStateException(functionName + " returned " + result.getValue()
                        + ", not " + outputs.size() + " value(s): is " + address + " a FederatedRounds contract?");
            }
            return values;
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    private static long uintResult(List<Object> values) {
        return ((BigInteger) values.get(0)).longValueExact();
    }

    private static Uint256 uint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("uint256 argument must be >= 0, got " + value);
        }
        return new Uint256(value);
    }

    private static DynamicBytes bytes(Cid cid) {
        return new DynamicBytes(Objects.requireNonNull(cid, "cid").toBytes());
    }

    /**
     * Decodes binary CID bytes read from the contract.
     *
     * @param where what carried the bytes, for the error message
     * @throws IllegalStateException when {@code bytes} is not a binary CID
     */
    private static Cid cid(byte[] bytes, String where) {
        try {
            return Cid.fromBytes(bytes);
        } catch (MalformedCidException e) {
            throw new IllegalStateException(where + " carries bytes that are not a CID: 0x"
                    + HexFormat.of().formatHex(bytes), e);
        }
    }

    // ---- events ----

    private static Optional<RoundEvent> decodeEvent(Log log) {
        List<String> topics = log.getTopics();
        if (topics == null || topics.isEmpty()) {
            return Optional.empty();
        }
        String name = EVENT_BY_TOPIC.get(topics.get(0).toLowerCase(Locale.ROOT));
        if (name == null) {
            return Optional.empty();
        }
        String tx = log.getTransactionHash();
        long block = log.getBlockNumber().longValueExact();
        RoundEvent event = switch (name) {
            case "ClientRegistered" -> new RoundEvent.ClientRegistered(
                    FederatedRounds.getClientRegisteredEventFromLog(log).client, tx, block);
            case "AggregatorRegistered" -> new RoundEvent.AggregatorRegistered(
                    FederatedRounds.getAggregatorRegisteredEventFromLog(log).aggregator, tx, block);
            case "UpdateSubmitted" -> {
                var e = FederatedRounds.getUpdateSubmittedEventFromLog(log);
                yield new RoundEvent.UpdateSubmitted(e.round.longValueExact(), e.client, cid(e.cid, where(name, tx)),
                        e.numSamples.longValueExact(), tx, block);
            }
            case "AggregateProposed" -> {
                var e = FederatedRounds.getAggregateProposedEventFromLog(log);
                yield new RoundEvent.AggregateProposed(e.round.longValueExact(), e.aggregator,
                        cid(e.cid, where(name, tx)), tx, block);
            }
            case "VoteCast" -> {
                var e = FederatedRounds.getVoteCastEventFromLog(log);
                yield new RoundEvent.VoteCast(e.round.longValueExact(), e.voter, cid(e.cid, where(name, tx)), tx, block);
            }
            case "RoundFinalized" -> {
                var e = FederatedRounds.getRoundFinalizedEventFromLog(log);
                yield new RoundEvent.RoundFinalized(e.round.longValueExact(), cid(e.cid, where(name, tx)),
                        e.votes.longValueExact(), tx, block);
            }
            case "RoundOpened" -> new RoundEvent.RoundOpened(
                    FederatedRounds.getRoundOpenedEventFromLog(log).round.longValueExact(), tx, block);
            default -> throw new IllegalStateException("unmapped event " + name);
        };
        return Optional.of(event);
    }

    private static String where(String eventName, String txHash) {
        return "event " + eventName + " in tx " + txHash;
    }

    private static String bytecode() {
        try (InputStream in = RoundContract.class.getResourceAsStream(BIN_RESOURCE)) {
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
