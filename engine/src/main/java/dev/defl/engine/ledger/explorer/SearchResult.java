package dev.defl.engine.ledger.explorer;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.index.ChainLog;
import java.util.List;

/** What a search of the explorer found: a block, a transaction, an account, or the logs that name a CID. */
public sealed interface SearchResult {
    /** A block by number or hash. */
    record BlockHit(BlockDetails block) implements SearchResult {
    }

    /** A transaction by hash. */
    record TxHit(TxDetails tx) implements SearchResult {
    }

    /** An account by address. */
    record AccountHit(AccountSummary account) implements SearchResult {
    }

    /** The indexed logs whose decoded arguments name {@code cid} (any CID version with the same multihash). */
    record CidHit(Cid cid, List<ChainLog> logs) implements SearchResult {
        public CidHit {
            logs = List.copyOf(logs);
        }
    }
}
