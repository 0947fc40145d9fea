package org.malcomedge.coordinator.link;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Skips (with the reason) a test that needs root and the ip and tc programs. */
final class NetnsSupport {

    private NetnsSupport() {
    }

    static void assumeNetnsAvailable() {
        assumeTrue(isRoot(), "needs root (CAP_NET_ADMIN) to make network namespaces");
        for (String program : List.of("ip", "tc")) {
            assumeTrue(onPath(program), "needs the '" + program + "' program (iproute2)");
        }
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(line -> line.startsWith("Uid:") && line.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** Every name in {@code ip netns list} and {@code ip -o link show} that starts with {@code prefix}. */
    static List<String> namesWithPrefix(String prefix) throws IOException {
        CommandRunner system = CommandRunner.system();
        List<String> links = ShapedNetwork.linkNames(system.run(List.of("ip", "-o", "link", "show")).output());
        List<String> namespaces = ShapedNetwork.namespaceNames(system.run(List.of("ip", "netns", "list")).output());
        return java.util.stream.Stream.concat(links.stream(), namespaces.stream()).filter(n -> n.startsWith(prefix)).toList();
    }
}
