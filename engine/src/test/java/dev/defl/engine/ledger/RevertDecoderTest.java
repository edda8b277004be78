package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
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
    void everyCustomErrorOfTheContractDecodesByName() throws Exception {
        var abi = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                RevertDecoderTest.class.getResourceAsStream(TaskContract.ABI_RESOURCE));
        int errors = 0;
        for (var entry : abi) {
            if (!"error".equals(entry.path("type").asText())) {
                continue;
            }
            List<String> types = new ArrayList<>();
            List<org.web3j.abi.datatypes.Type> args = new ArrayList<>();
            for (var input : entry.path("inputs")) {
                String type = input.path("type").asText();
                types.add(type);
                args.add(switch (type) {
                    case "string" -> new org.web3j.abi.datatypes.Utf8String("x");
                    case "address" -> new org.web3j.abi.datatypes.Address("0x00000000000000000000000000000000000000aa");
                    case "bool" -> new org.web3j.abi.datatypes.Bool(true);
                    case "bytes32" -> new org.web3j.abi.datatypes.generated.Bytes32(new byte[32]);
                    default -> new org.web3j.abi.datatypes.generated.Uint256(1);
                });
            }
            String name = entry.path("name").asText();
            String data = org.web3j.crypto.Hash.sha3String(name + "(" + String.join(",", types) + ")").substring(0, 10)
                    + org.web3j.abi.FunctionEncoder.encodeConstructor(args);
            ContractRevertException e = decoder.decode("f", Optional.of(data), "");
            assertThat(e.errorName()).as(name).isEqualTo(name);
            assertThat(e.errorArgs()).as(name).hasSize(types.size());
            errors++;
        }
        assertThat(errors).as("custom errors in the ABI (OpenZeppelin's ERC-20 errors included)").isGreaterThan(29);
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
