// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Federated learning rounds for one training task
/// @notice Registered clients submit model updates (as binary CIDs) for the current round;
///         registered aggregators propose an aggregate (FedAvg) CID and vote on proposals.
///         A proposal that reaches `quorum` votes becomes the round's global model and the
///         next round opens. Rounds are numbered from 1; round 0's global model is the
///         initial model given at deployment. One task per deployment.
/// @dev CIDs are stored as raw binary CID bytes (CIDv1: varint version, varint codec, multihash).
contract FederatedRounds {
    struct Update {
        address client;
        uint256 numSamples;
        bytes cid;
    }

    error NotOwner(address sender);
    error NotClient(address sender);
    error NotAggregator(address sender);
    error WrongRound(uint256 current, uint256 given);
    error AlreadySubmitted(uint256 round, address client);
    error UpdatesClosed(uint256 round);
    error NotEnoughUpdates(uint256 round, uint256 have, uint256 need);
    error UnknownProposal(uint256 round);
    error AlreadyVoted(uint256 round, address voter);
    error EmptyCid();
    error AlreadyRegistered(address account);

    event ClientRegistered(address indexed client);
    event AggregatorRegistered(address indexed aggregator);
    event UpdateSubmitted(uint256 indexed round, address indexed client, bytes cid, uint256 numSamples);
    event AggregateProposed(uint256 indexed round, address indexed aggregator, bytes cid);
    event VoteCast(uint256 indexed round, address indexed voter, bytes cid);
    event RoundFinalized(uint256 indexed round, bytes cid, uint256 votes);
    event RoundOpened(uint256 indexed round);

    address public immutable owner;
    uint32 public immutable minUpdates;
    uint32 public immutable quorum;
    uint256 public currentRound;

    mapping(address => bool) public isClient;
    mapping(address => bool) public isAggregator;

    mapping(uint256 => Update[]) private _updates;
    mapping(uint256 => mapping(address => bool)) private _submitted;
    mapping(uint256 => bool) private _proposed;
    mapping(uint256 => mapping(address => bool)) private _voted;
    mapping(uint256 => mapping(bytes32 => uint256)) private _votes;
    mapping(uint256 => bytes) private _globalModel;

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyAggregator() {
        if (!isAggregator[msg.sender]) revert NotAggregator(msg.sender);
        _;
    }

    modifier inCurrentRound(uint256 round) {
        if (round != currentRound) revert WrongRound(currentRound, round);
        _;
    }

    modifier nonEmpty(bytes calldata cid) {
        if (cid.length == 0) revert EmptyCid();
        _;
    }

    /// @param initialModelCid binary CID of the initial global model (round 0)
    /// @param minUpdates_ updates a round needs before an aggregate can be proposed
    /// @param quorum_ aggregator votes that finalize a proposal
    constructor(bytes memory initialModelCid, uint32 minUpdates_, uint32 quorum_) {
        if (initialModelCid.length == 0) revert EmptyCid();
        owner = msg.sender;
        minUpdates = minUpdates_;
        quorum = quorum_;
        _globalModel[0] = initialModelCid;
        currentRound = 1;
        emit RoundOpened(1);
    }

    function registerClient(address client) external onlyOwner {
        if (isClient[client]) revert AlreadyRegistered(client);
        isClient[client] = true;
        emit ClientRegistered(client);
    }

    function registerAggregator(address aggregator) external onlyOwner {
        if (isAggregator[aggregator]) revert AlreadyRegistered(aggregator);
        isAggregator[aggregator] = true;
        emit AggregatorRegistered(aggregator);
    }

    /// @notice Submit the binary CID of a local model update trained on numSamples samples.
    function submitUpdate(uint256 round, bytes calldata cid, uint256 numSamples)
        external
        inCurrentRound(round)
        nonEmpty(cid)
    {
        if (!isClient[msg.sender]) revert NotClient(msg.sender);
        if (_proposed[round]) revert UpdatesClosed(round);
        if (_submitted[round][msg.sender]) revert AlreadySubmitted(round, msg.sender);
        _submitted[round][msg.sender] = true;
        _updates[round].push(Update(msg.sender, numSamples, cid));
        emit UpdateSubmitted(round, msg.sender, cid, numSamples);
    }

    /// @notice Propose an aggregate for the current round; counts as the proposer's vote.
    function propose(uint256 round, bytes calldata cid)
        external
        onlyAggregator
        inCurrentRound(round)
        nonEmpty(cid)
    {
        uint256 have = _updates[round].length;
        if (have < minUpdates) revert NotEnoughUpdates(round, have, minUpdates);
        _proposed[round] = true;
        emit AggregateProposed(round, msg.sender, cid);
        _countVote(round, cid);
    }

    /// @notice Vote for an existing proposal of the current round.
    function vote(uint256 round, bytes calldata cid)
        external
        onlyAggregator
        inCurrentRound(round)
        nonEmpty(cid)
    {
        if (_votes[round][keccak256(cid)] == 0) revert UnknownProposal(round);
        emit VoteCast(round, msg.sender, cid);
        _countVote(round, cid);
    }

    function _countVote(uint256 round, bytes calldata cid) private {
        if (_voted[round][msg.sender]) revert AlreadyVoted(round, msg.sender);
        _voted[round][msg.sender] = true;
        uint256 votes = ++_votes[round][keccak256(cid)];
        if (votes >= quorum) {
            _globalModel[round] = cid;
            emit RoundFinalized(round, cid, votes);
            currentRound = round + 1;
            emit RoundOpened(round + 1);
        }
    }

    function updateCount(uint256 round) external view returns (uint256) {
        return _updates[round].length;
    }

    /// @return client submitter, cid binary CID, numSamples samples trained on
    function updateAt(uint256 round, uint256 index)
        external
        view
        returns (address client, bytes memory cid, uint256 numSamples)
    {
        Update storage u = _updates[round][index];
        return (u.client, u.cid, u.numSamples);
    }

    /// @return the binary CID of the round's global model; empty while the round is open
    function globalModel(uint256 round) external view returns (bytes memory) {
        return _globalModel[round];
    }

    function proposalVotes(uint256 round, bytes calldata cid) external view returns (uint256) {
        return _votes[round][keccak256(cid)];
    }
}
