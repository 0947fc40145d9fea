package org.malcomedge.coordinator.cli;

import static org.malcomedge.agent.InputException.orInputError;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.coordinator.plan.BrokerFiles;
import org.malcomedge.coordinator.plan.DeviceBundle;
import org.malcomedge.coordinator.plan.DeviceYaml;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.plan.ListenerAddress;
import org.malcomedge.coordinator.plan.MosquittoListener;
import org.malcomedge.coordinator.plan.PlanYaml;
import org.malcomedge.coordinator.plan.TrialCertificates;
import org.malcomedge.coordinator.plan.Variant;
import org.malcomedge.coordinator.plan.WirePlans;
import org.malcomedge.coordinator.sites.BridgeFiles;
import org.malcomedge.coordinator.sites.SiteMap;
import org.malcomedge.coordinator.sites.SitesYaml;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes plan.yaml, mosquitto.conf, password and ACL files and one folder per device (devices/ID/: device.yaml and its secrets) for a "
                + "real fleet; `run --plan OUT/plan.yaml` then drives it.")
final class PlanCommand implements Callable<Integer> {

    static final String DEVICES = "devices";
    static final String TLS = "tls";

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the plan and broker files")
    Path out;

    @Option(names = "--experiment", paramLabel = "NAME", description = "Experiment name, the topic level malcom/NAME/... [the --out folder's name]")
    String experimentName;

    @Option(names = "--node-ids", paramLabel = "ID,...", split = ",",
            description = "Device ids in plan order (as many as --nodes) [n0, n1, ...]")
    List<String> nodeIds;

    @Mixin
    VariantOptions run;

    @Option(names = "--device-dir", paramLabel = "DIR", defaultValue = "/var/lib/malcom-edge",
            description = "State folder on the devices: datasets under DIR/data, checkpoints under DIR/checkpoints [${DEFAULT-VALUE}]")
    Path deviceDir;

    @Option(names = "--device-backend", paramLabel = "NAME", defaultValue = "auto",
            description = "Devices' training backend: auto|ort|java [${DEFAULT-VALUE}]")
    Backend deviceBackend;

