import Foundation

/// The JSON body of a REST call.
extension Bitrix24Client {
    func encodePayload<R>(_ request: Bitrix24Request<R>) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data: Data
        do {
            switch request.body {
            case .object(let object): data = try encoder.encode(object)
            case .encodable(let value): data = try encoder.encode(value)
            }
        } catch {
            throw Bitrix24Error(kind: .encoding, message: "cannot encode parameters: \(error)", method: request.method.name)
        }
        if data.elementsEqual("null".utf8) { return Data("{}".utf8) }
        guard data.first == UInt8(ascii: "{") else {
            throw Bitrix24Error(kind: .encoding, message: "parameters must encode to a JSON object", method: request.method.name)
        }
        return data
    }

    /// `payload` with `"auth": token` added as the first member.
    static func addingAuth(_ token: String, to payload: Data) -> Data {
        let quoted = (try? JSONEncoder().encode(token)) ?? Data("\"\"".utf8)
        var body = Data("{\"auth\":".utf8)
        body.append(quoted)
        let rest = payload.dropFirst()  // drop "{"
        let isEmpty = rest.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "}")
        if !isEmpty { body.append(UInt8(ascii: ",")) }
        body.append(contentsOf: isEmpty ? Data("}".utf8) : Data(rest))
        return body
    }

    /// `url` with `auth=token` added to its query.
    static func addingAuth(_ token: String, to url: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
        else { return url }
        components.percentEncodedQuery = (components.percentEncodedQuery.map { $0 + "&" } ?? "") + "auth=" + encoded
        return components.url ?? url
    }
}
