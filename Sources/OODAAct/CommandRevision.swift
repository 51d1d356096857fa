/// One revision of the command the process actuator runs: what `rollback` goes back to.
public struct CommandRevision: Sendable, Codable, Equatable {
    /// The executable: a path (with a `/`) or a name looked up in `PATH`.
    public var command: String
    /// The arguments after the executable.
    public var arguments: [String]
    /// Variables added to the inherited environment.
    public var environment: [String: String]

    public init(command: String, arguments: [String] = [], environment: [String: String] = [:]) {
        self.command = command
        self.arguments = arguments
        self.environment = environment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            command: try container.decode(String.self, forKey: .command),
            arguments: try container.decodeIfPresent([String].self, forKey: .arguments) ?? [],
            environment: try container.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
        )
    }
}
