import Bitrix24Core
import Foundation
import Testing

extension FakePortalSuites {
    /// Event and widget bodies built to hurt: each is refused with a clear error or decoded in time linear
    /// in its size, before the application token is accepted or after it is checked — never a crash or a
    /// stall. The figures (ms per MB) are printed; rerun in release with
    /// `swift test -c release --filter HostileBodyTests`.
    @Suite("Runtime: hostile event and widget bodies")
    struct HostileBodyTests {
        static let token = "apptoken-\(UUID().uuidString)"
        static let head = "event=ONCRMDEALADD&auth%5Bapplication_token%5D=\(token)&"

        /// Limits wide enough to decode the big bodies (the depth limit cannot be raised past its ceiling).
        static let wide = Bitrix24Event.Limits(maxBytes: 64 << 20, maxKeys: 4_000_000, maxDepth: 1_000_000)

        /// The median of `runs` runs of `body`, in milliseconds, and the last run's result.
        static func measure<T>(runs: Int = 3, _ body: () throws -> T) rethrows -> (ms: Double, result: T) {
            var samples: [Double] = []
            var result: T?
            for _ in 0..<runs {
                let start = ContinuousClock.now
                result = try body()
                samples.append((ContinuousClock.now - start).inSeconds * 1000)
            }
            return (samples.sorted()[samples.count / 2], result!)
        }

        static func report(_ name: String, bytes: Int, ms: Double) {
            let mb = Double(bytes) / 1_048_576
            print("hostile body: \(name): \(String(format: "%.2f", mb)) MB in \(String(format: "%.1f", ms)) ms = \(String(format: "%.1f", ms / mb)) ms/MB")
        }

        static func expectInvalid(_ body: String, limits: Bitrix24Event.Limits = .default, mentioning words: String) -> Double {
            let (ms, error) = measure { () -> Bitrix24Error? in
                do {
                    _ = try Bitrix24Event(formEncoded: body, expectedApplicationToken: token, limits: limits)
                    return nil
                } catch {
                    return error as? Bitrix24Error
                }
            }
            #expect(error?.kind == .invalidEvent)
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "no error")")
            return ms
        }

        @Test func hundredThousandLevelsOfBracketsAreRefused() throws {
            let body = Self.head + "data" + String(repeating: "[a]", count: 100_000) + "=1"
            let ms = Self.expectInvalid(body, mentioning: "nested more than 32 levels")
            Self.report("100,000 levels, default limits", bytes: body.utf8.count, ms: ms)
            // Raising the limit cannot take it past the ceiling.
            let wideMs = Self.expectInvalid(body, limits: Self.wide, mentioning: "nested more than 512 levels")
            Self.report("100,000 levels, wide limits", bytes: body.utf8.count, ms: wideMs)
            #expect(throws: Bitrix24Error.self) { try Bitrix24PlacementRequest(formEncoded: "PLACEMENT=X&" + body) }
            // A wrong token is refused before the keys are looked at.
            let forged = "event=ONCRMDEALADD&auth%5Bapplication_token%5D=forged&data" + String(repeating: "[a]", count: 100_000) + "=1"
            #expect(throws: Bitrix24Error.self) { try Bitrix24Event(formEncoded: forged, expectedApplicationToken: Self.token) }
            // At the depth limit a body still decodes.
            let deepest = Self.head + "data" + String(repeating: "[a]", count: 31) + "=1"
            #expect(try Bitrix24Event(formEncoded: deepest, expectedApplicationToken: Self.token).data["a"] != nil)
        }

