import ArgumentParser

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Generates the Swift client.")

    func run() async throws {
        throw CLIError("`generate` is not implemented yet")
    }
}
