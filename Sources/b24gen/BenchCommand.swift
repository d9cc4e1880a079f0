import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks the parser against libxml2 alone.")

    func run() async throws {
        throw CLIError("`bench` is not implemented yet")
    }
}
