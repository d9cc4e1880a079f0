/// A failure the CLI reports in one line and exits non-zero for.
public struct CLIError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
