import B24DocModel

// REST 3.0's common list parameters have one form in every method (the REST 3.0 overview): `filter` is a list of
// conditions (`[[field, op, value]]`, `{"logic": "or", "conditions": […]}`), `order` an object of directions
// (`{"id": "ASC"}`), `pagination` an object of `page`/`limit`/`offset`. The runtime has a type for each
// (`Bitrix24V3.Filter`, `.Order`, `.Pagination`); a REST 3.0 method's argument takes it, unless its page documents
// the parameter's own fields (`call.followup.list`'s object `filter`, its cursor `pagination`), which then make a
// record as any documented object does.

extension NestedTypeBuilder {
    /// The runtime type of a REST 3.0 method's top-level parameter `node`, when it is one of the common ones the
    /// page does not describe field by field; `nil` for any other parameter.
    static func restV3CommonType(_ node: Node) -> SwiftType? {
        guard node.children.isEmpty else { return nil }
        let parsed = DocType.parse(node.type)?.type
        switch (node.name.trimmingSpaces().lowercased(), parsed) {
        case ("filter", nil), ("filter", .arrayOfObjects?), ("filter", .array?), ("filter", .scalar(.json)?), ("filter", .object?):
            return .record("Bitrix24V3.Filter")
        case ("order", nil), ("order", .object?):
            return .record("Bitrix24V3.Order")
        case ("pagination", nil), ("pagination", .object?):
            return .record("Bitrix24V3.Pagination")
        default:
            return nil
        }
    }

    /// The Swift type of a REST 3.0 method's top-level parameter: a common one's runtime type; a `filter` or
    /// `order` whose fields the page documents, a record of them (not the classic untyped dictionary); else as
    /// any parameter.
    mutating func resolveRESTv3Argument(_ node: Node, hint: String) -> SwiftType {
        let key = node.name.trimmingSpaces().lowercased()
        let common = Self.restV3CommonType(node)
        let documented = ["filter", "order"].contains(key) && !node.children.isEmpty
        guard common != nil || documented else { return resolve(node, hint: hint, prefix: "") }
        let type = common ?? .record(makeRecord(node.children, hint: hint, prefix: "", node: node))
        resolvedTypes.append(type)
        if countParameters {
            counted += 1
            concrete += 1
        }
        return type
    }
}
