package dev.defl.engine.ledger.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;

class ContractAbiTest {
    private static final String ABI = """
            [
             {"type":"function","name":"submitUpdate","inputs":[
               {"name":"task","type":"uint256"},{"name":"round","type":"uint64"},
               {"name":"digest","type":"bytes32"},{"name":"codec","type":"uint8"}]},
             {"type":"function","name":"note","inputs":[
               {"name":"who","type":"address"},{"name":"text","type":"string"},
               {"name":"blob","type":"bytes"},{"name":"counts","type":"uint64[]"}]},
             {"type":"function","name":"createTask","inputs":[
               {"name":"params","type":"tuple","components":[
                 {"name":"modelDigest","type":"bytes32"},{"name":"rounds","type":"uint8"}]},
               {"name":"label","type":"string"}]},
             {"type":"function","name":"tag","inputs":[
               {"name":"t","type":"tuple","components":[
                 {"name":"id","type":"uint256"},{"name":"name","type":"string"}]}]},
             {"type":"function","name":"batch","inputs":[
               {"name":"items","type":"tuple[]","components":[
                 {"name":"digest","type":"bytes32"},{"name":"codec","type":"uint8"}]}]},
             {"type":"event","name":"UpdateSubmitted","anonymous":false,"inputs":[
               {"name":"task","type":"uint256","indexed":true},
               {"name":"client","type":"address","indexed":true},
               {"name":"label","type":"string","indexed":true},
               {"name":"digest","type":"bytes32","indexed":false},
               {"name":"numSamples","type":"uint64","indexed":false}]},
             {"type":"error","name":"WrongRound","inputs":[
               {"name":"current","type":"uint256"},{"name":"given","type":"uint256"}]}
            ]""";

    private final ContractAbi abi;

    ContractAbiTest() throws Exception {
        abi = ContractAbi.fromJson(new ObjectMapper().readTree(ABI));
    }

