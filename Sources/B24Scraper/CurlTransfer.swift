import CCurl
import Foundation

/// One exchange: the request's libcurl options and what the response brought so far. Touched by the loop
/// thread only, except `continuation` (set before it is handed over) and `cancelRequested` (under the lock of the engine's shared state).
final class CurlTransfer: @unchecked Sendable {
    let url: URL
    let expectHTML: Bool
    let maxBytes: Int
    private let urlString: String
    private var headerList: UnsafeMutablePointer<curl_slist>?
    var continuation: CheckedContinuation<FetchResponse, any Error>?
    var cancelRequested = false
    var easy: UnsafeMutableRawPointer?

    var status = 0
    var responseHeaders: [String: String] = [:]
    var body = Data()
    var failure: FetchFailure?
    /// Set by the first piece of the body: header lines after it are trailers, which are not the response's headers.
    private var inBody = false
    /// Whether the next header line is a status line.
    private var atStatusLine = true

    init(url: URL, headers: [String: String], expectHTML: Bool, maxBytes: Int) {
        self.url = url
        self.expectHTML = expectHTML
        self.maxBytes = maxBytes
        urlString = url.absoluteString
        // Sorted: the same request is sent the same way every time.
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            // A header value never carries a line break into the request.
            let clean = value.filter { $0 != "\r" && $0 != "\n" }
            headerList = curl_slist_append(headerList, "\(name): \(clean)")
        }
    }

    deinit { curl_slist_free_all(headerList) }

    /// Points a handle (with the engine's shared options) at this exchange: its URL, its headers, and this
    /// transfer as the context of the header and body callbacks. (libcurl follows no redirect unless told to.)
    func attach(to easy: UnsafeMutableRawPointer) {
        self.easy = easy
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = b24_easy_setopt_string(easy, CURLOPT_URL, urlString)
        _ = b24_easy_setopt_list(easy, CURLOPT_HTTPHEADER, headerList)
        _ = b24_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
        _ = b24_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
    }

    /// Resumes the waiting task, once.
    func finish(_ result: Result<FetchResponse, any Error>) {
        easy = nil
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result)
    }

    /// One header line (with its CRLF). Returns `false` to abort the exchange. Works on the bytes (no `String`
    /// until a name and a value are cut out): it runs for every line of every response.
    func header(_ line: UnsafeRawBufferPointer) -> Bool {
        guard !inBody else { return true }
        var end = line.count
        while end > 0, line[end - 1] == 0x0D || line[end - 1] == 0x0A { end -= 1 }
        if end == 0 {
            // The end of a head: what follows is the body, or (after an interim 1xx) the next response's status line.
            atStatusLine = true
            return headersComplete()
        }
        if atStatusLine {
            // A response's first line, "HTTP/1.1 200 OK" (a header line that only starts with "HTTP/" is a header).
            // A new response after an interim 1xx starts over. The status is the number after the first space.
            atStatusLine = false
            responseHeaders = [:]
            status = 0
            var index = 5
            while index < end, line[index] != 0x20 { index += 1 }
            index += 1
            // Three digits at most, whatever the server sends (a status code has three).
            var digits = 0
            while index < end, digits < 3, (0x30...0x39).contains(line[index]) {
                status = status * 10 + Int(line[index] - 0x30)
                index += 1
                digits += 1
            }
            return true
        }
        guard let colon = (0..<end).first(where: { line[$0] == 0x3A }) else { return true }
        // Names are ASCII (RFC 9110 tokens): lowercased byte by byte.
        let name = String(decoding: (0..<colon).map { line[$0] >= 0x41 && line[$0] <= 0x5A ? line[$0] + 0x20 : line[$0] }, as: UTF8.self)
        var valueStart = colon + 1
        var valueEnd = end
        while valueStart < valueEnd, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self)
        if let earlier = responseHeaders[name] {
            responseHeaders[name] = earlier + ", " + value
        } else {
            responseHeaders[name] = value
        }
        return true
    }

    /// The checks that need only the head of a 200: its announced size and its type.
    private func headersComplete() -> Bool {
        guard status == 200 else { return true }
        if let length = responseHeaders["content-length"].flatMap({ Int($0) }), length > maxBytes {
            failure = .tooLarge(limit: maxBytes)
            return false
        }
        if expectHTML {
            let type = (responseHeaders["content-type"] ?? "").lowercased()
            if !type.isEmpty && !type.hasPrefix("text/html") && !type.hasPrefix("application/xhtml+xml") {
                failure = .notHTML(contentType: type)
                return false
            }
        }
        return true
    }

    /// A piece of the body. Returns `false` to abort the exchange.
    func data(_ bytes: UnsafeRawBufferPointer) -> Bool {
        inBody = true
        guard failure == nil else { return false }
        if body.count + bytes.count > maxBytes {
            failure = .tooLarge(limit: maxBytes)
            body = Data()
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }
}

/// `CURLOPT_HEADERFUNCTION`: returning anything but the size given aborts the transfer.
let onHeader: b24_curl_data_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.header(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
}

/// `CURLOPT_WRITEFUNCTION`: returning anything but the size given aborts the transfer.
let onData: b24_curl_data_callback = { buffer, size, count, context in
    guard let context else { return 0 }
    let length = size * count
    guard let buffer, length > 0 else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.data(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
}
