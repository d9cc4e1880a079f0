import Foundation

/// Batches: up to 50 commands in one request (``Bitrix24Client/batch(_:halt:)``, and typed with
/// ``Bitrix24Client/batch(halt:_:)``), their replies, and references to earlier results.
public enum Bitrix24Batch {
    /// A reference to an earlier command's result: `Bitrix24Batch.result("deal")` is `$result[deal]`,
    /// `.result("deal", "ID")` is `$result[deal][ID]`.
    public static func result(_ key: String, _ path: String...) -> Bitrix24JSON {
        .string("$result[\(key)]" + path.map { "[\($0)]" }.joined())
    }

    /// The key of the `index`-th command of a typed batch (`b24.batch { … }`).
    public static func key(ofCommand index: Int) -> String { "c\(index)" }

    static func keys(in text: String, into keys: inout Set<String>) {
        guard text.contains("$result") else { return }
        var rest = Substring(text)
        while let range = rest.range(of: "$result") {
            rest = rest[range.upperBound...]
            for suffix in ["_error", "_total", "_next", "_time"] where rest.hasPrefix(suffix) {
                rest = rest.dropFirst(suffix.count)
                break
            }
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { continue }
            keys.insert(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[close...]
        }
    }
}

extension Bitrix24Batch {
    /// One command of a batch: a key, a method and its parameters.
    public struct Command: Sendable {
        /// The key results and errors are reported under, and references use (`$result[key][ID]`).
        public var key: String
        /// The method and its retry class.
        public var method: Bitrix24MethodInfo
        public var parameters: [String: Bitrix24JSON]

        public init(key: String, method: Bitrix24MethodInfo, parameters: [String: Bitrix24JSON] = [:]) {
            self.key = key
            self.method = method
            self.parameters = parameters
        }

        /// A command for method `name` (treated as a write unless `retry` says otherwise).
        public init(key: String, method name: String, retry: Bitrix24MethodInfo.RetryClass = .write, parameters: [String: Bitrix24JSON] = [:]) {
            self.init(key: key, method: Bitrix24MethodInfo(name: name, retry: retry), parameters: parameters)
        }

        /// A command from a typed request.
        public init<R>(key: String, request: Bitrix24Request<R>) throws {
            do {
                self.init(key: key, method: request.method, parameters: try request.encodedParameters())
            } catch var error as Bitrix24Error {
                error.batchKey = key
                throw error
            }
        }

        /// The `cmd` value: `method?` + PHP `http_build_query` of the parameters.
        public var query: String {
            let query = Bitrix24FormEncoding.buildQuery(parameters)
            return query.isEmpty ? method.name : method.name + "?" + query
        }

        /// The keys this command references (`$result[key]`, `$result_total[key]`, …), sorted.
        public var references: [String] {
            var keys = Set<String>()
            func scan(_ value: Bitrix24JSON) {
                switch value {
                case .string(let s): Bitrix24Batch.keys(in: s, into: &keys)
                case .array(let items): items.forEach(scan)
                case .object(let object):
                    for (name, item) in object {
                        Bitrix24Batch.keys(in: name, into: &keys)
                        scan(item)
                    }
                default: break
                }
            }
            scan(.object(parameters))
            return keys.sorted()
        }
    }

    /// The replies of a batch, by command key.
    public struct Response: Sendable {
        /// The keys in command order.
        public var keys: [String]
        /// Each successful command's `result`.
        public var results: [String: Bitrix24JSON]
        /// Each failed command's error.
        public var errors: [String: Bitrix24Error]
        /// `result_total` by key (list commands).
        public var totals: [String: Int]
        /// `result_next` by key (list commands).
        public var nexts: [String: Int]
        /// `result_time` by key.
        public var times: [String: Bitrix24Client.Timing]
        /// How many HTTP requests the batch took (commands are split into groups of at most 50).
        public var requestCount: Int

        /// The result of command `key`; throws its error, or a `.batch` error when it was not executed
        /// (the batch halted before it).
        public func result(_ key: String) throws -> Bitrix24JSON {
            if let error = errors[key] { throw error }
            if let result = results[key] { return result }
            throw Bitrix24Error(kind: .batch, message: "command was not executed (the batch halted on an earlier error)", batchKey: key)
        }

        /// The result of command `key`, decoded as a single call's would be (leniently for ``Bitrix24Value``s);
        /// with `rowsKey`, the rows under that key inside it (matched without regard to case).
        public func decode<T: Decodable>(_ type: T.Type = T.self, key: String, rowsKey: String? = nil) throws -> T {
            do {
                return try Bitrix24ResultDecoding.decode(T.self, from: json(key, rowsKey: rowsKey), path: "result[\(key)]")
            } catch var error as Bitrix24Error {
                if error.batchKey == nil { error.batchKey = key }
                throw error
            }
        }

        /// Command `key`'s result, or with `rowsKey` the rows inside it.
        func json(_ key: String, rowsKey: String?) throws -> Bitrix24JSON {
            let value = try result(key)
            guard let rowsKey, case .object(let object) = value else { return value }
            return object[rowsKey] ?? object.first { $0.key.caseInsensitiveCompare(rowsKey) == .orderedSame }?.value ?? value
        }
    }

    /// Collects typed requests for ``Bitrix24Client/batch(halt:_:)``.
    @resultBuilder
    public enum Builder {
        /// Each statement is one typed request.
        public static func buildExpression<R>(_ request: Bitrix24Request<R>) -> Bitrix24Request<R> { request }

        /// Collects the requests, keeping each one's result type.
        public static func buildBlock<each R>(_ requests: repeat Bitrix24Request<each R>) -> Bitrix24Batch.Requests<repeat each R> {
            Bitrix24Batch.Requests(requests: (repeat each requests))
        }
    }

    /// The typed requests of a batch, in order.
    public struct Requests<each R: Decodable & Sendable>: Sendable {
        /// The requests as a tuple.
        public let requests: (repeat Bitrix24Request<each R>)

        /// Wraps a tuple of requests.
        public init(requests: (repeat Bitrix24Request<each R>)) {
            self.requests = requests
        }

        /// The commands, keyed `c0`, `c1`, … in order.
        public func commands() throws -> [Bitrix24Batch.Command] {
            var commands: [Bitrix24Batch.Command] = []
            for request in repeat each requests {
                commands.append(try Bitrix24Batch.Command(key: Bitrix24Batch.key(ofCommand: commands.count), request: request))
            }
            return commands
        }
    }
}
