/// What the pages say beyond their tables: object structures, the shapes of their examples, which REST
/// version a method lives in, where its name came from, and what it does to data. Plain data like the
/// rest of the model; the generator decides what each means for the Swift it writes.

/// An object structure the docs define: a headed section whose table lists an object's fields (a data-type
/// page's "Object structure" entries, "objects used in responses", an entity's field list, a nested table
/// of a method page that other pages link to).
public struct TypeDefinition: Codable, Sendable, Equatable {
    /// The identity type links use: the page path and the section's anchor
    /// (`api-reference/crm/data-types.html#crm_multifield`); the page path alone for a table before any heading.
    public var id: String
    /// The docs' name of the type (`crm_multifield`, `checklist.item`): the heading's identifier, else its anchor.
    public var name: String
    /// The heading text.
    public var title: String
    /// The fields, with the tables their rows link to on the same page as children.
    public var fields: [Field]
    /// The line of the table (of the first one, when the section's subsections hold the fields).
    public var line: Int

    public init(id: String, name: String, title: String, fields: [Field], line: Int) {
        self.id = id
        self.name = name
        self.title = title
        self.fields = fields
        self.line = line
    }

    /// The id a type link names (`api-reference/crm/data-types.html#crm_multifield`, also written with a
    /// leading `/` or `./`), or `nil` for a link without an anchor (the basic-types page) or to another site.
    public static func id(forLink link: String) -> String? {
        guard let hash = link.firstIndex(of: "#"), !link.contains("://") else { return nil }
        var path = Substring(link[..<hash])
        while path.hasPrefix("/") || path.hasPrefix("./") { path = path.drop { $0 == "/" || $0 == "." } }
        let anchor = link[link.index(after: hash)...]
        guard !path.isEmpty, !anchor.isEmpty else { return nil }
        return path + "#" + anchor
    }
}

/// The shape of a JSON value: object keys in order, nesting and value kinds, without the values.
public struct JSONShape: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case object, array, string, number, bool, null
    }

    /// One key of an object and its value's shape.
    public struct Member: Codable, Sendable, Equatable {
        public var key: String
        public var shape: JSONShape

        public init(key: String, shape: JSONShape) {
            self.key = key
            self.shape = shape
        }
    }

    public var kind: Kind
    /// An object's members, in the example's order (`nil` for other kinds).
    public var members: [Member]?
    /// An array's element shapes, in order, runs of equal shapes written once (`nil` for other kinds).
    public var elements: [JSONShape]?

    public init(kind: Kind, members: [Member]? = nil, elements: [JSONShape]? = nil) {
        self.kind = kind
        self.members = members
        self.elements = elements
    }

    public static let string = JSONShape(kind: .string)
    public static let number = JSONShape(kind: .number)
    public static let bool = JSONShape(kind: .bool)
    public static let null = JSONShape(kind: .null)

    public static func object(_ members: [(String, JSONShape)]) -> JSONShape {
        JSONShape(kind: .object, members: members.map { Member(key: $0.0, shape: $0.1) })
    }

    public static func array(_ elements: [JSONShape]) -> JSONShape {
        JSONShape(kind: .array, elements: elements)
    }

    /// The member named `key` (exact spelling), for objects.
    public subscript(key: String) -> JSONShape? {
        members?.first { $0.key == key }?.shape
    }
}

/// A response example: where it is and its JSON's shape.
public struct ResponseExample: Codable, Sendable, Equatable {
    /// `nil` when the example's JSON could not be read (a diagnostic says why).
    public var shape: JSONShape?
    public var line: Int

    public init(shape: JSONShape?, line: Int) {
        self.shape = shape
        self.line = line
    }
}

/// The REST API a request is sent to.
public enum APIVersion: String, Codable, Sendable, CaseIterable, Comparable {
    /// The classic API: `/rest/{method}` (webhook `/rest/{user}/{code}/{method}`).
    case v2 = "2"
    /// REST 3.0: `/rest/api/{method}` (webhook `/rest/api/{user}/{code}/{method}`).
    case v3 = "3"

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A request example: what it calls and what it sends.
public struct RequestExample: Codable, Sendable, Equatable {
    /// The code block's language as the page labels it (`bash`, `js`, `php`, `go`, `python`, …; `""` for none).
    public var language: String
    /// The method names the example calls, in order (curl URL tail, `callMethod('…'`, `call('…'`, `Call(ctx, "…"`).
    public var methods: [String]
    /// The API its address belongs to, when it has an address (`/rest/…` or `/rest/api/…`).
    public var version: APIVersion?
    /// The shape of the request body, when it is JSON (curl `-d`).
    public var body: JSONShape?
    public var line: Int

    public init(language: String, methods: [String], version: APIVersion? = nil, body: JSONShape? = nil, line: Int) {
        self.language = language
        self.methods = methods
        self.version = version
        self.body = body
        self.line = line
    }
}

/// Where a page's name came from.
public enum NameSource: String, Codable, Sendable, CaseIterable {
    /// The H1, confirmed (or not contradicted) by the examples and the file name.
    case title
    /// The intro's text (the H1 names no method).
    case intro
    /// The request examples' method strings (the H1 names none, or a mangled one).
    case examples
    /// The page's file name, where the H1 and the examples disagree.
    case fileName = "file-name"
}

/// Something the page says about what a method does to data, for deciding whether a call may be repeated.
public struct Evidence: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Only reads.
        case reads
        /// Creates something (a record, a chat, a file).
        case creates
        /// Changes something that exists.
        case modifies
        /// Deletes something.
        case deletes
        /// Reading removes what was read (a queue).
        case consumes
        /// Picks its target by position (`…@1`): a repeat acts on another item.
        case positional
    }

    public var kind: Kind
    /// Why, in a few words of our own (never the page's sentence).
    public var reason: String
    public var line: Int

    public init(kind: Kind, reason: String, line: Int) {
        self.kind = kind
        self.reason = reason
        self.line = line
    }
}
