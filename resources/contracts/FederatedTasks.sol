// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title Federated learning tasks: rounds of client updates, aggregate proposals and votes
/// @notice One contract holds many tasks (ids 1, 2, ... from a counter). A task's creator adds
///         participants with roles (client, aggregator). Each round moves through
///         Open -> Aggregating -> Voting -> Finalized, or Failed at a deadline:
///         - Open: clients submit updates (per-update mode) until `clientsPerRound` updates arrived
///           (the last one closes the round) or the submission deadline passed; in Merkle mode an
///           aggregator commits the Merkle root of the clients' off-chain signed updates instead.
///         - Aggregating: the update set is fixed; aggregators compute the aggregate off chain.
///         - Voting: after the first proposal; each proposal counts as its proposer's vote.
///         - Finalized: a proposal reached `quorum` votes; it becomes the global model; the next
///           round opens (or the task completes after the last round).
///         - Failed: `closeRound` after the submission deadline with fewer than `minUpdates`
///           updates, or after the vote deadline without quorum. The next round opens on the same
///           global model (the latest finalized one); the task still ends after `rounds` rounds.
///         Deadlines are block numbers fixed when a round opens: submissions until
///         open + submissionBlocks, proposals and votes until that + votingBlocks.
/// @dev CIDs are stored compactly as the 32-byte sha2-256 digest of their multihash plus the
///      multicodec (raw 0x55 or dag-pb 0x70); clients rebuild CIDv1 = varint(1) varint(codec)
///      0x12 0x20 digest. Per-update state lives in slots written before the update (participant
///      slot at registration, round header and rolling hash at round opening), so an update writes
///      no fresh storage slot. The update list itself is only in UpdateSubmitted events; the round
///      keeps the rolling commitment h_0 = keccak256(abi.encode(taskId, round)),
///      h_i = keccak256(abi.encode(h_{i-1}, client, digest, codec, numSamples)) to verify it.
///      The contract is also the ERC-20 reward token (OpenZeppelin ERC20): clients earn
///      `rewardPerUpdate` for each update in a finalized round (counted lazily in the participant
///      slot when the client next submits or claims, minted by `claimRewards`); voters of the winning
///      proposal get `rewardPerVote` minted at finalization (at most `quorum` mints).
///      Lazy settlement without a storage read: each round header records how many rounds had
///      failed before it opened; if that number did not change between the client's previous round
///      and the current one, the previous round finalized.
contract FederatedTasks is ERC20 {
    uint8 public constant ROLE_CLIENT = 1;
    uint8 public constant ROLE_AGGREGATOR = 2;
    uint64 public constant CODEC_RAW = 0x55;
    uint64 public constant CODEC_DAG_PB = 0x70;
    /// Highest aggregationRule code a task may record (14 = FLTrust).
    uint8 internal constant MAX_AGGREGATION_RULE = 14;

    enum RoundState { None, Open, Aggregating, Voting, Finalized, Failed }
    enum TaskStatus { None, Active, Completed, Abandoned }
    enum FailureReason { TooFewUpdates, NoQuorum, Abandoned }

    /// @param modelSpecDigest sha2-256 digest of the model specification's CID
    /// @param rounds rounds the task runs (failed rounds included), >= 1
    /// @param clientsPerRound updates that close a round's submissions (per-update mode) or the
    ///        most a Merkle commitment may count, >= 1
    /// @param minUpdates updates a round needs to be aggregated, 1 .. clientsPerRound
    /// @param quorum votes that finalize a proposal, >= 1
    /// @param submissionBlocks blocks a round accepts updates after it opened, >= 1
    /// @param votingBlocks blocks after the submission deadline for proposals and votes, >= 1
    /// @param aggregationRule 0 = FedAvg weighted by numSamples, 1 FedProx, 2 FedAvgM, 3 FedAdam, 4 FedYogi,
    ///        5 FedAdagrad, 6 coordinate-wise median, 7 trimmed mean, 8 Krum, 9 Multi-Krum, 10 Bulyan,
    ///        11 centered clipping, 12 geometric median (RFA), 13 norm bounding, 14 FLTrust
    ///        (recorded, not enforced on chain), <= MAX_AGGREGATION_RULE
    /// @param merkleMode updates are committed per round as a Merkle root instead of one by one
    /// @param rewardPerUpdate reward tokens (smallest unit) per update in a finalized round
    /// @param rewardPerVote reward tokens per vote for the winning proposal
    /// @param privateUpdates clients seal their updates for the aggregators (docs/envelope.md); each
    ///        aggregator publishes its public key with publishKey
    struct TaskParams {
        bytes32 modelSpecDigest;
        uint64 modelSpecCodec;
        bytes32 initialModelDigest;
        uint64 initialModelCodec;
        uint32 rounds;
        uint32 clientsPerRound;
        uint32 minUpdates;
        uint16 quorum;
        uint32 submissionBlocks;
        uint32 votingBlocks;
        uint8 aggregationRule;
        bool merkleMode;
        uint96 rewardPerUpdate;
        uint96 rewardPerVote;
        bool privateUpdates;
    }

    struct Task {
        // slot 0
        address creator;
        uint32 rounds;
        uint32 clientsPerRound;
        uint32 minUpdates;
        // slot 1
        uint32 currentRound;
        uint32 modelRound;
        uint16 quorum;
        uint32 submissionBlocks;
        uint32 votingBlocks;
        uint8 aggregationRule;
        bool merkleMode;
        TaskStatus status;
        uint32 failures; // rounds failed so far
        bool privateUpdates;
        // slot 2
        uint96 rewardPerUpdate;
        uint96 rewardPerVote;
        uint64 modelSpecCodec;
        // slot 3
        bytes32 modelSpecDigest;
    }

    /// One slot per (task, round). Block numbers are uint32 (4.29e9 blocks).
    struct RoundHeader {
        RoundState state;
        bool merkle;
        uint8 proposals; // distinct proposals, saturating at 255
        uint8 globalCodec;
        uint32 updateCount;
        uint32 maxUpdates;
        uint32 submissionDeadline;
        uint32 voteDeadline;
        uint64 totalSamples;
        uint32 failuresBefore; // rounds of the task that failed before this one opened
    }

    /// One slot per (task, participant), written when the participant is added.
    struct Participant {
        uint8 roles;
        uint32 lastSubmittedRound; // per-update mode: last round submitted to; Merkle mode: last round claimed
        uint32 lastVotedRound;
        bool settled; // the reward for lastSubmittedRound has been counted (or the round failed)
        uint32 failuresAtSubmit; // failuresBefore of lastSubmittedRound
        uint32 rewardedUpdates; // updates in finalized rounds not yet paid out (x rewardPerUpdate)
        bool keyPublished; // private task: the aggregator published its public key (publishKey)
    }

    error UnknownTask(uint256 taskId);
    error InvalidTaskParameter(string name);
    error UnsupportedCodec(uint64 codec);
    error ZeroDigest();
    error NotTaskCreator(uint256 taskId, address sender);
    error InvalidRoles(uint8 roles);
    error ZeroAddress();
    error AlreadyParticipant(uint256 taskId, address account, uint8 roles);
    error TaskNotActive(uint256 taskId);
    error NotClient(uint256 taskId, address sender);
    error NotAggregator(uint256 taskId, address sender);
    error WrongRound(uint256 taskId, uint256 current, uint256 given);
    error RoundNotActive(uint256 taskId, uint256 round, RoundState state);
    error WrongMode(uint256 taskId, bool merkleMode);
    error UpdatesClosed(uint256 taskId, uint256 round);
    error SubmissionDeadlinePassed(uint256 taskId, uint256 round, uint256 deadline);
    error AlreadySubmitted(uint256 taskId, uint256 round, address client);
    error ZeroSamples();
    error SubmissionsOpen(uint256 taskId, uint256 round, uint256 deadline);
    error NotEnoughUpdates(uint256 taskId, uint256 round, uint256 have, uint256 need);
    error TooManyUpdates(uint256 taskId, uint256 round, uint256 have, uint256 max);
    error VotingClosed(uint256 taskId, uint256 round, uint256 deadline);
    error VotingOpen(uint256 taskId, uint256 round, uint256 deadline);
    error AlreadyVoted(uint256 taskId, uint256 round, address voter);
    error UnknownProposal(uint256 taskId, uint256 round, bytes32 digest, uint64 codec);
    error RoundNotFinalized(uint256 taskId, uint256 round);
    error ClaimOutOfOrder(uint256 taskId, uint256 round, uint256 lastClaimed);
    error InvalidProof(uint256 taskId, uint256 round, address client);
    error NothingToClaim(uint256 taskId, address account);
    error NotPrivate(uint256 taskId);
    error InvalidPublicKey(uint256 taskId, address sender, address keyAddress);
    error KeyAlreadyPublished(uint256 taskId, address aggregator);

    event TaskCreated(uint256 indexed taskId, address indexed creator, TaskParams params);
    event ParticipantAdded(uint256 indexed taskId, address indexed account, uint8 roles);
    event RoundOpened(uint256 indexed taskId, uint256 indexed round, uint256 baseRound,
        uint256 submissionDeadline, uint256 voteDeadline);
    event UpdateSubmitted(uint256 indexed taskId, uint256 indexed round, address indexed client,
        bytes32 digest, uint64 codec, uint64 numSamples, uint32 index);
    event UpdatesCommitted(uint256 indexed taskId, uint256 indexed round, address indexed aggregator,
        bytes32 root, bytes32 manifestDigest, uint64 manifestCodec, uint32 count, uint64 totalSamples);
    /// Open -> Aggregating: the round's update set is fixed; `commitment` is the rolling updates
    /// hash (per-update mode) or the Merkle root (Merkle mode).
    event SubmissionsClosed(uint256 indexed taskId, uint256 indexed round, uint32 count, uint64 totalSamples,
        bytes32 commitment);
    event AggregateProposed(uint256 indexed taskId, uint256 indexed round, address indexed aggregator,
        bytes32 digest, uint64 codec);
    event VoteCast(uint256 indexed taskId, uint256 indexed round, address indexed voter,
        bytes32 digest, uint64 codec, uint256 votes);
    event RoundFinalized(uint256 indexed taskId, uint256 indexed round, bytes32 digest, uint64 codec,
        uint256 votes);
    event RoundFailed(uint256 indexed taskId, uint256 indexed round, FailureReason reason, uint32 updateCount);
    event TaskCompleted(uint256 indexed taskId, uint256 modelRound, bytes32 digest, uint64 codec);
    /// The creator ended the task before its last round (its driver was stopped or died); `round` was the
    /// current round, failed with reason Abandoned if it was still undecided.
    event TaskAbandoned(uint256 indexed taskId, uint256 round, uint256 modelRound);
    /// Merkle mode: a client proved its update in a finalized round (per-update mode counts rewards
    /// silently when the client next submits or claims: every update of a finalized round earns one).
    event UpdateRewarded(uint256 indexed taskId, uint256 indexed round, address indexed client);
    event RewardsClaimed(uint256 indexed taskId, address indexed account, uint256 amount);
    /// Private task: an aggregator's secp256k1 public key (64 bytes X || Y), which derives its address, and
    /// its EIP-191 signature of the key statement (65 bytes r || s || v; docs/envelope.md), checked off chain.
    event AggregatorKeyPublished(uint256 indexed taskId, address indexed aggregator, bytes publicKey,
        bytes signature);

    uint256 public taskCount;
    mapping(uint256 => Task) private _tasks;
    mapping(uint256 => mapping(address => Participant)) private _participants;
    mapping(uint256 => mapping(uint256 => RoundHeader)) private _rounds;
    /// rolling updates hash (per-update mode) or Merkle root (Merkle mode)
    mapping(uint256 => mapping(uint256 => bytes32)) private _commitments;
    mapping(uint256 => mapping(uint256 => bytes32)) private _globalDigests;
    /// keccak256(abi.encode(taskId, round, digest, codec)) => voters, in vote order
    mapping(bytes32 => address[]) private _voters;

    constructor() ERC20("DeFL Reward", "DFLR") {}

    // ---------------------------------------------------------------- tasks and participants

    /// @notice Creates a task and opens its round 1. Event: TaskCreated, RoundOpened.
    /// @return taskId the new task's id (1, 2, ...)
    function createTask(TaskParams calldata p) external returns (uint256 taskId) {
        _checkCid(p.modelSpecDigest, p.modelSpecCodec);
        _checkCid(p.initialModelDigest, p.initialModelCodec);
        if (p.rounds == 0) revert InvalidTaskParameter("rounds");
        if (p.clientsPerRound == 0) revert InvalidTaskParameter("clientsPerRound");
        if (p.minUpdates == 0 || p.minUpdates > p.clientsPerRound) revert InvalidTaskParameter("minUpdates");
        if (p.quorum == 0) revert InvalidTaskParameter("quorum");
        if (p.submissionBlocks == 0) revert InvalidTaskParameter("submissionBlocks");
        if (p.votingBlocks == 0) revert InvalidTaskParameter("votingBlocks");
        if (p.aggregationRule > MAX_AGGREGATION_RULE) revert InvalidTaskParameter("aggregationRule");
        taskId = ++taskCount;
        Task storage t = _tasks[taskId];
        t.creator = msg.sender;
        t.rounds = p.rounds;
        t.clientsPerRound = p.clientsPerRound;
        t.minUpdates = p.minUpdates;
        t.quorum = p.quorum;
        t.submissionBlocks = p.submissionBlocks;
        t.votingBlocks = p.votingBlocks;
        t.aggregationRule = p.aggregationRule;
        t.merkleMode = p.merkleMode;
        t.privateUpdates = p.privateUpdates;
        t.status = TaskStatus.Active;
        t.rewardPerUpdate = p.rewardPerUpdate;
        t.rewardPerVote = p.rewardPerVote;
        t.modelSpecCodec = p.modelSpecCodec;
        t.modelSpecDigest = p.modelSpecDigest;
        RoundHeader storage zero = _rounds[taskId][0];
        zero.state = RoundState.Finalized;
        zero.globalCodec = uint8(p.initialModelCodec);
        _globalDigests[taskId][0] = p.initialModelDigest;
        emit TaskCreated(taskId, msg.sender, p);
        _openRound(taskId, t, 1);
    }

    /// @notice Adds accounts to a task with `roles` (bit 0 client, bit 1 aggregator), or adds roles
    ///         to existing participants. Creator only. Event: ParticipantAdded per account.
    function addParticipants(uint256 taskId, address[] calldata accounts, uint8 roles) external {
        Task storage t = _existing(taskId);
        if (msg.sender != t.creator) revert NotTaskCreator(taskId, msg.sender);
        if (t.status != TaskStatus.Active) revert TaskNotActive(taskId);
        if (roles == 0 || roles > (ROLE_CLIENT | ROLE_AGGREGATOR)) revert InvalidRoles(roles);
        for (uint256 i = 0; i < accounts.length; i++) {
            address a = accounts[i];
            if (a == address(0)) revert ZeroAddress();
            Participant storage p = _participants[taskId][a];
            if (p.roles & roles == roles) revert AlreadyParticipant(taskId, a, p.roles);
            p.roles |= roles;
            emit ParticipantAdded(taskId, a, p.roles);
        }
    }

    /// @notice Private task: publishes the caller's public key, so that clients can seal their updates for
    ///         it. Aggregators only, once per task and aggregator (the key of an address cannot change, so
    ///         there is nothing to rotate). `publicKey` is the 64-byte uncompressed secp256k1 key X || Y and
    ///         must derive the caller's address (last 20 bytes of its keccak256); `signature` (65 bytes) is
    ///         the account's EIP-191 signature of its key statement, emitted for off-chain checks and not
    ///         verified here. Event: AggregatorKeyPublished.
    function publishKey(uint256 taskId, bytes calldata publicKey, bytes calldata signature) external {
        if (!_existing(taskId).privateUpdates) revert NotPrivate(taskId);
        Participant storage p = _participants[taskId][msg.sender];
        if (p.roles & ROLE_AGGREGATOR == 0) revert NotAggregator(taskId, msg.sender);
        address derived = publicKey.length == 64 ? address(uint160(uint256(keccak256(publicKey)))) : address(0);
        if (derived != msg.sender || signature.length != 65) revert InvalidPublicKey(taskId, msg.sender, derived);
        if (p.keyPublished) revert KeyAlreadyPublished(taskId, msg.sender);
        p.keyPublished = true;
        emit AggregatorKeyPublished(taskId, msg.sender, publicKey, signature);
    }

    /// @notice Ends an active task early: the current round, unless already decided, fails with reason
    ///         Abandoned, and the task's status becomes Abandoned, so no update, proposal or vote is accepted
    ///         any more. Creator only; for a run that was stopped, or whose driver died. Events: RoundFailed
    ///         (when the round was undecided), TaskAbandoned.
    function abandonTask(uint256 taskId) external {
        Task storage t = _existing(taskId);
        if (msg.sender != t.creator) revert NotTaskCreator(taskId, msg.sender);
        if (t.status != TaskStatus.Active) revert TaskNotActive(taskId);
        uint256 round = t.currentRound;
        RoundHeader memory h = _rounds[taskId][round];
        if (h.state == RoundState.Open || h.state == RoundState.Aggregating || h.state == RoundState.Voting) {
            h.state = RoundState.Failed;
            _rounds[taskId][round] = h;
            t.failures += 1;
            emit RoundFailed(taskId, round, FailureReason.Abandoned, h.updateCount);
        }
        t.status = TaskStatus.Abandoned;
        emit TaskAbandoned(taskId, round, t.modelRound);
    }

    // ---------------------------------------------------------------- updates

    /// @notice Submits a client's update for an open round (per-update mode). The update that
    ///         reaches `clientsPerRound` closes the submissions. Events: UpdateSubmitted, maybe SubmissionsClosed.
    /// @param digest sha2-256 digest of the update's CID; codec its multicodec (raw or dag-pb)
    /// @param numSamples training samples behind the update (FedAvg weight), >= 1
    function submitUpdate(uint256 taskId, uint256 round, bytes32 digest, uint64 codec, uint64 numSamples) external {
        Participant storage ps = _participants[taskId][msg.sender];
        Participant memory p = ps;
        if (p.roles & ROLE_CLIENT == 0) revert NotClient(taskId, msg.sender);
        mapping(uint256 => RoundHeader) storage rounds = _rounds[taskId];
        RoundHeader storage hs = rounds[round];
        RoundHeader memory h = hs;
        if (h.state != RoundState.Open) _revertNotOpen(taskId, round, h.state);
        if (h.merkle) revert WrongMode(taskId, true);
        if (block.number > h.submissionDeadline) {
            revert SubmissionDeadlinePassed(taskId, round, h.submissionDeadline);
        }
        if (p.lastSubmittedRound == round) revert AlreadySubmitted(taskId, round, msg.sender);
        _checkCid(digest, codec);
        if (numSamples == 0) revert ZeroSamples();

        if (!p.settled && p.lastSubmittedRound != 0) {
            // the previous round has ended; no failure since it opened => it finalized (no storage read)
            if (h.failuresBefore == p.failuresAtSubmit || rounds[p.lastSubmittedRound].state == RoundState.Finalized) {
                p.rewardedUpdates += 1;
            }
        }
        p.lastSubmittedRound = uint32(round);
        p.failuresAtSubmit = h.failuresBefore;
        p.settled = false;
        _store(ps, p);

        mapping(uint256 => bytes32) storage commitments = _commitments[taskId];
        uint32 index = h.updateCount;
        bytes32 commitment = keccak256(abi.encode(commitments[round], msg.sender, digest, codec, numSamples));
        commitments[round] = commitment;
        h.updateCount = index + 1;
        h.totalSamples += numSamples;
        emit UpdateSubmitted(taskId, round, msg.sender, digest, codec, numSamples, index);
        if (h.updateCount == h.maxUpdates) {
            h.state = RoundState.Aggregating;
            emit SubmissionsClosed(taskId, round, h.updateCount, h.totalSamples, commitment);
        }
        _store(hs, h);
    }

    function _store(Participant storage slot, Participant memory p) private {
        slot.roles = p.roles;
        slot.lastSubmittedRound = p.lastSubmittedRound;
        slot.lastVotedRound = p.lastVotedRound;
        slot.settled = p.settled;
        slot.failuresAtSubmit = p.failuresAtSubmit;
        slot.rewardedUpdates = p.rewardedUpdates;
    }

    function _store(RoundHeader storage slot, RoundHeader memory h) private {
        slot.state = h.state;
        slot.merkle = h.merkle;
        slot.proposals = h.proposals;
        slot.globalCodec = h.globalCodec;
        slot.updateCount = h.updateCount;
        slot.maxUpdates = h.maxUpdates;
        slot.submissionDeadline = h.submissionDeadline;
        slot.voteDeadline = h.voteDeadline;
        slot.totalSamples = h.totalSamples;
        slot.failuresBefore = h.failuresBefore;
    }

    /// @notice Merkle mode: an aggregator commits the round's update set, the Merkle root over
    ///         leaves keccak256(bytes.concat(keccak256(abi.encode(client, digest, codec, numSamples))))
    ///         (sorted-pair hashing, OpenZeppelin MerkleProof), and the digest of the signed
    ///         manifest listing them. The contract cannot check the signatures or the counts.
    ///         Allowed while the round is open and before its vote deadline.
    ///         Events: UpdatesCommitted, SubmissionsClosed.
    function commitUpdates(uint256 taskId, uint256 round, bytes32 root, bytes32 manifestDigest, uint64 manifestCodec,
        uint32 count, uint64 totalSamples) external {
        _onlyAggregator(taskId);
        RoundHeader memory h = _rounds[taskId][round];
        if (h.state != RoundState.Open) _revertNotOpen(taskId, round, h.state);
        if (!h.merkle) revert WrongMode(taskId, false);
        if (block.number > h.voteDeadline) revert VotingClosed(taskId, round, h.voteDeadline);
        if (root == bytes32(0)) revert ZeroDigest();
        _checkCid(manifestDigest, manifestCodec);
        uint32 minUpdates = _tasks[taskId].minUpdates;
        if (count < minUpdates) revert NotEnoughUpdates(taskId, round, count, minUpdates);
        if (count > h.maxUpdates) revert TooManyUpdates(taskId, round, count, h.maxUpdates);
        if (totalSamples < count) revert ZeroSamples();
        _commitments[taskId][round] = root;
        h.updateCount = count;
        h.totalSamples = totalSamples;
        h.state = RoundState.Aggregating;
        _rounds[taskId][round] = h;
        emit UpdatesCommitted(taskId, round, msg.sender, root, manifestDigest, manifestCodec, count, totalSamples);
        emit SubmissionsClosed(taskId, round, count, totalSamples, root);
    }

    // ---------------------------------------------------------------- proposals and votes

    /// @notice Proposes an aggregate; counts as the proposer's vote (finalizes at quorum 1). In
    ///         per-update mode an open round whose submission deadline passed with at least
    ///         `minUpdates` updates is closed first. Events: [SubmissionsClosed], AggregateProposed,
    ///         VoteCast, [RoundFinalized, RoundOpened | TaskCompleted].
    function propose(uint256 taskId, uint256 round, bytes32 digest, uint64 codec) external {
        _onlyAggregator(taskId);
        _checkCid(digest, codec);
        RoundHeader memory h = _rounds[taskId][round];
        if (h.state == RoundState.Open) {
            if (h.merkle) revert NotEnoughUpdates(taskId, round, 0, _tasks[taskId].minUpdates); // nothing committed yet
            if (block.number <= h.submissionDeadline) revert SubmissionsOpen(taskId, round, h.submissionDeadline);
            uint32 minUpdates = _tasks[taskId].minUpdates;
            if (h.updateCount < minUpdates) revert NotEnoughUpdates(taskId, round, h.updateCount, minUpdates);
            h.state = RoundState.Aggregating;
            emit SubmissionsClosed(taskId, round, h.updateCount, h.totalSamples, _commitments[taskId][round]);
        } else if (h.state != RoundState.Aggregating && h.state != RoundState.Voting) {
            _revertNotOpen(taskId, round, h.state);
        }
        if (block.number > h.voteDeadline) revert VotingClosed(taskId, round, h.voteDeadline);
        bytes32 key = _proposalKey(taskId, round, digest, codec);
        if (_voters[key].length == 0 && h.proposals < type(uint8).max) {
            h.proposals += 1;
        }
        h.state = RoundState.Voting;
        _rounds[taskId][round] = h;
        emit AggregateProposed(taskId, round, msg.sender, digest, codec);
        _vote(taskId, round, key, digest, codec);
    }

    /// @notice Votes for an existing proposal. Events: VoteCast, [RoundFinalized, RoundOpened | TaskCompleted].
    function vote(uint256 taskId, uint256 round, bytes32 digest, uint64 codec) external {
        _onlyAggregator(taskId);
        RoundHeader memory h = _rounds[taskId][round];
        if (h.state != RoundState.Voting) {
            if (h.state == RoundState.Open || h.state == RoundState.Aggregating) {
                revert UnknownProposal(taskId, round, digest, codec);
            }
            _revertNotOpen(taskId, round, h.state);
        }
        if (block.number > h.voteDeadline) revert VotingClosed(taskId, round, h.voteDeadline);
        bytes32 key = _proposalKey(taskId, round, digest, codec);
        if (_voters[key].length == 0) revert UnknownProposal(taskId, round, digest, codec);
        _vote(taskId, round, key, digest, codec);
    }

    /// @notice Applies a passed deadline: an open round past its submission deadline with fewer
    ///         than `minUpdates` updates fails, one with enough moves to Aggregating (per-update
    ///         mode); a Merkle-mode round without commitment, or an aggregating/voting round, past
    ///         its vote deadline fails. Anyone may call. Events: SubmissionsClosed, or RoundFailed then
    ///         RoundOpened | TaskCompleted.
    function closeRound(uint256 taskId, uint256 round) external {
        RoundHeader memory h = _rounds[taskId][round];
        if (h.state == RoundState.Open && !h.merkle) {
            if (block.number <= h.submissionDeadline) revert SubmissionsOpen(taskId, round, h.submissionDeadline);
            if (h.updateCount >= _tasks[taskId].minUpdates) {
                h.state = RoundState.Aggregating;
                _rounds[taskId][round] = h;
                emit SubmissionsClosed(taskId, round, h.updateCount, h.totalSamples, _commitments[taskId][round]);
                return;
            }
            _fail(taskId, round, h, FailureReason.TooFewUpdates);
        } else if (h.state == RoundState.Open || h.state == RoundState.Aggregating || h.state == RoundState.Voting) {
            if (block.number <= h.voteDeadline) revert VotingOpen(taskId, round, h.voteDeadline);
            _fail(taskId, round, h, h.state == RoundState.Open ? FailureReason.TooFewUpdates : FailureReason.NoQuorum);
        } else {
            _revertNotOpen(taskId, round, h.state);
        }
    }

    // ---------------------------------------------------------------- rewards

    /// @notice Merkle mode: credits `rewardPerUpdate` for the caller's update in finalized `round`,
    ///         proven against the round's root. Rounds must be claimed in increasing order.
    ///         Event: UpdateRewarded.
    function claimUpdateReward(uint256 taskId, uint256 round, bytes32 digest, uint64 codec, uint64 numSamples,
        bytes32[] calldata proof) external {
        Participant memory p = _participants[taskId][msg.sender];
        if (p.roles & ROLE_CLIENT == 0) revert NotClient(taskId, msg.sender);
        Task storage t = _tasks[taskId];
        if (!t.merkleMode) revert WrongMode(taskId, false);
        if (_rounds[taskId][round].state != RoundState.Finalized || round == 0) revert RoundNotFinalized(taskId, round);
        if (round <= p.lastSubmittedRound) revert ClaimOutOfOrder(taskId, round, p.lastSubmittedRound);
        if (!MerkleProof.verifyCalldata(proof, _commitments[taskId][round], updateLeaf(msg.sender, digest, codec, numSamples))) {
            revert InvalidProof(taskId, round, msg.sender);
        }
        p.rewardedUpdates += 1;
        p.lastSubmittedRound = uint32(round);
        p.settled = true;
        _participants[taskId][msg.sender] = p;
        emit UpdateRewarded(taskId, round, msg.sender);
    }

    /// @notice Mints the caller's client rewards of a task: rewardPerUpdate for each of its updates
    ///         in a finalized round not paid out yet (its last update counts once that round is over).
    ///         Events: Transfer, RewardsClaimed.
    function claimRewards(uint256 taskId) external {
        Participant memory p = _participants[taskId][msg.sender];
        if (!p.settled && p.lastSubmittedRound != 0) {
            RoundState s = _rounds[taskId][p.lastSubmittedRound].state;
            if (s == RoundState.Finalized) p.rewardedUpdates += 1;
            if (s == RoundState.Finalized || s == RoundState.Failed) p.settled = true;
        }
        uint256 amount = uint256(p.rewardedUpdates) * _tasks[taskId].rewardPerUpdate;
        if (amount == 0) revert NothingToClaim(taskId, msg.sender);
        p.rewardedUpdates = 0;
        _participants[taskId][msg.sender] = p;
        _mint(msg.sender, amount);
        emit RewardsClaimed(taskId, msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    /// @return params the creation parameters (the initial model is globalModel(taskId, 0))
    function getTask(uint256 taskId) external view returns (TaskParams memory params, address creator,
        TaskStatus status, uint32 currentRound, uint32 modelRound) {
        Task storage t = _existing(taskId);
        params = TaskParams(t.modelSpecDigest, t.modelSpecCodec, _globalDigests[taskId][0],
            _rounds[taskId][0].globalCodec, t.rounds, t.clientsPerRound, t.minUpdates, t.quorum,
            t.submissionBlocks, t.votingBlocks, t.aggregationRule, t.merkleMode, t.rewardPerUpdate, t.rewardPerVote,
            t.privateUpdates);
        return (params, t.creator, t.status, t.currentRound, t.modelRound);
    }

    /// @return header the round's packed state; commitment the rolling updates hash or Merkle root;
    ///         globalDigest the finalized model's digest (zero unless finalized)
    function getRound(uint256 taskId, uint256 round) external view
        returns (RoundHeader memory header, bytes32 commitment, bytes32 globalDigest) {
        return (_rounds[taskId][round], _commitments[taskId][round], _globalDigests[taskId][round]);
    }

    function getParticipant(uint256 taskId, address account) external view returns (Participant memory) {
        return _participants[taskId][account];
    }

    /// @return digest the global model's CID digest (round 0: the initial model), zero unless finalized
    /// @return codec its multicodec, 0 unless finalized
    function globalModel(uint256 taskId, uint256 round) external view returns (bytes32 digest, uint64 codec) {
        if (_rounds[taskId][round].state != RoundState.Finalized) return (bytes32(0), 0);
        return (_globalDigests[taskId][round], _rounds[taskId][round].globalCodec);
    }

    function proposalVoters(uint256 taskId, uint256 round, bytes32 digest, uint64 codec)
        external view returns (address[] memory) {
        return _voters[_proposalKey(taskId, round, digest, codec)];
    }

    /// @return reward the account would mint with claimRewards now (accrued plus a settled last update)
    function pendingRewards(uint256 taskId, address account) external view returns (uint256 reward) {
        Participant memory p = _participants[taskId][account];
        uint256 updates = p.rewardedUpdates;
        if (!p.settled && p.lastSubmittedRound != 0
            && _rounds[taskId][p.lastSubmittedRound].state == RoundState.Finalized) {
            updates += 1;
        }
        reward = updates * _tasks[taskId].rewardPerUpdate;
    }

    /// @notice Merkle leaf of an update (OpenZeppelin StandardMerkleTree leaf encoding).
    function updateLeaf(address client, bytes32 digest, uint64 codec, uint64 numSamples) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(client, digest, codec, numSamples))));
    }

    /// @notice Whether `proof` shows the update in the Merkle root committed for the round.
    function verifyUpdate(uint256 taskId, uint256 round, address client, bytes32 digest, uint64 codec,
        uint64 numSamples, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = _commitments[taskId][round];
        return _rounds[taskId][round].merkle && root != bytes32(0)
            && MerkleProof.verifyCalldata(proof, root, updateLeaf(client, digest, codec, numSamples));
    }

    /// @notice The hash a client signs (EIP-191 personal_sign of these 32 bytes) for an off-chain update:
    ///         keccak256(abi.encode(chainid, this contract, taskId, round, digest, codec, numSamples)).
    function updateSigningHash(uint256 taskId, uint256 round, bytes32 digest, uint64 codec, uint64 numSamples)
        public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), taskId, round, digest, codec, numSamples));
    }

    /// @notice The signer of an off-chain update signature (EIP-191 over updateSigningHash).
    function updateSigner(uint256 taskId, uint256 round, bytes32 digest, uint64 codec, uint64 numSamples,
        bytes calldata signature) external view returns (address) {
        return ECDSA.recover(MessageHashUtils.toEthSignedMessageHash(
            updateSigningHash(taskId, round, digest, codec, numSamples)), signature);
    }

    // ---------------------------------------------------------------- internals

    function _existing(uint256 taskId) private view returns (Task storage t) {
        t = _tasks[taskId];
        if (t.status == TaskStatus.None) revert UnknownTask(taskId);
    }

    function _onlyAggregator(uint256 taskId) private view {
        if (_participants[taskId][msg.sender].roles & ROLE_AGGREGATOR == 0) revert NotAggregator(taskId, msg.sender);
    }

    function _checkCid(bytes32 digest, uint64 codec) private pure {
        if (codec != CODEC_RAW && codec != CODEC_DAG_PB) revert UnsupportedCodec(codec);
        if (digest == bytes32(0)) revert ZeroDigest();
    }

    function _proposalKey(uint256 taskId, uint256 round, bytes32 digest, uint64 codec) private pure returns (bytes32) {
        return keccak256(abi.encode(taskId, round, digest, codec));
    }

    /// Reverts for a round that is not in the expected state: UnknownTask, WrongRound for a round
    /// that never opened, RoundNotActive for a finalized or failed one, UpdatesClosed for a round
    /// past Open.
    function _revertNotOpen(uint256 taskId, uint256 round, RoundState state) private view {
        if (state == RoundState.None) {
            if (_tasks[taskId].status == TaskStatus.None) revert UnknownTask(taskId);
            revert WrongRound(taskId, _tasks[taskId].currentRound, round);
        }
        if (state == RoundState.Finalized || state == RoundState.Failed) revert RoundNotActive(taskId, round, state);
        revert UpdatesClosed(taskId, round);
    }

    function _vote(uint256 taskId, uint256 round, bytes32 key, bytes32 digest, uint64 codec) private {
        Participant storage voter = _participants[taskId][msg.sender];
        if (voter.lastVotedRound == round) revert AlreadyVoted(taskId, round, msg.sender);
        voter.lastVotedRound = uint32(round);
        address[] storage voters = _voters[key];
        voters.push(msg.sender);
        uint256 votes = voters.length;
        emit VoteCast(taskId, round, msg.sender, digest, codec, votes);
        Task storage t = _tasks[taskId];
        if (votes < t.quorum) return;

        RoundHeader storage h = _rounds[taskId][round];
        h.state = RoundState.Finalized;
        h.globalCodec = uint8(codec);
        _globalDigests[taskId][round] = digest;
        t.modelRound = uint32(round);
        uint96 reward = t.rewardPerVote;
        if (reward != 0) {
            for (uint256 i = 0; i < votes; i++) {
                _mint(voters[i], reward);
            }
        }
        emit RoundFinalized(taskId, round, digest, codec, votes);
        _next(taskId, t, round, digest, codec);
    }

    function _fail(uint256 taskId, uint256 round, RoundHeader memory h, FailureReason reason) private {
        h.state = RoundState.Failed;
        _rounds[taskId][round] = h;
        emit RoundFailed(taskId, round, reason, h.updateCount);
        Task storage t = _tasks[taskId];
        t.failures += 1;
        uint256 modelRound = t.modelRound;
        _next(taskId, t, round, _globalDigests[taskId][modelRound], _rounds[taskId][modelRound].globalCodec);
    }

    /// After round `round` ended: opens the next round, or completes the task after the last.
    function _next(uint256 taskId, Task storage t, uint256 round, bytes32 modelDigest, uint64 modelCodec) private {
        if (round >= t.rounds) {
            t.status = TaskStatus.Completed;
            emit TaskCompleted(taskId, t.modelRound, modelDigest, modelCodec);
        } else {
            _openRound(taskId, t, round + 1);
        }
    }

    function _openRound(uint256 taskId, Task storage t, uint256 round) private {
        t.currentRound = uint32(round);
        uint32 submissionDeadline = uint32(block.number + t.submissionBlocks);
        uint32 voteDeadline = submissionDeadline + t.votingBlocks;
        bool merkle = t.merkleMode;
        _rounds[taskId][round] = RoundHeader({
            state: RoundState.Open,
            merkle: merkle,
            proposals: 0,
            globalCodec: 0,
            updateCount: 0,
            maxUpdates: t.clientsPerRound,
            submissionDeadline: submissionDeadline,
            voteDeadline: voteDeadline,
            totalSamples: 0,
            failuresBefore: t.failures
        });
        if (!merkle) {
            // seed of the rolling updates hash: the first update then rewrites a non-zero slot
            _commitments[taskId][round] = keccak256(abi.encode(taskId, round));
        }
        emit RoundOpened(taskId, round, t.modelRound, submissionDeadline, voteDeadline);
    }
}
