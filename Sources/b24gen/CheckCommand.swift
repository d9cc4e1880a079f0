import ArgumentParser

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Fails when the checked-in client is stale.")

    func run() async throws {
        throw CLIError("`check` is not implemented yet")
    }
}
