package org.malcomedge.agent.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.gossip.NodeSnapshot;

class FileCheckpointStoreTest {

    @TempDir
    Path dir;

    private static Checkpoint checkpoint(int round) {
        float[] x = {1.5f, -2f, 0f, Float.MIN_VALUE, round};
        float[] xhat = {1.25f, -2f, 0.5f, -0f, -round};
        return new Checkpoint("exp-1", "n3", 0x1234_5678_9abc_def0L, 2, new NodeSnapshot(round, 40L + round, x, xhat));
    }

    private static void assertSame(Checkpoint expected, Checkpoint actual) {
        assertEquals(List.of(expected.experiment(), expected.node(), expected.plan(), expected.epoch()),
                List.of(actual.experiment(), actual.node(), actual.plan(), actual.epoch()));
        assertEquals(expected.state().round(), actual.state().round());
        assertEquals(expected.state().seq(), actual.state().seq());
        assertArrayEquals(expected.state().model(), actual.state().model());
        assertArrayEquals(expected.state().estimate(), actual.state().estimate());
    }

    @Test
    void noFileMeansNoCheckpoint() {
        assertEquals(Optional.empty(), FileCheckpointStore.in(dir, "exp-1", "n3").load());
    }

    @Test
    void roundTripsAndReplacesAtomically() throws Exception {
        FileCheckpointStore store = FileCheckpointStore.in(dir.resolve("deeper"), "exp-1", "n3");
        store.save(checkpoint(5));
        store.save(checkpoint(10));
        assertSame(checkpoint(10), store.load().orElseThrow());
        try (var files = Files.list(store.file().getParent())) {
            assertEquals(List.of(store.file().getFileName().toString()),
                    files.map(f -> f.getFileName().toString()).toList(), "no temporary file left behind");
        }
        // A crash while writing leaves a partial temporary file: the last whole checkpoint still loads.
        Files.write(store.file().resolveSibling(store.file().getFileName() + ".tmp"), new byte[] {'M', 'C'});
        assertSame(checkpoint(10), store.load().orElseThrow());
        store.save(checkpoint(15));
        assertSame(checkpoint(15), new FileCheckpointStore(store.file()).load().orElseThrow());
    }

    @Test
    void aDamagedCheckpointIsAnErrorNamingTheFile() throws Exception {
        FileCheckpointStore store = FileCheckpointStore.in(dir, "exp-1", "n3");
        store.save(checkpoint(5));
        byte[] whole = Files.readAllBytes(store.file());

        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 0x10;
        Files.write(store.file(), flipped);
        assertProblem(store, "CRC-32C mismatch");

        Files.write(store.file(), Arrays.copyOf(whole, whole.length - 3));
        assertProblem(store, "truncated");

        Files.write(store.file(), Arrays.copyOf(whole, 6));
        assertProblem(store, "truncated");

        Files.writeString(store.file(), "round: 5\n");
        assertProblem(store, "not a checkpoint");

        byte[] future = whole.clone();
        future[4] = 9;
        Files.write(store.file(), future);
        assertProblem(store, "format version 9");
    }

    private static void assertProblem(FileCheckpointStore store, String problem) {
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, store::load);
        assertTrue(e.getMessage().startsWith("checkpoint " + store.file() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void theMemoryTwinKeepsTheLastOne() {
        MemoryCheckpointStore store = new MemoryCheckpointStore();
        assertEquals(Optional.empty(), store.load());
        store.save(checkpoint(5));
        store.save(checkpoint(10));
        assertSame(checkpoint(10), store.load().orElseThrow());
    }
}
