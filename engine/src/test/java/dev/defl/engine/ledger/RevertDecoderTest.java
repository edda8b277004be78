package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevertDecoderTest {
    private final RevertDecoder decoder = RevertDecoder.fromAbiResource(TaskContract.ABI_RESOURCE);

    @Test
    void decodesCustomErrorWithNamedArguments() {
        // WrongRound(uint256,uint256,uint256): task 7, current 2, given 1
        String data = org.web3j.crypto.Hash.sha3String("WrongRound(uint256,uint256,uint256)").substring(0, 10)
                + "0000000000000000000000000000000000000000000000000000000000000007"
                + "0000000000000000000000000000000000000000000000000000000000000002"
                + "0000000000000000000000000000000000000000000000000000000000000001";
        ContractRevertException e = decoder.decode("submitUpdate", Optional.of(data), "");
        assertThat(e.errorName()).isEqualTo("WrongRound");
        assertThat(e.errorArgs()).containsExactly(BigInteger.valueOf(7), BigInteger.TWO, BigInteger.ONE);
        assertThat(e.getMessage()).isEqualTo("submitUpdate reverted: WrongRound(taskId=7, current=2, given=1)");
    }

    @Test
    void unknownSelectorIsShownAsHex() {
        ContractRevertException e = decoder.decode("vote", Optional.of("0xdeadbeef00"), "");
        assertThat(e.errorName()).isEqualTo("0xdeadbeef");
        assertThat(e.errorArgs()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("vote reverted: unknown error 0xdeadbeef (data 0xdeadbeef00)");
    }

    @Test
    void missingRevertDataIsReportedWithTheNodesMessage() {
        ContractRevertException e = decoder.decode("propose", Optional.empty(), "execution reverted (code 3)");
        assertThat(e.errorName()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("propose reverted: no revert data (execution reverted (code 3))");
    }

    @Test
    void findsRevertDataInDataFieldOrMessage() {
        assertThat(RevertDecoder.revertData("0x6d911863", "whatever")).contains("0x6d911863");
        assertThat(RevertDecoder.revertData(null, "execution reverted: custom error 0x6D911863"))
                .contains("0x6d911863");
        assertThat(RevertDecoder.revertData(null, "execution reverted")).isEmpty();
    }
}
