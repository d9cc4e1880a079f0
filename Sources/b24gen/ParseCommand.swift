import ArgumentParser

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Parses documentation pages into the JSON model.")

    func run() async throws {
        throw CLIError("`parse` is not implemented yet")
    }
}
