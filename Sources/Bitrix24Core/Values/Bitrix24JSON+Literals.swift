/// Literals for `Bitrix24JSON`, so that untyped parameters read naturally:
/// `filter: ["STAGE_ID": "NEW", ">OPPORTUNITY": 1000]`.
extension Bitrix24JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Bitrix24JSON...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }

    public init(dictionaryLiteral elements: (String, Bitrix24JSON)...) {
        var object: [String: Bitrix24JSON] = [:]
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
