package org.malcomedge.agent.codec.jmh;

import java.util.concurrent.TimeUnit;
import org.malcomedge.agent.codec.Coder;
import org.malcomedge.agent.codec.CodecInputs;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.codec.CorruptFrameException;
import org.malcomedge.agent.codec.Levels;
import org.malcomedge.agent.codec.Symbols;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode time of each coder on the QSGD levels of a d = 10^6 vector with 90% zeros
 * (one thread). M params/s = 1000 / (ms per op). Run with {@code mvn -Pjmh} (device-agent pom).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CoderBenchmark {

    @Param({"vsc", "range", "elias", "deflate", "zstd"})
    public String coder;

    @Param({"4"})
    public int s;

    @Param({"1000000"})
    public int d;

    @Param({"0.9"})
    public double sparsity;

    private Coder instance;
    private Levels levels;
    private byte[] frame;

    @Setup
    public void setUp() {
        instance = Compressors.levelCoder(coder);
        levels = CodecInputs.qsgdLevels(d, sparsity, s, 1);
        frame = instance.encode(levels);
    }

    @Benchmark
    public byte[] encode() {
        return instance.encode(levels);
    }

    @Benchmark
    public Symbols decode() throws CorruptFrameException {
        return instance.decode(frame, d);
    }
}
