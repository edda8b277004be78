package dev.defl.ui.explorer;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.abi.CidArguments;
import dev.defl.engine.ledger.abi.DecodedCall;
import dev.defl.engine.ledger.abi.DecodedEvent;
import dev.defl.engine.ledger.abi.DecodedValue;
import dev.defl.engine.ledger.explorer.AccountSummary;
import dev.defl.engine.ledger.explorer.BlockDetails;
import dev.defl.engine.ledger.explorer.BlockSummary;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.LogEntry;
import dev.defl.engine.ledger.explorer.SearchResult;
import dev.defl.engine.ledger.explorer.TxDetails;
import dev.defl.engine.ledger.index.ChainLog;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.Poller;
import dev.defl.ui.concurrent.TaskExecutor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the chain explorer pane: the newest blocks (live while the pane is shown), the selected
 * block's transactions, and a detail tree for the selected transaction, block, account or CID —
 * calls, events and revert reasons decoded by {@link ChainExplorer}. Holds no controls; every chain
 * call runs on the background executor, results are applied on the UI executor, and a result that
 * arrives after a newer request is dropped.
 *
 * <p>Memory stays bounded however long the window runs: at most {@value #MAX_BLOCKS} block rows,
 * one block's transactions and one detail tree are held; the explorer's caches are bounded.
 */
public final class ExplorerViewModel {
    /** Block rows kept in the list. */
    public static final int MAX_BLOCKS = 100;
    /** How often new blocks are read while the pane is shown. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final ChainExplorer explorer;
    private final Supplier<LogIndex> index;
    private final Supplier<TaskContract> contract;
    private final TaskExecutor tasks;
    private final ObservableList<BlockRow> blocks = FXCollections.observableArrayList();
    private final ObservableList<TxRow> transactions = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<DetailNode> details = new ReadOnlyObjectWrapper<>();
    /** The details node of the block shown last, and its number (UI thread). */
    private DetailNode blockDetails;
    private long blockDetailsNumber = -1;
    private final ReadOnlyStringWrapper head = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty searchText = new SimpleStringProperty("");
    private Consumer<String> cidOpener = cid -> { };
    /** Reads new blocks while the pane is shown; null without a chain. */
    private final Poller<List<BlockSummary>> blockPoller;
    /** The newest block listed (-1: none), for the background read; written on the UI thread. */
    private volatile long newestListed = -1;
    private long request;

    /**
     * @param chain what the pane reads, or null when the workspace has no chain (the pane says so)
     * @param tasks runs chain calls off the UI thread
     */
    public ExplorerViewModel(ChainServices chain, TaskExecutor tasks) {
        this.explorer = chain == null ? null : chain.explorer();
        this.index = chain == null ? () -> null : chain.eventIndex();
        this.contract = chain == null ? () -> null : chain.tasks();
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        if (explorer == null) {
            head.set("No chain connected");
        }
        blockPoller = explorer == null ? null : new Poller<>(tasks, POLL_INTERVAL, this::readNewBlocks,
                this::addBlocks, e -> error.set("Chain: " + message(e)));
    }

    /** Newest first. */
    public ObservableList<BlockRow> blocks() {
        return blocks;
    }

    /** The transactions of the block last opened. */
    public ObservableList<TxRow> transactions() {
        return transactions;
    }

    public ReadOnlyObjectProperty<DetailNode> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** E.g. {@code Head #42 · 3 s ago}. */
    public ReadOnlyStringProperty headProperty() {
        return head.getReadOnlyProperty();
    }

    /** The last failure, "" when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether a lookup is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The search field's text. */
    public StringProperty searchTextProperty() {
        return searchText;
    }

    /** What opening a CID does (the window shows it in the IPFS pane). */
    public void setCidOpener(Consumer<String> opener) {
        this.cidOpener = Objects.requireNonNull(opener);
    }

    /**
     * Reads blocks newer than the newest listed now, on the background executor; while a read runs, one more
     * follows it. Does nothing without a chain.
     */
    public void refresh() {
        if (blockPoller != null) blockPoller.refreshNow();
    }

    /** Reads new blocks now and every {@link #POLL_INTERVAL} until {@link #stopPolling()} (the pane is shown). */
    public void startPolling() {
        if (blockPoller != null) blockPoller.start();
    }

    /** Stops reading new blocks; a read under way is dropped (the pane is hidden). */
    public void stopPolling() {
        if (blockPoller != null) blockPoller.stop();
    }

    /** Background: the blocks above the newest listed, newest first, at most {@value #MAX_BLOCKS}. */
    private List<BlockSummary> readNewBlocks() throws Exception {
        long newest = newestListed;
        long h = explorer.head();
        List<BlockSummary> fresh = new ArrayList<>();
        for (long n = h; n > newest && n >= 0 && fresh.size() < MAX_BLOCKS; n--) {
            fresh.add(explorer.block(n).summary());
        }
        return fresh;
    }

    private void addBlocks(List<BlockSummary> fresh) {
        if (!fresh.isEmpty()) {
            blocks.addAll(0, fresh.stream().map(BlockRow::of).toList());
            if (blocks.size() > MAX_BLOCKS) {
                blocks.remove(MAX_BLOCKS, blocks.size());
            }
            BlockSummary top = fresh.getFirst(); // newest first: the head (the list's first row)
            newestListed = top.number();
            head.set("Head #" + top.number() + " · " + top.txCount() + " tx · base fee " + gwei(top.baseFeeWei()));
        }
        if (error.get().startsWith("Chain:")) {
            error.set("");
        }
    }

    /**
     * Opens block {@code number}: its transactions and its header as details. The details and the transaction list
     * follow at once (a "Reading …" row, no transactions), so they never show another block's while it is read.
     */
    public void openBlock(long number) {
        if (explorer != null) {
            transactions.clear();
            details.set(DetailNode.of("Block", "#" + number + " · reading …"));
        }
        lookup(() -> explorer.block(number), this::showBlock);
    }

    /** Opens a transaction: call, receipt, events and revert reason; the details say so at once while it is read. */
    public void openTx(String hash) {
        if (explorer != null) details.set(DetailNode.of("Transaction", hash + " · reading …"));
        lookup(() -> explorer.transaction(hash), tx -> details.set(txNode(tx)));
    }

    /** Opens an account: balance, nonce, code, and its roles and rewards in the workspace's tasks. */
    public void openAddress(String address) {
        lookup(() -> withRoles(accountNode(explorer.account(address))), details::set);
    }

    /** Adds the account's roles per task and its reward balance, when the workspace has a task contract. */
    private DetailNode withRoles(DetailNode account) {
        TaskContract c = contract.get();
        if (c == null) {
            return account;
        }
        List<DetailNode> rows = new ArrayList<>(account.children());
        if (account.value().equalsIgnoreCase(c.address())) {
            rows.add(DetailNode.of("Contract", "the workspace's FederatedTasks contract (" + c.taskCount() + " tasks)"));
        } else {
            rows.add(DetailNode.of("Reward balance", TaskStateTree.tokens(c.rewardBalance(account.value()))));
            List<DetailNode> roles = new ArrayList<>();
            long count = c.taskCount();
            for (long id = count; id >= Math.max(1, count - TaskStateTree.MAX_TASKS + 1); id--) {
                var info = c.participant(id, account.value());
                if (!info.roles().isEmpty()) {
                    roles.add(DetailNode.of("Task " + id, info.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT))
                            .sorted().collect(java.util.stream.Collectors.joining(" + "))
                            + " · " + TaskStateTree.tokens(c.pendingRewards(id, account.value())) + " to claim"));
                }
            }
            rows.add(new DetailNode("Roles", roles.isEmpty() ? "none in this workspace's tasks" : String.valueOf(roles.size()),
                    null, roles));
        }
        return new DetailNode(account.field(), account.value(), account.link(), rows);
    }

    /**
     * Shows the contract state: every task of the workspace's FederatedTasks contract with its
     * participants and rounds, proposals and votes.
     */
    public void openContractState() {
        lookup(() -> {
            TaskContract c = contract.get();
            if (c == null) {
                throw new IllegalStateException("No task has run in this workspace yet: the FederatedTasks contract is "
                        + "deployed with the first run.");
            }
            return TaskStateTree.build(c, explorer.head());
        }, details::set);
    }

    /** Follows a clicked link. */
    public void follow(DetailNode.Link link) {
        switch (link) {
            case DetailNode.Link.ToCid c -> cidOpener.accept(c.cid());
            case DetailNode.Link.ToBlock b -> openBlock(b.number());
            case DetailNode.Link.ToTx t -> openTx(t.hash());
            case DetailNode.Link.ToAddress a -> openAddress(a.address());
        }
    }

    /** Searches for the search field's text: block number, hash, address or CID. */
    public void search() {
        String query = searchText.get() == null ? "" : searchText.get().strip();
        if (query.isEmpty()) {
            error.set("Type a block number, a transaction or block hash, an address, a CID, or \"tasks\".");
            return;
        }
        if (query.equalsIgnoreCase("tasks") || query.equalsIgnoreCase("contract")) {
            openContractState();
            return;
        }
        java.util.regex.Matcher taskQuery = java.util.regex.Pattern.compile("(?i)task\\s*#?(\\d{1,9})").matcher(query);
        if (taskQuery.matches()) {
            long id = Long.parseLong(taskQuery.group(1));
            lookup(() -> {
                TaskContract c = contract.get();
                if (c == null || id > c.taskCount() || id < 1) {
                    throw new IllegalArgumentException("no task " + id + (c == null ? " (no task has run in this workspace)"
                            : " (the contract has " + c.taskCount() + ")"));
                }
                return TaskStateTree.task(c, c.task(id), c.events(0, explorer.head()));
            }, details::set);
            return;
        }
        lookup(() -> {
            SearchResult found = explorer.search(query, index.get());
            // an account's roles and the events naming a CID are read and decoded here, off the UI thread
            return switch (found) {
                case SearchResult.AccountHit a -> withRoles(accountNode(a.account()));
                case SearchResult.CidHit c -> cidNode(c.cid(), c.logs());
                default -> found;
            };
        }, result -> {
            switch (result) {
                case DetailNode node -> details.set(node);
                case SearchResult.BlockHit b -> showBlock(b.block());
                case SearchResult.TxHit t -> details.set(txNode(t.tx()));
                default -> throw new IllegalStateException("unexpected search result " + result);
            }
        });
    }

    private <T> void lookup(BackgroundTask.Work<T> work, Consumer<T> show) {
        if (explorer == null) {
            error.set("No chain connected.");
            return;
        }
        long id = ++request;
        busy.set(true);
        tasks.execute(BackgroundTask.of(work)
                .onSuccess(value -> {
                    if (id == request) {
                        error.set("");
                        show.accept(value);
                    }
                })
                .onException(e -> {
                    if (id == request) {
                        error.set(message(e));
                    }
                })
                .onFinished(() -> {
                    if (id == request) {
                        busy.set(false);
                    }
                }));
    }

    private void showBlock(BlockDetails block) {
        transactions.setAll(block.transactions().stream().map(TxRow::of).toList());
        BlockSummary s = block.summary();
        List<DetailNode> rows = new ArrayList<>();
        rows.add(DetailNode.of("Hash", s.hash()));
        rows.add(DetailNode.link("Parent", block.parentHash(), s.number() > 0 ? new DetailNode.Link.ToBlock(s.number() - 1) : null));
        rows.add(DetailNode.of("Time", s.timestamp().toString()));
        rows.add(DetailNode.of("Transactions", String.valueOf(s.txCount())));
        rows.add(DetailNode.of("Gas used", String.format(Locale.ROOT, "%,d of %,d", s.gasUsed(), s.gasLimit())));
        rows.add(DetailNode.of("Base fee", gwei(s.baseFeeWei())));
        rows.add(DetailNode.link("Fee recipient", s.miner(), new DetailNode.Link.ToAddress(s.miner())));
        DetailNode node = new DetailNode("Block", "#" + s.number(), null, rows);
        details.set(node);
        blockDetails = node;
        blockDetailsNumber = s.number();
    }

    /**
     * Whether the details show block {@code number}'s header (a transaction, an account or a search result shown
     * since replaced it): clicking the selected block again re-opens it when not.
     */
    public boolean detailsShowBlock(long number) {
        return blockDetails != null && details.get() == blockDetails && blockDetailsNumber == number;
    }

    /** The detail tree of a transaction (package-private for tests). */
    static DetailNode txNode(TxDetails tx) {
        List<DetailNode> rows = new ArrayList<>();
        rows.add(DetailNode.of("Hash", tx.hash()));
        rows.add(tx.receipt().map(r -> DetailNode.of("Status", r.success() ? "Success" : "Failed"))
                .orElse(DetailNode.of("Status", "Pending")));
        tx.receipt().flatMap(TxDetails.Receipt::revert).ifPresent(reason -> rows.add(DetailNode.of("Revert", reason)));
        rows.add(tx.blockNumber() < 0 ? DetailNode.of("Block", "pending")
                : DetailNode.link("Block", "#" + tx.blockNumber() + " (position " + tx.txIndex() + ")",
                new DetailNode.Link.ToBlock(tx.blockNumber())));
        rows.add(DetailNode.link("From", tx.from(), new DetailNode.Link.ToAddress(tx.from())));
        tx.receipt().filter(r -> !r.contractAddress().isEmpty()).ifPresentOrElse(
                r -> rows.add(DetailNode.link("Created", r.contractAddress(), new DetailNode.Link.ToAddress(r.contractAddress()))),
                () -> rows.add(tx.to().isEmpty() ? DetailNode.of("To", "(contract creation)")
                        : DetailNode.link("To", tx.to(), new DetailNode.Link.ToAddress(tx.to()))));
        rows.add(DetailNode.of("Value", ether(tx.valueWei())));
        rows.add(DetailNode.of("Nonce", tx.nonce().toString()));
        tx.receipt().ifPresent(r -> {
            rows.add(DetailNode.of("Gas used", String.format(Locale.ROOT, "%,d of %,d limit", r.gasUsed(), tx.gasLimit())));
            rows.add(DetailNode.of("Fee", ether(r.effectiveGasPriceWei().multiply(BigInteger.valueOf(r.gasUsed())))
                    + " at " + gwei(r.effectiveGasPriceWei())));
        });
        rows.add(tx.call().map(ExplorerViewModel::callNode)
                .orElse(DetailNode.of("Input", tx.input().length() <= 2 ? "(none)"
                        : tx.input().substring(0, Math.min(tx.input().length(), 74))
                        + (tx.input().length() > 74 ? "… (" + (tx.input().length() - 2) / 2 + " bytes)" : ""))));
        tx.receipt().ifPresent(r -> {
            List<DetailNode> events = new ArrayList<>();
            for (LogEntry log : r.logs()) {
                events.add(log.event().map(e -> eventNode(e, log.address()))
                        .orElse(new DetailNode("Log " + log.logIndex(), "undecoded from " + log.address(), null,
                                log.topics().stream().map(t -> DetailNode.of("topic", t)).toList())));
            }
            rows.add(new DetailNode("Events", String.valueOf(events.size()), null, events));
        });
        return new DetailNode("Transaction", shortHash(tx.hash()), null, rows);
    }

    private static DetailNode callNode(DecodedCall call) {
        return new DetailNode("Call", CidArguments.display(call.name(), call.args()), null, argNodes(call.args()));
    }

    private static DetailNode eventNode(DecodedEvent event, String address) {
        return new DetailNode(event.name(), CidArguments.display(event.name(), event.args()), null, argNodes(event.args()));
    }

    private static List<DetailNode> argNodes(List<DecodedValue> args) {
        Map<String, Cid> cids = CidArguments.find(args);
        List<DetailNode> out = new ArrayList<>();
        for (DecodedValue a : args) {
            Cid cid = cids.get(a.name());
            if (cid != null) {
                out.add(DetailNode.link(a.name() + " (CID)", cid.toString(), new DetailNode.Link.ToCid(cid.toString())));
            } else if (a.value() instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof DecodedValue) {
                @SuppressWarnings("unchecked")
                List<DecodedValue> members = (List<DecodedValue>) list;
                out.add(new DetailNode(a.name(), a.type(), null, argNodes(members)));
            } else if ("address".equals(a.type())) {
                out.add(DetailNode.link(a.name(), a.display(), new DetailNode.Link.ToAddress(a.display())));
            } else {
                out.add(DetailNode.of(a.name() + " : " + a.type(), a.display()));
            }
        }
        return out;
    }

    private static DetailNode accountNode(AccountSummary a) {
        return new DetailNode(a.isContract() ? "Contract" : "Account", a.address(), null, List.of(
                DetailNode.of("Balance", ether(a.balanceWei())),
                DetailNode.of("Nonce", String.valueOf(a.nonce())),
                DetailNode.of("Code", a.isContract() ? a.codeSize() + " bytes" : "none (externally owned)")));
    }

    private DetailNode cidNode(Cid cid, List<ChainLog> logs) {
        List<DetailNode> rows = new ArrayList<>();
        rows.add(DetailNode.link("Open in IPFS pane", cid.toString(), new DetailNode.Link.ToCid(cid.toString())));
        for (ChainLog log : logs) {
            String name = explorer.decodeEvent(log.address(), log.topics(), log.data())
                    .map(e -> CidArguments.display(e.name(), e.args())).orElse("log " + log.logIndex());
            rows.add(DetailNode.link("Block #" + log.blockNumber(), name, new DetailNode.Link.ToTx(log.txHash())));
        }
        return new DetailNode("CID", logs.size() + (logs.size() == 1 ? " event" : " events"), null, rows);
    }

    static String ether(BigInteger wei) {
        return new BigDecimal(wei).movePointLeft(18).setScale(6, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + " ETH";
    }

    static String gwei(BigInteger wei) {
        return new BigDecimal(wei).movePointLeft(9).setScale(3, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + " gwei";
    }

    /** {@code 0x1234…cdef}. */
    public static String shortHash(String hash) {
        return hash.length() <= 14 ? hash : hash.substring(0, 8) + "…" + hash.substring(hash.length() - 6);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
