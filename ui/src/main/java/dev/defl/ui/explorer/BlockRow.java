package dev.defl.ui.explorer;

import dev.defl.engine.ledger.explorer.BlockSummary;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One row of the Chain explorer's block list, as display values (the view holds no engine types): built by
 * {@link ExplorerViewModel} from the engine's {@link BlockSummary}.
 *
 * @param number  the block number
 * @param time    its timestamp, local time of day ("14:03:27")
 * @param txCount its number of transactions
 * @param gasUsed gas used by its transactions, grouped ("1,234,567")
 * @param timestamp its timestamp (the table shows its age, {@code AgeCell})
 */
public record BlockRow(long number, String time, int txCount, String gasUsed, Instant timestamp) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    static BlockRow of(BlockSummary s) {
        return new BlockRow(s.number(), TIME.format(s.timestamp()), s.txCount(),
                String.format(Locale.ROOT, "%,d", s.gasUsed()), s.timestamp());
    }
}
