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
import org.malcomedge.agent.star.WorkerSnapshot;

class FileCheckpointStoreTest {

    @TempDir
    Path dir;

    private static Checkpoint checkpoint(int round) {
        float[] x = {1.5f, -2f, 0f, Float.MIN_VALUE, round};
        float[] xhat = {1.25f, -2f, 0.5f, -0f, -round};
        return new Checkpoint("exp-1", "n3", 0x1234_5678_9abc_def0L, 2, new NodeSnapshot(round, 40L + round, x, xhat,
                0.0375 / round));
    }

    private static void assertSame(Checkpoint expected, Checkpoint actual) {
        assertEquals(List.of(expected.experiment(), expected.node(), expected.plan(), expected.epoch()),
                List.of(actual.experiment(), actual.node(), actual.plan(), actual.epoch()));
        assertEquals(expected.round(), actual.round());
        assertEquals(expected.gossip().seq(), actual.gossip().seq());
        assertArrayEquals(expected.gossip().model(), actual.gossip().model());
        assertArrayEquals(expected.gossip().estimate(), actual.gossip().estimate());
        assertEquals(expected.gossip().gamma(), actual.gossip().gamma(), "the consensus step --gamma auto lowered");
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
            assertEquals(List.of(store.file().getFileName().toString(), store.previous().getFileName().toString()),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file left behind");
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

        Files.write(store.file(), whole);
        assertSame(checkpoint(5), store.load().orElseThrow());
    }

    private static void assertProblem(FileCheckpointStore store, String problem) {
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, store::load);
        assertTrue(e.getMessage().startsWith("checkpoint " + store.file() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    /** Two saves (rounds 5 and 10): latest and prev both whole. */
    private FileCheckpointStore twoGenerations() {
        FileCheckpointStore store = FileCheckpointStore.in(dir, "exp-1", "n3");
        store.save(checkpoint(5));
        store.save(checkpoint(10));
        return store;
    }

    private static void damage(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
    }

    @Test
    void theTwoGenerationsAreTheLastTwoSaves() {
        FileCheckpointStore store = twoGenerations();
        assertSame(checkpoint(10), store.load().orElseThrow());
        assertSame(checkpoint(5), new FileCheckpointStore(store.previous()).load().orElseThrow());
    }

    @Test
    void clearRemovesBothGenerations() throws Exception {
        FileCheckpointStore store = twoGenerations();
        store.clear();
        assertTrue(store.load().isEmpty());
        assertFalse(Files.exists(store.file()) || Files.exists(store.previous()));
        store.clear(); // nothing there: no error
    }

    @Test
    void aDamagedLatestFallsBackToThePrevious() throws Exception {
        FileCheckpointStore store = twoGenerations();
        damage(store.file());
        assertSame(checkpoint(5), store.load().orElseThrow());
    }

    @Test
    void aTruncatedLatestFallsBackToThePrevious() throws Exception {
        FileCheckpointStore store = twoGenerations();
        byte[] whole = Files.readAllBytes(store.file());
        Files.write(store.file(), Arrays.copyOf(whole, whole.length / 3)); // the disk kept a third of the write
        assertSame(checkpoint(5), store.load().orElseThrow());
    }

    @Test
    void aCrashBetweenTheRenamesLeavesThePrevious() throws Exception {
        FileCheckpointStore store = twoGenerations();
        // latest renamed to prev, the temporary file (written whole) not yet renamed to latest
        Files.move(store.file(), store.previous(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(store.file().resolveSibling(store.file().getFileName() + ".tmp"),
                Files.readAllBytes(store.previous()));
        assertSame(checkpoint(10), store.load().orElseThrow());
    }

    @Test
    void bothDamagedIsOneErrorNamingBothFiles() throws Exception {
        FileCheckpointStore store = twoGenerations();
        damage(store.file());
        Files.write(store.previous(), new byte[] {'M', 'C', 'K'});
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, store::load);
        assertTrue(e.getMessage().contains(store.file().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(store.previous().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("CRC-32C mismatch") && e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aSaveAfterAFallbackKeepsTheGoodPreviousAndRotatesOnFromThere() throws Exception {
        FileCheckpointStore store = twoGenerations();
        damage(store.file());
        assertSame(checkpoint(5), store.load().orElseThrow());
        store.save(checkpoint(6)); // the resumed node's next round: the damaged 10 must not become prev
        assertSame(checkpoint(6), store.load().orElseThrow());
        assertSame(checkpoint(5), new FileCheckpointStore(store.previous()).load().orElseThrow());
        store.save(checkpoint(7));
        assertSame(checkpoint(7), store.load().orElseThrow());
        assertSame(checkpoint(6), new FileCheckpointStore(store.previous()).load().orElseThrow());
        damage(store.file());
        assertSame(checkpoint(6), store.load().orElseThrow());
    }

    @Test
    void aVersionOneFileOfAnOlderAgentStillLoads() throws Exception {
        FileCheckpointStore store = FileCheckpointStore.in(dir, "exp-1", "n3");
        NodeSnapshot saved = checkpoint(5).gossip();
        Checkpoint old = new Checkpoint("exp-1", "n3", 0x1234_5678_9abc_def0L, 2,
                new NodeSnapshot(saved.round(), saved.seq(), saved.model(), saved.estimate())); // no step recorded: NaN
        Files.write(store.file(), versionOne(old));
        assertSame(old, store.load().orElseThrow());
    }

    /** The version-1 file an agent before star checkpoints wrote (its format, byte for byte). */
    private static byte[] versionOne(Checkpoint c) throws Exception {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(body)) {
            for (String name : List.of(c.experiment(), c.node())) {
                out.writeShort(name.length());
                out.writeBytes(name);
            }
            out.writeLong(c.plan());
            out.writeInt(c.epoch());
            out.writeInt(c.round());
            out.writeLong(c.gossip().seq());
            out.writeInt(c.gossip().model().length);
            for (float[] v : List.of(c.gossip().model(), c.gossip().estimate())) {
                for (float f : v) {
                    out.writeFloat(f);
                }
            }
        }
        byte[] b = body.toByteArray();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b);
        return java.nio.ByteBuffer.allocate(9 + b.length + 4).put("MCKP".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put((byte) 1).putInt(b.length).put(b).putInt((int) crc.getValue()).array();
    }

    @Test
    void aStarWorkersCheckpointRoundTrips() {
        FileCheckpointStore store = FileCheckpointStore.in(dir, "exp-1", "w2");
        WorkerSnapshot worker = new WorkerSnapshot(7, 9, -0x1234_5678_9abc_def0L, new float[] {1, -2, 0.5f},
                new float[] {0.25f, -0f, 3}, new float[] {Float.MIN_VALUE, 4, -5});
        store.save(new Checkpoint("exp-1", "w2", 42, 1, worker));
        Checkpoint back = store.load().orElseThrow();
        assertTrue(back.isStar());
        WorkerSnapshot read = back.star();
        assertEquals(List.of(7, 9L, -0x1234_5678_9abc_def0L), List.of(read.round(), read.batches(), read.compression()));
        assertArrayEquals(worker.model(), read.model());
        assertArrayEquals(worker.downlinkMemory(), read.downlinkMemory());
        assertArrayEquals(worker.uplinkMemory(), read.uplinkMemory());
    }

    @Test
    void aTrackingNodesCheckpointRoundTripsBeforeAndAfterItsTrackerStarted() {
        FileCheckpointStore store = FileCheckpointStore.in(dir, "exp-1", "n4");
        float[] x = {1, -2, 0.5f};
        float[] hg = {0.25f, -0f, 3, 7, -8, Float.MIN_VALUE};
        for (float[] tracker : List.of(new float[0], new float[] {1, 2, 3, -4, -5, -6})) {
            NodeSnapshot saved = new NodeSnapshot(tracker.length == 0 ? 0 : 9, 9, x, hg, 0.125, tracker);
            store.save(new Checkpoint("exp-1", "n4", 42, 1, saved));
            NodeSnapshot read = store.load().orElseThrow().gossip();
            assertTrue(read.tracking());
            assertEquals(List.of(saved.round(), saved.seq(), saved.gamma()), List.of(read.round(), read.seq(), read.gamma()));
            assertArrayEquals(x, read.model());
            assertArrayEquals(hg, read.estimate());
            assertArrayEquals(tracker, read.tracker());
        }
    }

    @Test
    void aNodeWithMomentumKeepsItsBufferWithOrWithoutTracking() {
        FileCheckpointStore store = FileCheckpointStore.in(dir, "exp-1", "n4");
        float[] x = {1, -2, 0.5f};
        float[] m = {-0.5f, 0, 9};
        List<NodeSnapshot> saved = List.of(
                new NodeSnapshot(3, 4, x, new float[] {2, 3, 4}, 0.25, new float[0], m),
                new NodeSnapshot(0, 1, x, new float[] {1, 2, 3, 4, 5, 6}, 0.25, new float[0], m),
                new NodeSnapshot(5, 6, x, new float[] {1, 2, 3, 4, 5, 6}, 0.25, new float[] {6, 5, 4, 3, 2, 1}, m));
        for (NodeSnapshot snapshot : saved) {
            store.save(new Checkpoint("exp-1", "n4", 42, 1, snapshot));
            NodeSnapshot read = store.load().orElseThrow().gossip();
            assertEquals(List.of(snapshot.round(), snapshot.seq(), snapshot.gamma(), snapshot.tracking()),
                    List.of(read.round(), read.seq(), read.gamma(), read.tracking()));
            assertArrayEquals(x, read.model());
            assertArrayEquals(snapshot.estimate(), read.estimate());
            assertArrayEquals(snapshot.tracker(), read.tracker());
            assertArrayEquals(m, read.momentum());
        }
    }

    @Test
    void theMemoryTwinKeepsTheLastTwo() {
        MemoryCheckpointStore store = new MemoryCheckpointStore();
        assertEquals(Optional.empty(), store.load());
        store.save(checkpoint(5));
        store.save(checkpoint(10));
        assertSame(checkpoint(10), store.load().orElseThrow());
        assertSame(checkpoint(5), store.previous().orElseThrow());
    }
}
