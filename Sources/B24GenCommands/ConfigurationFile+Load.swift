import B24Generator
import Foundation

extension ConfigurationFile {
    /// Reads and parses a configuration file (the file I/O of the configuration stage, at the edge).
    public static func load(_ url: URL) throws -> ConfigurationFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Error(path: "", message: "cannot read \(url.path(percentEncoded: false))")
        }
        do { return try parse(data) } catch let error as Error {
            throw Error(path: error.path, message: "\(url.lastPathComponent): \(error.message)")
        }
    }

}