    private static byte[] digest(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @SuppressWarnings("rawtypes")
    private static String encode(String name, Type... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
    }

    @Test
    void decodesStaticArgumentsWithNamesAndTypes() {
        String input = encode("submitUpdate", new Uint256(7), new Uint64(3), new Bytes32(digest(0xab)), new Uint8(0x55));
        DecodedCall call = abi.decodeCall(input).orElseThrow();
        assertThat(call.name()).isEqualTo("submitUpdate");
        assertThat(call.signature()).isEqualTo("submitUpdate(uint256,uint64,bytes32,uint8)");
        assertThat(call.selector()).isEqualTo(input.substring(0, 10));
        assertThat(call.args()).extracting(DecodedValue::name).containsExactly("task", "round", "digest", "codec");
        assertThat(call.args().get(0).value()).isEqualTo(BigInteger.valueOf(7));
        assertThat((byte[]) call.args().get(2).value()).isEqualTo(digest(0xab));
        assertThat(call.display()).startsWith("submitUpdate(task=7, round=3, digest=0xabab").endsWith(", codec=85)");
    }

    @Test
    void decodesDynamicArguments() {
        String who = "0x00000000000000000000000000000000000000aa";
        String input = encode("note", new Address(who), new Utf8String("héllo"), new DynamicBytes(new byte[] {1, 2, 3}),
                new DynamicArray<>(Uint64.class, new Uint64(5), new Uint64(6)));
        DecodedCall call = abi.decodeCall(input).orElseThrow();
        assertThat(call.args()).extracting(DecodedValue::value).first().isEqualTo(who);
        assertThat(call.args().get(1).value()).isEqualTo("héllo");
        assertThat((byte[]) call.args().get(2).value()).containsExactly(1, 2, 3);
        assertThat(call.args().get(3).value()).isEqualTo(List.of(BigInteger.valueOf(5), BigInteger.valueOf(6)));
        assertThat(call.display()).contains("text=\"héllo\"", "blob=0x010203", "counts=[5, 6]");
    }

    @Test
    void decodesStaticAndDynamicTuplesMemberByMember() {
        String input = encode("createTask", new StaticStruct(new Bytes32(digest(1)), new Uint8(4)), new Utf8String("fmnist"));
        DecodedCall call = abi.decodeCall(input).orElseThrow();
        assertThat(call.signature()).isEqualTo("createTask((bytes32,uint8),string)");
        @SuppressWarnings("unchecked")
        List<DecodedValue> params = (List<DecodedValue>) call.args().get(0).value();
        assertThat(params).extracting(DecodedValue::name).containsExactly("modelDigest", "rounds");
        assertThat(params.get(1).value()).isEqualTo(BigInteger.valueOf(4));
        assertThat(call.args().get(1).value()).isEqualTo("fmnist");

        String tagged = encode("tag", new DynamicStruct(new Uint256(9), new Utf8String("nine")));
        DecodedCall tag = abi.decodeCall(tagged).orElseThrow();
        assertThat(tag.display()).isEqualTo("tag(t=(id=9, name=\"nine\"))");
    }

    @Test
    void decodesArraysOfTuples() {
        String input = encode("batch", new DynamicArray<>(StaticStruct.class,
                new StaticStruct(new Bytes32(digest(2)), new Uint8(0x55)),
                new StaticStruct(new Bytes32(digest(3)), new Uint8(0x70))));
        DecodedCall call = abi.decodeCall(input).orElseThrow();
        assertThat(call.signature()).isEqualTo("batch((bytes32,uint8)[])");
        List<?> items = (List<?>) call.args().getFirst().value();
        assertThat(items).hasSize(2);
        @SuppressWarnings("unchecked")
        List<DecodedValue> second = (List<DecodedValue>) items.get(1);
        assertThat(second.get(1).value()).isEqualTo(BigInteger.valueOf(0x70));
    }

    @Test
    void decodesEventsWithIndexedAndHashedTopics() {
        String topic0 = Hash.sha3String("UpdateSubmitted(uint256,address,string,bytes32,uint64)");
        String task = "0x" + "0".repeat(63) + "1";
        String client = "0x" + "0".repeat(24) + "00000000000000000000000000000000000000bb";
        String labelHash = Hash.sha3String("round one");
        String data = FunctionEncoder.encodeConstructor(List.of(new Bytes32(digest(9)), new Uint64(600)));
        DecodedEvent event = abi.decodeLog(List.of(topic0, task, client, labelHash), data).orElseThrow();
        assertThat(event.name()).isEqualTo("UpdateSubmitted");
        assertThat(event.arg("task").value()).isEqualTo(BigInteger.ONE);
        assertThat(event.arg("client").value()).isEqualTo("0x00000000000000000000000000000000000000bb");
        assertThat(event.arg("label").hashedTopic()).isTrue();
        assertThat(event.arg("numSamples").value()).isEqualTo(BigInteger.valueOf(600));
        assertThat(event.args()).extracting(DecodedValue::name)
                .containsExactly("task", "client", "label", "digest", "numSamples");
    }

    @Test
    void decodesCustomAndBuiltInErrors() {
        String data = encode("WrongRound", new Uint256(2), new Uint256(1));
        assertThat(abi.decodeError(data).orElseThrow().display()).isEqualTo("WrongRound(current=2, given=1)");
        String builtIn = encode("Error", new Utf8String("nope"));
        assertThat(abi.decodeError(builtIn).orElseThrow().display()).isEqualTo("Error(message=\"nope\")");
    }

    @Test
    void unknownSelectorsAndTopicsAreEmptyNotErrors() {
        assertThat(abi.decodeCall("0x")).isEmpty();
        assertThat(abi.decodeCall("0xdeadbeef")).isEmpty();
        assertThat(abi.decodeLog(List.of(), "0x")).isEmpty();
        assertThat(abi.decodeLog(List.of(Hash.sha3String("Other()")), "0x")).isEmpty();
    }

    @Test
    void truncatedOrMalformedDataNamesTheEntry() {
        String input = encode("submitUpdate", new Uint256(7), new Uint64(3), new Bytes32(digest(1)), new Uint8(1));
        assertThatThrownBy(() -> abi.decodeCall(input.substring(0, input.length() - 64)))
                .isInstanceOf(AbiDecodingException.class)
                .hasMessageContaining("submitUpdate(uint256,uint64,bytes32,uint8)");
        String note = encode("note", new Address("0x00000000000000000000000000000000000000aa"), new Utf8String("x"),
                new DynamicBytes(new byte[0]), new DynamicArray<>(Uint64.class));
        String badOffset = note.substring(0, 10 + 64) + "00000000000000000000000000000000000000000000000000000000ffffffff"
                + note.substring(10 + 128);
        assertThatThrownBy(() -> abi.decodeCall(badOffset))
                .isInstanceOf(AbiDecodingException.class)
                .hasMessageContaining("note(").hasMessageContaining("past the end");
        assertThatThrownBy(() -> abi.decodeCall("0xzz"))
                .isInstanceOf(AbiDecodingException.class).hasMessageContaining("not hex");
        String topic0 = Hash.sha3String("UpdateSubmitted(uint256,address,string,bytes32,uint64)");
        assertThatThrownBy(() -> abi.decodeLog(List.of(topic0), "0x"))
                .isInstanceOf(AbiDecodingException.class).hasMessageContaining("has 1 topics, expected 4");
    }
}
