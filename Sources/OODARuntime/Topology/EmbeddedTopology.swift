/// The local topology compiled into the binary, so `ooda launch` runs anywhere. A test keeps it identical to
/// `topology/local.yml`.
public enum EmbeddedTopology {
    public static let local = """
        # The embedded default: the whole loop on one machine, over IPC, logs under .ooda/events.
        # Every field is documented in docs/topology.md.
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
          orient:
            publish: ipc://.ooda/run/orient.sock
            metrics: 127.0.0.1:9102
          decide:
            publish: ipc://.ooda/run/decide.sock
            metrics: 127.0.0.1:9103
          act:
            publish: ipc://.ooda/run/act.sock
            metrics: 127.0.0.1:9104

        """
}
