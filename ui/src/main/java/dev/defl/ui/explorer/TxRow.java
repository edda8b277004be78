package dev.defl.ui.explorer;

import dev.defl.engine.ledger.explorer.TxSummary;

/**
 * One row of the Chain explorer's transaction list, as display values (the view holds no engine types): built by
 * {@link ExplorerViewModel} from the engine's {@link TxSummary}.
 *
 * @param hash   the transaction hash, 0x-prefixed hex (what {@link ExplorerViewModel#openTx} takes)
 * @param method the called contract method's name, or what the input is when it is not a known call
 * @param from   the sender's address, 0x-prefixed hex (the view names it from the address book, shortens it and copies it whole)
 * @param to     the recipient's address, or "(new contract)" for a deployment
 */
public record TxRow(String hash, String method, String from, String to) {

    /** The hash, shortened ({@link ExplorerViewModel#shortHash}). */
    public String shortHash() {
        return ExplorerViewModel.shortHash(hash);
    }

    static TxRow of(TxSummary t) {
        return new TxRow(t.hash(), t.method(), t.from(), t.to().isEmpty() ? "(new contract)" : t.to());
    }
}
