// The template key table, derived: a view model is `Encodable` (synthesized), and this encoder turns it into
// template values — every stored property is a key, named as the property. Nothing is written by hand, so a new
// property cannot be forgotten by the templates' lookup.
//
// Mapping: `String` → text, `Bool` → flag, integers → text, `[String]` → texts (doc lines), a struct → a nested
// context, an array of structs → a list of contexts, `nil` → a `false` flag (so that a missing value never falls
// through to an outer context in Mustache's lookup).

/// A view model the templates can render: its stored properties are its keys.
protocol TemplateModel: Encodable {}

extension TemplateModel {
    /// The model as a template context: encoded once, then looked up by key while rendering.
    var templateObject: TemplateObject {
        let encoder = TemplateEncoder()
        try? encode(to: encoder)
        return encoder.root.object
    }
}

/// An encoded view model: its keys and their values.
struct TemplateObject: TemplateContext {
    var values: [String: TemplateValue]

    func value(forKey key: String) -> TemplateValue? { values[key] }
}

/// A slot an encoding container fills: shared between the container and its parent, filled in place.
private final class TemplateSlot {
    enum Kind { case empty, scalar, object, list }

    var kind = Kind.empty
    var scalar: TemplateValue = .flag(false)
    var fields: [String: TemplateSlot] = [:]
    var items: [TemplateSlot] = []

    func set(_ value: TemplateValue) {
        kind = .scalar
        scalar = value
    }

    func field(_ key: String) -> TemplateSlot {
        kind = .object
        let child = TemplateSlot()
        fields[key] = child
        return child
    }

    func appendItem() -> TemplateSlot {
        kind = .list
        let child = TemplateSlot()
        items.append(child)
        return child
    }

    var value: TemplateValue {
        switch kind {
        case .empty: return .flag(false)
        case .scalar: return scalar
        case .object: return .context(object)
        case .list:
            let values = items.map(\.value)
            var texts: [String] = []
            texts.reserveCapacity(values.count)
            for value in values {
                guard case .text(let text) = value else {
                    return .contexts(values.map { value in
                        if case .context(let context) = value { return context }
                        return TemplateObject(values: [:])
                    })
                }
                texts.append(text)
            }
            return .texts(texts)
        }
    }

    var object: TemplateObject { TemplateObject(values: fields.mapValues(\.value)) }
}

private final class TemplateEncoder: Encoder {
    let root: TemplateSlot
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(slot: TemplateSlot = TemplateSlot()) { root = slot }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        root.kind = .object
        return KeyedEncodingContainer(KeyedContainer<Key>(slot: root))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        root.kind = .list
        return UnkeyedContainer(slot: root)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(slot: root) }
}

/// Encodes `value` into `slot`: strings, flags and integers directly, anything else through its `encode(to:)`.
private func store(_ value: some Encodable, in slot: TemplateSlot) throws {
    switch value {
    case let text as String: slot.set(.text(text))
    case let flag as Bool: slot.set(.flag(flag))
    case let number as Int: slot.set(.text(String(number)))
    default: try value.encode(to: TemplateEncoder(slot: slot))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: TemplateSlot
    var codingPath: [any CodingKey] = []

    private func child(_ key: Key) -> TemplateSlot { slot.field(key.stringValue) }

    func encodeNil(forKey key: Key) throws { child(key).set(.flag(false)) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try store(value, in: child(key)) }
    func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try store(value, in: child(key)) } else { try encodeNil(forKey: key) }
    }
    func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try store(value, in: child(key)) } else { try encodeNil(forKey: key) }
    }
    func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try store(value, in: child(key)) } else { try encodeNil(forKey: key) }
    }
    func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try store(value, in: child(key)) } else { try encodeNil(forKey: key) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TemplateEncoder(slot: child(key)).container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TemplateEncoder(slot: child(key)).unkeyedContainer()
    }

    func superEncoder() -> any Encoder { TemplateEncoder(slot: slot) }
    func superEncoder(forKey key: Key) -> any Encoder { TemplateEncoder(slot: child(key)) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let slot: TemplateSlot
    var codingPath: [any CodingKey] = []
    var count: Int { slot.items.count }

    private func next() -> TemplateSlot { slot.appendItem() }

    mutating func encodeNil() throws { next().set(.flag(false)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try store(value, in: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TemplateEncoder(slot: next()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TemplateEncoder(slot: next()).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { TemplateEncoder(slot: next()) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: TemplateSlot
    var codingPath: [any CodingKey] = []

    mutating func encodeNil() throws { slot.set(.flag(false)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try store(value, in: slot) }
}
