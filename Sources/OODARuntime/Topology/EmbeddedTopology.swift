/// The local topology compiled into the binary, so `ooda launch` runs anywhere. A test keeps it identical to
/// `topology/local.yml`.
public enum EmbeddedTopology {
    public static let local = """
        # The embedded default: the whole loop on one machine, over IPC, logs under .ooda/events.
        # observe samples this host (as host_*) and a built-in simulated service whose load spikes 20 s after
        # start; act scales the simulation through the mock actuator. Every field is in docs/topology.md.
        name: local
        logs:
          directory: .ooda/events
          fsync: group
          groupCommit: 5ms
        heartbeat: 1s
        stages:
          observe:
            publish: ipc://.ooda/run/observe.sock
            metrics: 127.0.0.1:9101
            interval: 1s
            host: {}
            simulation:
              spikeStart: 20s
              spikeLength: 60s
          orient:
            publish: ipc://.ooda/run/orient.sock
            metrics: 127.0.0.1:9102
          decide:
            publish: ipc://.ooda/run/decide.sock
            metrics: 127.0.0.1:9103
            mode: balanced
            scaleDownStabilizationSeconds: 30
            cooldownSeconds: {scaleUp: 5, scaleDown: 10, retune: 60, rollback: 120}
          act:
            publish: ipc://.ooda/run/act.sock
            metrics: 127.0.0.1:9104
            actuator: mock

        """
}