    @Option(names = "--broker", paramLabel = "URI", description = "The broker the devices and the coordinator connect "
            + "to, e.g. tcp://192.168.1.10:1883 or ssl://HOST:8883 with --tls (required: the devices need a broker they can reach)")
    URI broker;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address the broker's listener binds: 0.0.0.0 "
            + "for all interfaces, or the broker host's own address when --broker names it otherwise [the --broker host]")
    String bind;

    @Option(names = "--tls", description = "Mutual TLS: a trial CA, the broker's certificate and one client certificate "
            + "per device and for the coordinator (openssl), under OUT/tls/; needs --broker ssl://HOST:PORT")
    boolean tls;

    @Option(names = "--tls-days", paramLabel = "DAYS", defaultValue = "90", description = "Validity of the trial certificates [${DEFAULT-VALUE}]")
    int tlsDays;

    @Option(names = "--sites", paramLabel = "FILE", description = "Devices split over sites, a broker per site (YAML: "
            + "sites: {NAME: {broker: HOST:PORT, devices: [ID, ...]}}): also writes OUT/sites/NAME/bridges.conf, the Mosquitto "
            + "bridges carrying only the cross-site edges' topics")
    Path sites;

    @Option(names = "--tar", description = "Also pack each device's folder as OUT/devices/ID.tar.gz")
    boolean tar;

    @Mixin
    ExperimentOptions experiment;

    @Mixin
    FleetPlanOptions fleet;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (broker == null) {
            throw new InputException("--broker URI is required: the address the devices connect to, e.g. tcp://192.168.1.10:1883");
        }
        String scheme = tls ? "ssl" : "tcp";
        if (!scheme.equals(broker.getScheme()) || broker.getHost() == null) {
            throw new InputException("--broker " + broker + ": expected " + scheme + "://HOST:PORT"
                    + (tls ? " with --tls" : " (ssl:// needs --tls)"));
        }
        String listenOn = orInputError(() -> ListenerAddress.of(broker, Optional.ofNullable(bind)));
        Variant variant = run.toVariant();
        ExperimentSpec spec = experiment.on("mqtt", broker).toSpec(variant);
        String name = experimentName != null ? experimentName
                : out.toAbsolutePath().normalize().getFileName().toString();
        if (nodeIds != null && nodeIds.size() != spec.nodes()) {
            throw new InputException("--node-ids: " + nodeIds.size() + " ids for --nodes " + spec.nodes());
        }
        FleetPlan plan = orInputError(() -> new FleetPlan(name,
                nodeIds != null ? nodeIds : FleetPlan.defaultIds(spec.nodes()), spec, fleet.settings()));
        WirePlans.check(plan); // every check of the plan before anything is written
        Optional<SiteMap> siteMap = sites == null ? Optional.empty() : Optional.of(siteMap(plan));

        Path dir = out.toAbsolutePath();
        java.nio.file.Files.createDirectories(dir);
        PlanYaml.write(plan, dir.resolve(PlanYaml.FILE));
        int port = broker.getPort() > 0 ? broker.getPort() : tls ? 8883 : 1883;
        Optional<TrialCertificates.Written> certificates = Optional.empty();
        if (tls) {
            List<String> clients = new java.util.ArrayList<>(plan.nodeIds());
            clients.add(FleetPlan.COORDINATOR);
            certificates = Optional.of(orInputError(() -> unchecked(() -> TrialCertificates.generate(dir.resolve(TLS), clients,
                    List.of(broker.getHost()), Duration.ofDays(tlsDays)))));
        }
        MosquittoListener listener = certificates.map(c -> c.listener(port, Optional.of(listenOn)))
                .orElseGet(() -> new MosquittoListener(port, Optional.of(listenOn), Optional.empty()));
        BrokerFiles.Written files = BrokerFiles.write(dir, plan.experiment(), FleetPlan.COORDINATOR, neighbours(plan),
                List.of(listener), new SecureRandom());
        Path devices = dir.resolve(DEVICES);
        for (String id : plan.nodeIds()) {
            // With TLS the certificate's CN is the broker user: no password.
            Optional<Path> password = tls ? Optional.empty() : Optional.of(files.credentials().get(id));
            DeviceYaml device = new DeviceYaml(id, plan.experiment(), broker, password.map(p -> id), password,
                    certificates.map(c -> c.deviceTls(id)), spec.dataset(), spec.label(),
                    Optional.of(deviceDir.resolve("data")), deviceDir.resolve("checkpoints"),
                    plan.settings().checkpointEvery(), deviceBackend, 1);
            DeviceBundle.Written bundle = DeviceBundle.write(devices.resolve(id), device);
            if (tar) {
                DeviceBundle.tar(bundle, devices.resolve(id + ".tar.gz"));
            }
        }
        PrintWriter o = command.commandLine().getOut();
        o.println("wrote " + dir.resolve(PlanYaml.FILE) + " (experiment " + plan.experiment() + ", "
                + plan.nodeIds().size() + " devices)");
        o.println("wrote " + files.config() + ", " + files.passwords().getFileName() + ", " + files.acl().getFileName()
                + " and " + BrokerFiles.CREDENTIALS + "/ (start: mosquitto -c " + files.config() + "; it listens on "
                + listenOn + " port " + port + ")");
        o.println("wrote " + devices + "/ID/ for each device: " + DeviceBundle.CONFIG + " and "
                + (tls ? DeviceBundle.CA + ", " + DeviceBundle.CERT + ", " + DeviceBundle.KEY : DeviceBundle.PASSWORD)
                + (tar ? ", also as " + DEVICES + "/ID.tar.gz" : "")
                + " (copy the folder's files to the device's /etc/malcom-edge/ or its boot partition's malcom-edge/)");
        if (siteMap.isPresent()) {
            Map<String, Set<String>> around = neighbours(plan);
            Map<String, Path> bridges = BridgeFiles.write(dir, plan.experiment(), around, siteMap.get());
            long edges = around.values().stream().mapToInt(Set::size).sum() / 2;
            o.println(siteMap.get().crossEdges(around).size() + " of " + edges + " edges cross sites; wrote "
                    + dir.resolve(BridgeFiles.FOLDER) + "/SITE/" + BridgeFiles.FILE + " for " + String.join(", ", bridges.keySet())
                    + " (add each to its site broker's config)");
        }
        o.println("then: malcom run --plan " + dir.resolve(PlanYaml.FILE) + " --broker " + broker + certificates
                .map(c -> " --ca " + c.caCert() + " --cert " + c.clients().get(FleetPlan.COORDINATOR).cert()
                        + " --key " + c.clients().get(FleetPlan.COORDINATOR).key())
                .orElse(" --password-file " + files.credentials().get(FleetPlan.COORDINATOR)));
        return Cli.OK;
    }

    /** The sites file, checked against the plan before anything is written. */
    private SiteMap siteMap(FleetPlan plan) {
        if (StarAlgorithm.isStar(plan.spec().variant().algorithm())) {
            throw new InputException("--sites: a star algorithm's workers talk only to the server, not over graph edges; "
                    + "sites are for the graph algorithms");
        }
        if (tls) {
            throw new InputException("--sites with --tls: bridges over TLS are not written yet; plan the sites without --tls");
        }
        return SitesYaml.read(sites, plan.nodeIds());
    }

    private interface Io<T> {
        T call() throws IOException;
    }

    /** An I/O failure (openssl) as an UncheckedIOException, so that orInputError can wrap the call. */
    private static <T> T unchecked(Io<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every device with its graph neighbours, by id (a star's workers have none: they hear only the server). */
    static Map<String, Set<String>> neighbours(FleetPlan plan) {
        Map<String, Set<String>> around = new LinkedHashMap<>();
        if (StarAlgorithm.isStar(plan.spec().variant().algorithm())) {
            plan.nodeIds().forEach(id -> around.put(id, Set.of()));
            return around;
        }
        Graph graph = WirePlans.graph(plan.spec());
        for (int i = 0; i < graph.size(); i++) {
            Set<String> ids = new TreeSet<>();
            for (int j : graph.neighbours(i)) {
                ids.add(plan.nodeIds().get(j));
            }
            around.put(plan.nodeIds().get(i), ids);
        }
        return around;
    }
}
