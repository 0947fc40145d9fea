package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.cli.Cli;

class BenchCodecCommandTest {

    @Test
    void jsonRowsCarryTheFieldsOfDesignSection8() throws Exception {
        MalcomCliTest.Result result = MalcomCliTest.run("bench", "codec", "--json", "--d", "2000", "--sparsity", "0.9",
                "--s", "1,4", "--coders", "vsc,range,deflate", "--repeats", "1");
        assertEquals(Cli.OK, result.status(), result.err());
        JsonNode rows = new ObjectMapper().readTree(result.out());
        assertEquals(6, rows.size());
        for (JsonNode row : rows) {
            for (String field : List.of("coder", "d", "sparsity", "s", "bits_per_param", "entropy_bound_bits",
                    "entropy_ratio", "encode_mparams_s", "decode_mparams_s")) {
                assertTrue(row.has(field), field + " missing in " + row);
            }
            assertTrue(row.get("entropy_ratio").asDouble() >= 1, row.toString());
        }
    }

    @Test
    void tablePrintsAHeaderAndOneLinePerCoder() {
        MalcomCliTest.Result result = MalcomCliTest.run("bench", "codec", "--d", "1000", "--sparsity", "0.5", "--s", "4",
                "--coders", "vsc,elias", "--repeats", "1");
        assertEquals(Cli.OK, result.status(), result.err());
        assertEquals(3, result.out().lines().count(), result.out());
        assertTrue(result.out().startsWith("coder "), result.out());
    }

    @Test
    void unknownCoderIsAUsageErrorNamingIt() {
        MalcomCliTest.Result result = MalcomCliTest.run("bench", "codec", "--coders", "vsc,lzma");
        assertEquals(Cli.USAGE, result.status());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("--coders lzma"), result.err());
    }
}