        @Test func hundredThousandAppendedKeysAreRefusedOrDecodedInLinearTime() throws {
            func body(_ count: Int) -> String { Self.head + String(repeating: "a[]=x&", count: count) }
            let big = body(100_000)
            let ms = Self.expectInvalid(big, mentioning: "more than 10000 keys")
            Self.report("100,000 a[] keys, default limits", bytes: big.utf8.count, ms: ms)

            let small = body(10_000)
            let (smallMs, _) = try Self.measure { try Bitrix24Event(formEncoded: small, expectedApplicationToken: Self.token, limits: Self.wide) }
            let (bigMs, event) = try Self.measure(runs: 1) {
                try Bitrix24Event(formEncoded: big, expectedApplicationToken: Self.token, limits: Self.wide)
            }
            guard case .array(let items)? = event.fields["a"] else {
                Issue.record("a is not a list")
                return
            }
            #expect(items.count == 100_000)
            Self.report("10,000 a[] keys, decoded", bytes: small.utf8.count, ms: smallMs)
            Self.report("100,000 a[] keys, decoded", bytes: big.utf8.count, ms: bigMs)
            // Ten times the keys: about ten times the time (quadratic work would be a hundred times).
            #expect(bigMs <= 25 * max(smallMs, 1), "\(bigMs) ms for 100,000 keys, \(smallMs) ms for 10,000")
        }

        /// 10 MB of keys are refused at once under the default limits; decoding is linear in the size (half a
        /// megabyte against five here; the 10 MB decode itself is a figure for the release run by hand).
        @Test func tenMegabytesOfKeysAreRefusedOrDecodedInLinearTime() throws {
            func body(bytes: Int) -> String {
                var text = Self.head
                var index = 0
                while text.utf8.count < bytes {
                    text += "data%5Bkey\(index)%5D=v&"
                    index += 1
                }
                return text
            }
            let tenMB = body(bytes: 10 << 20)
            let ms = Self.expectInvalid(tenMB, mentioning: "the limit is 1048576")
            Self.report("10 MB of keys, default limits", bytes: tenMB.utf8.count, ms: ms)

            let small = body(bytes: 1 << 19)
            let big = body(bytes: 5 << 20)
            let (smallMs, _) = try Self.measure { try Bitrix24Event(formEncoded: small, expectedApplicationToken: Self.token, limits: Self.wide) }
            let (bigMs, event) = try Self.measure(runs: 1) {
                try Bitrix24Event(formEncoded: big, expectedApplicationToken: Self.token, limits: Self.wide)
            }
            guard case .object(let data) = event.data else {
                Issue.record("data is not an object")
                return
            }
            #expect(data.count > 200_000)
            Self.report("0.5 MB of keys, decoded", bytes: small.utf8.count, ms: smallMs)
            Self.report("5 MB of keys, decoded", bytes: big.utf8.count, ms: bigMs)
            #expect(bigMs <= 25 * max(smallMs, 1), "\(bigMs) ms for 5 MB, \(smallMs) ms for 0.5 MB")
            if ProcessInfo.processInfo.environment["B24_HOSTILE_10MB"] == "1" {
                let (tenMs, _) = try Self.measure(runs: 1) {
                    try Bitrix24Event(formEncoded: tenMB, expectedApplicationToken: Self.token, limits: Self.wide)
                }
                Self.report("10 MB of keys, decoded", bytes: tenMB.utf8.count, ms: tenMs)
            }
        }

        @Test func theCheckedTokenIsTheOneTheEventCarries() throws {
            let token = Self.token
            // The last of duplicate keys wins, in the check as in the decoded event.
            let swapped = "event=E&auth[application_token]=\(token)&auth[application_token]=forged"
            #expect(throws: Bitrix24Error.self) { try Bitrix24Event(formEncoded: swapped, expectedApplicationToken: token) }
            let last = "event=E&auth[application_token]=forged&auth%5Bapplication_token%5D=\(token)"
            #expect(try Bitrix24Event(formEncoded: last, expectedApplicationToken: token).auth["application_token"] == .string(token))
            // A later key that turns the checked token into an object is refused.
            let replaced = "event=E&auth[application_token]=\(token)&auth[application_token][x]=1"
            #expect(throws: Bitrix24Error.self) { try Bitrix24Event(formEncoded: replaced, expectedApplicationToken: token) }
        }
    }
}
