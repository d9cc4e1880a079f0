import Bitrix24Locking
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for the scraper's tests: blocking sockets, one thread per connection,
/// persistent connections, `Content-Length` or chunked bodies, `TCP_NODELAY`, and the head and a body held in
/// memory sent with one `send`.
///
/// The tests time a crawl of about 1,700 conditional requests against it. FlyingFox's request parser reads
/// headers byte by byte through generic async sequences; unoptimised (as in `swift test`, which builds
/// dependencies in debug) it cost about 1.5 ms of CPU per request, more than the scraper and the HTTP client
/// together, so the timing measured the test server. This one finds the end of a request head with `memchr`
/// and parses a few short lines, which costs little in any build. It is still a real server on a real socket:
/// the client (URLSession / libcurl) speaks HTTP to it exactly as to a remote site.
final class LoopbackHTTPServer: @unchecked Sendable {
    /// A request as received: the method, the path (percent-encoded, without the query) and the headers
    /// by lowercased name.
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
    }

    /// What to send back.
    struct Response: Sendable {
        enum Body: Sendable {
            case none
            case data(Data)
            /// `count` bytes of `a`, sent in 64 KiB pieces; with `chunked`, without a `Content-Length`.
            case filler(count: Int, chunked: Bool)
        }

        var status: Int
        /// Sent in this order; `Content-Length` and `Connection` are added by the server.
        var headers: [(String, String)] = []
        var body: Body = .none

        /// The response as sent on a persistent connection, when it holds its body in memory: a handler can keep
        /// it and answer the same request again with ``init(_:cached:)``.
        var bytes: Data? {
            if case .filler = body { return nil }
            return LoopbackHTTPServer.serialize(self, keepAlive: true, method: "GET")
        }

        /// Bytes kept from ``bytes``; sent as they are on a persistent connection, rebuilt from ``status``,
        /// ``headers`` and ``body`` otherwise.
        fileprivate var cached: Data?

        init(status: Int, headers: [(String, String)] = [], body: Body = .none) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        init(_ response: Response, cached: Data) {
            self = response
            self.cached = cached
        }
    }

    typealias Handler = @Sendable (Request) -> Response

    private let handler: Handler
    private let listener: Int32
    /// Open connections, whether the server stopped, connections accepted so far.
    private let state = Locked((connections: Set<Int32>(), stopped: false, accepted: 0))
    /// Connections accepted so far.
    var accepted: Int { state.withLock { $0.accepted } }
    /// The port the listener is bound to.
    let port: UInt16

    /// Binds a listening socket to 127.0.0.1 on a free port.
    init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Self.error("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let failure = Self.error("bind/listen")
            close(fd)
            throw failure
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: actual.sin_port)
    }

    private static func error(_ what: String) -> NSError {
        NSError(domain: NSPOSIXErrorDomain, code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(errno)))"])
    }

    /// Starts accepting connections on a thread of its own.
    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "LoopbackHTTPServer.accept"
        thread.start()
    }

    /// Stops accepting and ends every open connection.
    func stop() {
        let open: Set<Int32> = state.withLock { state in
            state.stopped = true
            return state.connections
        }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                break
            }
            let admitted: Bool = state.withLock { state in
                if state.stopped { return false }
                state.connections.insert(fd)
                state.accepted += 1
                return true
            }
            guard admitted else {
                close(fd)
                break
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), Int32(TCP_NODELAY), &one, socklen_t(MemoryLayout<Int32>.size))
            // An idle keep-alive connection is closed after 30 s; a client that stops reading, after 10 s.
            var idle = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, socklen_t(MemoryLayout<timeval>.size))
            var stuck = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &stuck, socklen_t(MemoryLayout<timeval>.size))
            let thread = Thread { [self] in
                serve(fd)
                state.withLock { _ = $0.connections.remove(fd) }
                close(fd)
            }
            thread.name = "LoopbackHTTPServer.connection"
            thread.start()
        }
        close(listener)
    }

    // MARK: One connection

    private static let maxHead = 64 * 1024

    private func serve(_ fd: Int32) {
        var buffer = [UInt8]()
        buffer.reserveCapacity(8192)
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            // Read until the buffer holds a whole request head.
            var end: Int?
            while true {
                end = Self.findHeadEnd(in: buffer)
                if end != nil { break }
                if buffer.count > Self.maxHead { return }
                let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if received < 0 && errno == EINTR { continue }
                if received <= 0 { return }
                buffer.append(contentsOf: chunk[0..<received])
            }
            guard let end else { return }
            let parsed = Self.parse(buffer[0..<end])
            buffer.removeFirst(end + 4)
            guard let (request, keepAlive, bodyLength) = parsed else {
                _ = sendAll(fd, Self.serialize(Response(status: 400), keepAlive: false, method: "GET"))
                return
            }
            // A request body (none is expected) is read and dropped.
            var remaining = bodyLength
            while remaining > 0 {
                if !buffer.isEmpty {
                    let taken = min(remaining, buffer.count)
                    buffer.removeFirst(taken)
                    remaining -= taken
                    continue
                }
                let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if received < 0 && errno == EINTR { continue }
                if received <= 0 { return }
                buffer.append(contentsOf: chunk[0..<received])
            }
            let response = handler(request)
            guard respond(fd, response, keepAlive: keepAlive, method: request.method), keepAlive else { return }
        }
    }

    /// Byte offset of the blank line (`\r\n\r\n`) that ends a request head: `memchr` finds each line feed.
    private static func findHeadEnd(in buffer: [UInt8]) -> Int? {
        buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            while offset < raw.count, let found = memchr(base + offset, 0x0A, raw.count - offset) {
                let index = base.distance(to: UnsafeRawPointer(found))
                if index >= 3, raw[index - 1] == 0x0D, raw[index - 2] == 0x0A, raw[index - 3] == 0x0D { return index - 3 }
                offset = index + 1
            }
            return nil
        }
    }

    /// The request, whether the connection stays open, and the length of a request body. Works on the bytes
    /// (header names lowercased and values trimmed by hand) to stay cheap in an unoptimised build.
    private static func parse(_ head: ArraySlice<UInt8>) -> (Request, Bool, Int)? {
        head.withUnsafeBufferPointer { bytes -> (Request, Bool, Int)? in
            guard let base = bytes.baseAddress else { return nil }
            /// The offset of the first `byte` in `range`, found with `memchr`.
            func find(_ byte: UInt8, in range: Range<Int>) -> Int? {
                guard !range.isEmpty, let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
                return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            }
            var lines: [Range<Int>] = []
            var start = 0
            while let lineFeed = find(0x0A, in: start..<bytes.count) {
                lines.append(start..<(lineFeed > start && bytes[lineFeed - 1] == 0x0D ? lineFeed - 1 : lineFeed))
                start = lineFeed + 1
            }
            lines.append(start..<bytes.count)
            guard let requestLine = lines.first else { return nil }
            // METHOD SP TARGET SP VERSION
            guard let firstSpace = find(0x20, in: requestLine),
                  let secondSpace = find(0x20, in: (firstSpace + 1)..<requestLine.upperBound) else { return nil }
            let parts = [requestLine.lowerBound..<firstSpace, (firstSpace + 1)..<secondSpace, (secondSpace + 1)..<requestLine.upperBound]
                .map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            guard !parts[0].isEmpty, !parts[1].isEmpty, parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else { return nil }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = find(UInt8(ascii: ":"), in: line) else { return nil }
                var name = [UInt8]()
                name.reserveCapacity(colon - line.lowerBound)
                for position in line.lowerBound..<colon {
                    let byte = bytes[position]
                    name.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                }
                var valueStart = colon + 1
                var valueEnd = line.upperBound
                while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
                while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
                headers[String(decoding: name, as: UTF8.self)] =
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
            }
            let target = parts[1]
            let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? String(target)
            let connection = headers["connection"]?.lowercased() ?? ""
            let keepAlive = parts[2] == "HTTP/1.1" && connection != "close"
            let bodyLength = headers["content-length"].flatMap { Int($0) } ?? 0
            guard bodyLength >= 0, headers["transfer-encoding"] == nil else { return nil }
            return (Request(method: String(parts[0]), path: path, headers: headers), keepAlive, bodyLength)
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// The head, and for a body held in memory the body too.
    fileprivate static func serialize(_ response: Response, keepAlive: Bool, method: String) -> Data {
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        switch response.body {
        case .none:
            // 304 carries no body and no length (RFC 9110 §15.4.5); every other status says it has none.
            if response.status != 304 { head += "Content-Length: 0\r\n" }
        case .data(let data):
            head += "Content-Length: \(data.count)\r\n"
        case .filler(let count, let chunked):
            head += chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: \(count)\r\n"
        }
        // HTTP/1.1 connections persist unless one side says otherwise.
        head += keepAlive ? "\r\n" : "Connection: close\r\n\r\n"
        var data = Data(head.utf8)
        if case .data(let body) = response.body, method != "HEAD" { data.append(body) }
        return data
    }

    /// Sends the response; `false` when the connection is unusable.
    private func respond(_ fd: Int32, _ response: Response, keepAlive: Bool, method: String) -> Bool {
        if keepAlive, method == "GET", let cached = response.cached { return sendAll(fd, cached) }
        guard sendAll(fd, Self.serialize(response, keepAlive: keepAlive, method: method)) else { return false }
        guard case .filler(let count, let chunked) = response.body, method != "HEAD" else { return true }
        let piece = Data(repeating: 0x61, count: 65_536)
        var remaining = count
        while remaining > 0 {
            let size = min(remaining, piece.count)
            var data = Data()
            if chunked { data.append(Data("\(String(size, radix: 16))\r\n".utf8)) }
            data.append(piece.prefix(size))
            if chunked { data.append(Data("\r\n".utf8)) }
            guard sendAll(fd, data) else { return false }
            remaining -= size
        }
        if chunked { return sendAll(fd, Data("0\r\n\r\n".utf8)) }
        return true
    }

    private func sendAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += sent
            }
            return true
        }
    }
}
