import Foundation

extension Bitrix24V3 {
    /// A REST 3.0 `filter`: conditions that must all hold, each a comparison (`["status", "=", "NEW"]`), the
    /// short form `["id", [1, 2]]`, or a group of which one must hold (`{"logic": "or", "conditions": […]}`).
    ///
    /// ```swift
    /// let filter: Bitrix24V3.Filter = [
    ///     .where("status", .equal, "NEW"),
    ///     .or([.in("id", [1, 2]), .where("priority", .greaterOrEqual, 2)]),
    /// ]
    /// // [["status","=","NEW"],{"logic":"or","conditions":[["id","in",[1,2]],["priority",">=",2]]}]
    /// ```
    /// A filter of one condition can be written directly: `filter: .where("status", .equal, "NEW")`. Which fields
    /// a method filters on, its `*.field.list` method tells (`filterable`).
    public struct Filter: Sendable, Hashable, ExpressibleByArrayLiteral, Bitrix24Value, CustomStringConvertible {
        /// The conditions, all of which must hold.
        public var conditions: [Condition]

        /// A filter of `conditions`, all of which must hold.
        public init(_ conditions: [Condition] = []) {
            self.conditions = conditions
        }

        public init(arrayLiteral conditions: Condition...) {
            self.conditions = conditions
        }

        /// Reads a filter in the REST 3.0 form; `nil` for anything else.
        public init?(bitrix24JSON json: Bitrix24JSON) {
            guard case .array(let items) = json else { return nil }
            var conditions: [Condition] = []
            for item in items {
                guard let condition = Condition(bitrix24JSON: item) else { return nil }
                conditions.append(condition)
            }
            self.conditions = conditions
        }

        /// The filter as it is sent: an array of conditions.
        public var bitrix24JSON: Bitrix24JSON { .array(conditions.map(\.bitrix24JSON)) }

        /// The JSON sent.
        public var description: String { bitrix24JSON.description }

        /// A filter of one condition: `field` compared with `value` by `operator`.
        public static func `where`(_ field: String, _ operator: Operator, _ value: some Bitrix24Value) -> Filter {
            [.where(field, `operator`, value)]
        }

        /// A filter of one condition: `field` equals one of `values`.
        public static func `in`<Value: Bitrix24Value>(_ field: String, _ values: [Value]) -> Filter {
            [.in(field, values)]
        }

        /// A filter of one condition: `field` lies between `lower` and `upper`.
        public static func between<Value: Bitrix24Value>(_ field: String, _ lower: Value, _ upper: Value) -> Filter {
            [.between(field, lower, upper)]
        }

        /// A filter of one condition: at least one of `conditions` holds.
        public static func or(_ conditions: [Condition]) -> Filter {
            [.or(conditions)]
        }

        /// This filter with `condition` added (all of them must hold).
        public func and(_ condition: Condition) -> Filter {
            Filter(conditions + [condition])
        }
    }
}

extension Bitrix24V3.Filter {
    /// A comparison operator of REST 3.0 filters. Its static members are the documented ones; an operator a newer
    /// portal adds can be written as `Operator(rawValue: "…")`.
    public struct Operator: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The operator as it is sent (`=`, `in`).
        public let rawValue: String

        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        /// `=`: equals.
        public static let equal = Operator(rawValue: "=")
        /// `!=`: does not equal.
        public static let notEqual = Operator(rawValue: "!=")
        /// `>`: greater than (after, for dates).
        public static let greater = Operator(rawValue: ">")
        /// `>=`: greater than or equal to.
        public static let greaterOrEqual = Operator(rawValue: ">=")
        /// `<`: less than (before, for dates).
        public static let less = Operator(rawValue: "<")
        /// `<=`: less than or equal to.
        public static let lessOrEqual = Operator(rawValue: "<=")
        /// `in`: equals one of the values of a list.
        public static let `in` = Operator(rawValue: "in")
        /// `between`: lies in the range of a two-element list `[from, to]`.
        public static let between = Operator(rawValue: "between")
    }

    /// One condition of a ``Bitrix24V3/Filter``.
    public indirect enum Condition: Sendable, Hashable, CustomStringConvertible {
        /// `[field, operator, value]`.
        case compare(field: String, operator: Operator, value: Bitrix24JSON)
        /// `[field, value]`, the short form: the field equals `value`, or one of its values when it is a list.
        case match(field: String, value: Bitrix24JSON)
        /// `{"logic": "or", "conditions": […]}`: at least one of the conditions holds.
        case or([Condition])

        /// `field` compared with `value` by `operator` (a field of a related object with a dot: `responsible.id`).
        public static func `where`(_ field: String, _ operator: Operator, _ value: some Bitrix24Value) -> Condition {
            .compare(field: field, operator: `operator`, value: value.bitrix24JSON)
        }

        /// `field` equals `value` (`[field, "=", value]`).
        public static func equal(_ field: String, _ value: some Bitrix24Value) -> Condition {
            .where(field, .equal, value)
        }

        /// `field` equals one of `values` (`[field, "in", [values]]`).
        public static func `in`<Value: Bitrix24Value>(_ field: String, _ values: [Value]) -> Condition {
            .compare(field: field, operator: .in, value: values.bitrix24JSON)
        }

        /// `field` lies between `lower` and `upper` (`[field, "between", [lower, upper]]`).
        public static func between<Value: Bitrix24Value>(_ field: String, _ lower: Value, _ upper: Value) -> Condition {
            .compare(field: field, operator: .between, value: .array([lower.bitrix24JSON, upper.bitrix24JSON]))
        }

        /// Reads a condition in the REST 3.0 form; `nil` for anything else.
        public init?(bitrix24JSON json: Bitrix24JSON) {
            switch json {
            case .array(let parts):
                guard let first = parts.first, case .string(let field) = first else { return nil }
                if parts.count == 3, case .string(let name) = parts[1] {
                    self = .compare(field: field, operator: Operator(rawValue: name), value: parts[2])
                } else if parts.count == 2 {
                    self = .match(field: field, value: parts[1])
                } else {
                    return nil
                }
            case .object(let object):
                guard case .string(let logic)? = object["logic"], logic.lowercased() == "or", case .array(let items)? = object["conditions"]
                else { return nil }
                var conditions: [Condition] = []
                for item in items {
                    guard let condition = Condition(bitrix24JSON: item) else { return nil }
                    conditions.append(condition)
                }
                self = .or(conditions)
            default:
                return nil
            }
        }

        /// The condition as it is sent.
        public var bitrix24JSON: Bitrix24JSON {
            switch self {
            case .compare(let field, let op, let value): .array([.string(field), .string(op.rawValue), value])
            case .match(let field, let value): .array([.string(field), value])
            case .or(let conditions): .object(["logic": .string("or"), "conditions": .array(conditions.map(\.bitrix24JSON))])
            }
        }

        /// The JSON sent.
        public var description: String { bitrix24JSON.description }
    }
}
